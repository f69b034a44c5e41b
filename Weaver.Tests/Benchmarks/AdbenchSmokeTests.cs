using System;
using System.IO;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Benchmarks
{
    /// <summary>
    /// The ADBench benchmarks' short mode, run once per test run so that code cannot rot (issue
    /// 11): Benchmarks/ is built in Release and run with <c>--adbench --smoke</c> — the smallest
    /// input of each objective, every derivative checked before it is timed, a few short iterations,
    /// the results page and its charts written (to a scratch folder, not docs/). No time is asserted.
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public sealed class AdbenchSmokeTests
    {
        [Test]
        public void The_adbench_benchmarks_build_check_time_and_write_their_page()
        {
            FixturePaths.Adbench(); // skips (or in CI fails) without ADBench's data
            var root = Path.GetFullPath(typeof(AdbenchSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AutoDiffRepositoryRoot").Value!);
            var project = Path.Combine(root, "Benchmarks", "AutoDiff.Benchmarks.csproj");
            var scratch = Path.Combine(Path.GetTempPath(), "autodiff-adbench-smoke-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(scratch);
            try
            {
                var build = DotnetCommand.Run(scratch, null, "build", project, "-c", "Release", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
                Assert.That(build.Exit, Is.Zero, build.Output);
                var run = DotnetCommand.Run(scratch, null, "run", "-c", "Release", "--no-build", "--project", project, "--", "--adbench", "--smoke");
                Assert.That(run.Exit, Is.Zero, run.Output);

                var page = File.ReadAllText(Path.Combine(scratch, "BenchmarkDotNet.Artifacts", "adbench-smoke", "benchmarks.md"));
                foreach (var objective in new[] { "GMM", "BA", "LSTM", "Hand simple small" })
                {
                    Assert.That(page, Does.Contain("### " + objective), run.Output);
                }
                Assert.That(page, Does.Not.Contain("failed"), page);
                var charts = Directory.GetFiles(Path.Combine(scratch, "BenchmarkDotNet.Artifacts", "adbench-smoke", "benchmarks"), "*.png");
                Assert.That(charts, Has.Length.EqualTo(4));
                Assert.That(charts.Select(c => new FileInfo(c).Length), Has.All.GreaterThan(10_000), "a chart with something drawn in it");
            }
            finally
            {
                try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
            }
        }
    }
}
