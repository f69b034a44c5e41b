namespace AutoDiff.Cli.Check
{
    /// <summary>One scalar of the differentiated function's inputs or outputs: element <see cref="Element"/> of parameter <see cref="Parameter"/>, or the return value (parameter -1).</summary>
    internal readonly record struct Slot(int Parameter, int Element)
    {
        public const int Return = -1;

        public bool IsReturn => Parameter == Return;
    }
}
