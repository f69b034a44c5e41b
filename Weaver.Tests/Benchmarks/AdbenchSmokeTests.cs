using System;
using System.IO;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Benchmarks
{
    /// <summary>
    /// The benchmarks' short modes, run once per test run so that their code cannot rot (issues
    /// 11 and 12): Benchmarks/ is built in Release once, then run with <c>--adbench --smoke</c>
    /// (the smallest input of each ADBench objective) and with <c>--kernels --smoke</c> (issue 12's
    /// kernels, the double sums at n = 300 alone): every derivative checked before it is timed, a
    /// few short iterations, the results page written (to a scratch folder, not docs/). No time is
    /// asserted. (Named for the first of them: test runs that must not time anything leave these
    /// out by that name, FullyQualifiedName!~AdbenchSmoke.)
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public sealed class AdbenchSmokeTests
    {
        private string _project = "";
        private string _scratch = "";

        [OneTimeSetUp]
        public void BuildTheBenchmarks()
        {
            var root = Path.GetFullPath(typeof(AdbenchSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AutoDiffRepositoryRoot").Value!);
            _project = Path.Combine(root, "Benchmarks", "AutoDiff.Benchmarks.csproj");
            _scratch = Path.Combine(Path.GetTempPath(), "autodiff-benchmark-smoke-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_scratch);
            var build = DotnetCommand.Run(_scratch, null, "build", _project, "-c", "Release", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.That(build.Exit, Is.Zero, build.Output);
        }

        [OneTimeTearDown]
        public void RemoveTheScratchFolder()
        {
            try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
        }

        [Test]
        public void The_adbench_benchmarks_build_check_time_and_write_their_page()
        {
            FixturePaths.Adbench(); // skips (or in CI fails) without ADBench's data
            var output = Run("--adbench");

            var page = File.ReadAllText(Path.Combine(_scratch, "BenchmarkDotNet.Artifacts", "adbench-smoke", "benchmarks.md"));
            foreach (var objective in new[] { "GMM", "BA", "LSTM", "Hand simple small" })
            {
                Assert.That(page, Does.Contain("### " + objective), output);
            }
            Assert.That(page, Does.Not.Contain("failed"), page);
            var charts = Directory.GetFiles(Path.Combine(_scratch, "BenchmarkDotNet.Artifacts", "adbench-smoke", "benchmarks"), "*.png");
            Assert.That(charts, Has.Length.EqualTo(4));
            Assert.That(charts.Select(c => new FileInfo(c).Length), Has.All.GreaterThan(10_000), "a chart with something drawn in it");
        }

        [Test]
        public void The_kernel_benchmarks_check_time_and_write_their_page()
        {
            var output = Run("--kernels");

            var page = File.ReadAllText(Path.Combine(_scratch, "BenchmarkDotNet.Artifacts", "kernels-smoke", "kernels.md"));
            // One row per kernel (the double sums at n = 300 alone), each with three times and three ratios.
            foreach (var kernel in new[] { "| Σ log(1 + xᵢ²)·sin(xᵢ₊₁) + xᵢ·xᵢ₊₁ | n = 1,000 |", "| softmax cross-entropy of W·xᵣ, max subtracted | 1,000 rows, W 10×8 |",
                         "| Σᵢ Σⱼ aᵢ·bⱼ | n = 300 |", "| Σᵢ Σⱼ aᵢ·bⱼ·cos(aᵢ − bⱼ) | n = 300 |", "| ½‖tanh(W·x + b) − y‖² | 256 samples, W 32×16 |" })
            {
                var row = page.Split('\n').SingleOrDefault(line => line.StartsWith(kernel, StringComparison.Ordinal));
                Assert.That(row, Is.Not.Null, $"a row starting {kernel}\n{page}\n{output}");
                Assert.That(row!.Split('|', StringSplitOptions.RemoveEmptyEntries).Skip(2).Take(6), Has.All.Match(@"^ \d"), row);
            }
            Assert.That(page, Does.Not.Contain("failed"), page);
        }

        private string Run(string mode)
        {
            var run = DotnetCommand.Run(_scratch, null, "run", "-c", "Release", "--no-build", "--project", _project, "--", mode, "--smoke");
            Assert.That(run.Exit, Is.Zero, run.Output);
            return run.Output;
        }
    }
}
