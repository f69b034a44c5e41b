using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>One timed cell of a kernels run: kernel ("LogSinChain"), size N, method ("Objective", "Woven", "Manual"), mean time and bytes per call.</summary>
    internal sealed record KernelResult(string Kernel, int N, string Method, double? MeanNanoseconds, long Bytes)
    {
        /// <summary>The cells of BenchmarkDotNet summaries of the kernel classes ("LogSinChainBenchmarks" → "LogSinChain").</summary>
        public static List<KernelResult> From(IEnumerable<Summary> summaries) =>
            summaries.SelectMany(s => s.Reports.Select(r => new KernelResult(
                r.BenchmarkCase.Descriptor.Type.Name.Replace("Benchmarks", "", StringComparison.Ordinal),
                Convert.ToInt32(r.BenchmarkCase.Parameters["N"], CultureInfo.InvariantCulture),
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.Success ? r.ResultStatistics?.Mean : null,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0))).ToList();
    }
}
