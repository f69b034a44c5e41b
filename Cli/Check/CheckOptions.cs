namespace AutoDiff.Cli.Check
{
    /// <summary>How many points, from which seed, and how long arrays and spans are.</summary>
    internal sealed record CheckOptions(int Points, int Seed, int Size)
    {
        /// <summary>Candidate points tried per point wanted, before a derivative is skipped for want of points where the primal is finite.</summary>
        public const int AttemptsPerPoint = 20;
    }
}
