namespace AutoDiff.Generator.Model
{
    /// <summary>Which attribute asked for the derivative.</summary>
    internal enum DerivativeMode
    {
        Reverse,
        Forward,
    }

    /// <summary>
    /// The generator's copy of <c>AutoDiff.Activity</c> (Runtime/Activity.cs). The generator must not
    /// load the runtime assembly into the compiler, so the values are mirrored here; a test checks
    /// the two enums stay identical.
    /// </summary>
    internal enum ActivityKind
    {
        Const = 0,
        Active = 1,
        ActiveOnly = 2,
        Duplicated = 3,
        DuplicatedOnly = 4,
        Dual = 5,
        DualOnly = 6,
    }
}
