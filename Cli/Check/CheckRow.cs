namespace AutoDiff.Cli.Check
{
    internal enum CheckStatus
    {
        Pass,
        Fail,
        Skipped,
    }

    /// <summary>One line of check's table: a derivative (or a forward/reverse pair) and how it fared.</summary>
    internal sealed class CheckRow
    {
        private CheckRow(string name, CheckStatus status, int points, double? maxError, double? tolerance, string? detail)
        {
            Name = name;
            Status = status;
            Points = points;
            MaxError = maxError;
            Tolerance = tolerance;
            Detail = detail;
        }

        public string Name { get; }

        public CheckStatus Status { get; }

        /// <summary>Points compared at.</summary>
        public int Points { get; }

        public double? MaxError { get; }

        public double? Tolerance { get; }

        /// <summary>Why it was skipped, or where it failed worst.</summary>
        public string? Detail { get; }

        public static CheckRow Compared(string name, int points, Comparison comparison, string? where) =>
            new CheckRow(name, comparison.Passed ? CheckStatus.Pass : CheckStatus.Fail, points, comparison.MaxError, comparison.Tolerance,
                comparison.Passed ? null : where + comparison.Worst);

        public static CheckRow Failed(string name, int points, string why) => new CheckRow(name, CheckStatus.Fail, points, null, null, why);

        public static CheckRow Skipped(string name, string why) => new CheckRow(name, CheckStatus.Skipped, 0, null, null, why);
    }
}
