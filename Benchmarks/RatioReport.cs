using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;
using static AutoDiff.Benchmarks.SinProductBenchmarks.Names;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// After the run: the ratios the project tracks, from this run's own measurements (never from
    /// numbers taken on another day): gradient ÷ primal, tangent ÷ primal, and woven ÷ hand-written
    /// in each mode, next to the mean times and the bytes allocated per call. Printed to the
    /// console and written as markdown to the run's results folder.
    /// </summary>
    internal static class RatioReport
    {
        public const string FileName = "SinProduct-ratios.md";

        public static void Write(Summary summary, IReadOnlySet<string> notWoven, bool quick)
        {
            if (summary.Reports.Length == 0) return; // a --filter left out every SinProduct benchmark
            var cells = summary.Reports.ToDictionary(
                r => (r.BenchmarkCase.Descriptor.WorkloadMethod.Name, N: Convert.ToInt32(r.BenchmarkCase.Parameters["N"], CultureInfo.InvariantCulture)),
                r => new Cell(r.Success ? r.ResultStatistics?.Mean : null, r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)));
            var sizes = cells.Keys.Select(k => k.N).Distinct().OrderBy(n => n).ToList();

            string Time(string method, int n) =>
                cells.TryGetValue((method, n), out var c) && c.Mean is double mean
                    ? $"{FormatTime(mean)}, {FormatBytes(c.Bytes)}"
                    : cells.ContainsKey((method, n)) ? "failed" : notWoven.Contains(method) ? "not woven" : "not run";

            string Ratio(string numerator, string denominator, int n)
            {
                double? top = cells.TryGetValue((numerator, n), out var a) ? a.Mean : null;
                double? bottom = cells.TryGetValue((denominator, n), out var b) ? b.Mean : null;
                if (top is double t && bottom is double d && d > 0)
                {
                    return (t / d).ToString("0.00", CultureInfo.InvariantCulture) + "×";
                }

                string missing = top is null ? numerator : denominator;
                return cells.ContainsKey((missing, n)) ? "— (failed)" : notWoven.Contains(missing) ? "— (not woven)" : "— (not run)";
            }

            var text = new StringBuilder();
            text.AppendLine("# SinProduct: f(x) = Σ sin(x_i)·x_{i+1}");
            text.AppendLine();
            text.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {summary.HostEnvironmentInfo.RuntimeVersion}, " +
                            $"{summary.HostEnvironmentInfo.Architecture}, {Environment.ProcessorCount} logical cores{(quick ? ", quick mode (short runs: rough numbers)" : "")}.");
            text.AppendLine("Every derivative timed here was checked against its reference first (1e-9 relative).");
            text.AppendLine();
            text.AppendLine("## Ratios (same run)");
            text.AppendLine();
            text.AppendLine("| n | gradient ÷ primal (hand) | gradient ÷ primal (woven) | woven ÷ hand (reverse) | tangent ÷ primal (hand) | tangent ÷ primal (woven) | woven ÷ hand (forward) |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (int n in sizes)
            {
                text.AppendLine($"| {n} | {Ratio(GradientByHand, Primal, n)} | {Ratio(GradientWoven, Primal, n)} | {Ratio(GradientWoven, GradientByHand, n)} " +
                                $"| {Ratio(TangentByHand, Primal, n)} | {Ratio(TangentWoven, Primal, n)} | {Ratio(TangentWoven, TangentByHand, n)} |");
            }

            text.AppendLine();
            text.AppendLine("## Mean time and bytes allocated per call");
            text.AppendLine();
            text.AppendLine("| n | primal | gradient (hand) | gradient (woven) | tangent (hand) | tangent (woven) |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|");
            foreach (int n in sizes)
            {
                text.AppendLine($"| {n} | {Time(Primal, n)} | {Time(GradientByHand, n)} | {Time(GradientWoven, n)} | {Time(TangentByHand, n)} | {Time(TangentWoven, n)} |");
            }

            if (notWoven.Count > 0)
            {
                text.AppendLine();
                foreach (string method in notWoven.OrderBy(m => m, StringComparer.Ordinal))
                {
                    text.AppendLine($"- {method} left out of this run: " + DerivativeChecks.NotWoven(method == GradientWoven ? nameof(Functions.SinProductGrad) : nameof(Functions.SinProductTangent)));
                }
            }

            string markdown = text.ToString();
            Directory.CreateDirectory(summary.ResultsDirectoryPath);
            string path = Path.Combine(summary.ResultsDirectoryPath, FileName);
            File.WriteAllText(path, markdown);

            Console.WriteLine();
            Console.WriteLine(markdown);
            Console.WriteLine($"Ratios written to {path}");
        }

        private static string FormatTime(double nanoseconds) => nanoseconds switch
        {
            < 1e3 => $"{nanoseconds:0.0} ns",
            < 1e6 => $"{nanoseconds / 1e3:0.00} µs",
            _ => $"{nanoseconds / 1e6:0.00} ms",
        };

        private static string FormatBytes(long? bytes) => bytes is long b ? $"{b} B" : "? B";

        private readonly record struct Cell(double? Mean, long? Bytes);
    }
}
