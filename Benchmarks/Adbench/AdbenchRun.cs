using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// <c>--adbench</c>: every ADBench objective over its sizes (objective, woven derivative,
    /// hand-written derivative), then docs/benchmarks.md and its charts rewritten from this run.
    /// <c>--adbench --smoke</c>: the smallest size of each, a few short iterations in this process,
    /// and the page written to BenchmarkDotNet.Artifacts/adbench-smoke/ instead of docs/: what CI
    /// runs so that this code cannot rot (a test in Weaver.Tests/Benchmarks runs it).
    /// </summary>
    internal static class AdbenchRun
    {
        public static int Run(bool smoke, string[] benchmarkArgs)
        {
            if (AdbenchData.Folder == null)
            {
                Console.Error.WriteLine("ADBench's data (shared/adbench) is not beside the repository: nothing to run.");
                return 2;
            }
            if (smoke) Environment.SetEnvironmentVariable(AdbenchSizes.SmokeVariable, "1");

            // A full run: one process per benchmark, 3 warm-up and 7 measured iterations (BenchmarkDotNet's
            // default asks for many more; these ratios do not need its last digit). Smoke: in this process.
            var job = smoke
                ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(50))
                    .WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke")
                : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(7).WithId("Adbench");
            var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job).WithOptions(ConfigOptions.JoinSummary);

            Summary[] summaries;
            try
            {
                summaries = BenchmarkRunner.Run(new[] { typeof(GmmBenchmarks), typeof(BaBenchmarks), typeof(LstmBenchmarks), typeof(HandBenchmarks) }, config, benchmarkArgs);
            }
            catch (DerivativeMismatchException e)
            {
                Console.Error.WriteLine($"A derivative is wrong, nothing is timed: {e.Message}");
                return 1;
            }

            var results = AdbenchResult.From(summaries);
            var docs = smoke ? Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "adbench-smoke") : Path.Combine(ResultsPage.RepositoryRoot(), "docs");
            Directory.CreateDirectory(docs);
            AdbenchPage.Write(results, summaries[0].HostEnvironmentInfo, docs, smoke);
            Console.WriteLine($"ADBench: {results.Count} timings written to {Path.Combine(docs, "benchmarks.md")}.");

            bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) || results.Count == 0;
            return failed ? 1 : 0;
        }
    }
}
