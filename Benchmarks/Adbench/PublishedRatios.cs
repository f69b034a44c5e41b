namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// Gradient ÷ objective that other tools reach, as published, drawn as fixed bands on the
    /// charts. Only what has a source is here: GradBench's GMM results for Manual, Tapenade and
    /// Enzyme, as quoted in this project's ADBench issue (not re-measured on this machine).
    /// </summary>
    internal static class PublishedRatios
    {
        public const string Source = "GradBench (github.com/gradbench/gradbench), GMM gradient ÷ objective over its sizes";

        /// <summary>The bands for a page section ("GMM 10k" takes GMM's).</summary>
        public static System.Collections.Generic.IEnumerable<(string Objective, string Tool, double Low, double High)> For(string section) =>
            System.Linq.Enumerable.Where(All, r => section == r.Objective || section.StartsWith(r.Objective + " ", System.StringComparison.Ordinal));

        public static readonly (string Objective, string Tool, double Low, double High)[] All =
        {
            ("GMM", "Manual", 1.7, 3.3),
            ("GMM", "Tapenade", 3.6, 4.4),
            ("GMM", "Enzyme", 4.2, 5.1),
        };
    }
}
