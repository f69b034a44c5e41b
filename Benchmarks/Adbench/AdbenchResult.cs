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
            summaries.SelectMany(s => s.Reports.Select(r =>
            {
                var (objective, name) = Split(r.BenchmarkCase.Descriptor.Type.Name,
                    System.Convert.ToString(r.BenchmarkCase.Parameters["Case"], CultureInfo.InvariantCulture) ?? "");
                return new AdbenchResult(objective, name, r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                    r.Success ? r.ResultStatistics?.Mean : null,
                    r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0);
            })).ToList();

        /// <summary>
        /// Hand's cases ("simple_small_c100") make four series, one per variant and model: "Hand simple small", "c100";
        /// GMM's ("10k_d2_K5") one per number of points: "GMM 10k", "d2_K5".
        /// </summary>
        private static (string Objective, string Case) Split(string benchmarkClass, string name)
        {
            var objective = ObjectiveOf(benchmarkClass);
            var parts = name.Split('_');
            return objective switch
            {
                "Hand" => ($"Hand {parts[0]} {parts[1]}", parts[2]),
                "GMM" => ($"GMM {parts[0]}", name.Substring(parts[0].Length + 1)),
                _ => (objective, name),
            };
        }

        public static string ObjectiveOf(string benchmarkClass) => benchmarkClass switch
        {
            nameof(GmmBenchmarks) => "GMM",
            nameof(BaBenchmarks) => "BA",
            nameof(LstmBenchmarks) => "LSTM",
            nameof(HandBenchmarks) => "Hand",
            _ => benchmarkClass.Replace("Benchmarks", ""),
        };
    }
}
