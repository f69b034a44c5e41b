using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>One timed cell of an ADBench run: objective, case, method ("Objective", "Woven", "Manual"), mean time and bytes per call.</summary>
    internal sealed record AdbenchResult(string Objective, string Case, string Method, double? MeanNanoseconds, long Bytes)
    {
        /// <summary>The cells of BenchmarkDotNet summaries of the ADBench classes (named "GmmBenchmarks" → "GMM" ...).</summary>
        public static List<AdbenchResult> From(IEnumerable<Summary> summaries) =>
            summaries.SelectMany(s => s.Reports.Select(r => new AdbenchResult(
                ObjectiveOf(r.BenchmarkCase.Descriptor.Type.Name),
                System.Convert.ToString(r.BenchmarkCase.Parameters["Case"], CultureInfo.InvariantCulture) ?? "",
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.Success ? r.ResultStatistics?.Mean : null,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0))).ToList();

        public static string ObjectiveOf(string benchmarkClass) => benchmarkClass switch
        {
            nameof(GmmBenchmarks) => "GMM",
            nameof(BaBenchmarks) => "BA",
            nameof(LstmBenchmarks) => "LSTM",
            _ => benchmarkClass.Replace("Benchmarks", ""),
        };
    }
}
