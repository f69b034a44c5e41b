using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>
    /// <c>--kernels</c>: issue 12's kernels (objective, woven gradient, hand-written gradient),
    /// then the results part of docs/kernels.md rewritten from this run. <c>--kernels --smoke</c>:
    /// the smaller size of the double sums, a few short iterations in this process, and the page
    /// written to BenchmarkDotNet.Artifacts/kernels-smoke/ instead of docs/: what CI runs so that
    /// this code cannot rot (a test in Weaver.Tests/Benchmarks runs it).
    /// </summary>
    internal static class KernelRun
    {
        private static readonly Type[] Benchmarks =
        {
            typeof(LogSinChainBenchmarks), typeof(SoftmaxCrossEntropyBenchmarks), typeof(PairProductBenchmarks),
            typeof(PairCosineBenchmarks), typeof(DenseLayerLossBenchmarks),
        };

        public static int Run(bool smoke, string[] benchmarkArgs)
        {
            if (smoke) Environment.SetEnvironmentVariable(KernelSizes.SmokeVariable, "1");

            // A full run: one process per benchmark, 3 warm-up and 10 measured iterations (these calls
            // take microseconds to milliseconds, so each iteration still makes many calls). Smoke: in
            // this process, as ADBench's smoke run.
            var job = smoke
                ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(50))
                    .WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke")
                : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Kernels");
            var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job).WithOptions(ConfigOptions.JoinSummary);

            Summary[] summaries;
            try
            {
                summaries = BenchmarkRunner.Run(Benchmarks, config, benchmarkArgs);
            }
            catch (DerivativeMismatchException e)
            {
                Console.Error.WriteLine($"A derivative is wrong, nothing is timed: {e.Message}");
                return 1;
            }

            var results = KernelResult.From(summaries);
            var folder = smoke ? Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "kernels-smoke") : Path.Combine(ResultsPage.RepositoryRoot(), "docs");
            Directory.CreateDirectory(folder);
            if (results.Count > 0) KernelPage.Write(results, summaries[0].HostEnvironmentInfo, folder, smoke);
            Console.WriteLine($"Kernels: {results.Count} timings written to {Path.Combine(folder, KernelPage.FileName)}.");

            bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) || results.Count == 0;
            return failed ? 1 : 0;
        }
    }
}
