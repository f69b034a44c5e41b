using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Environments;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// docs/benchmarks.md from one run: the machine and date, a table per objective (times, bytes
    /// per call, derivative ÷ objective for woven and manual, woven ÷ manual, each against its
    /// target) and a chart per objective in docs/benchmarks/. Only the part between the results
    /// markers is replaced: the analysis written by hand around it stays.
    /// </summary>
    internal static class AdbenchPage
    {
        private static readonly string Begin = ResultsPage.Begin("dotnet run -c Release --project Benchmarks -- --adbench");

        private const double RatioTarget = 3, WovenOverManualTarget = 1.3;

        public static void Write(IReadOnlyList<AdbenchResult> results, HostEnvironmentInfo host, string docs, bool smoke)
        {
            var charts = Path.Combine(docs, "benchmarks");
            Directory.CreateDirectory(charts);
            var text = new StringBuilder();
            text.AppendLine(Begin);
            text.AppendLine();
            text.AppendLine(ResultsPage.Measured(host, smoke, "smallest sizes, few iterations"));
            text.AppendLine("Every derivative timed was first checked against central differences on this input; the tests check every entry against ADBench's references.");
            text.AppendLine($"Targets: derivative ÷ objective ≤ {RatioTarget}, woven ÷ manual ≤ {WovenOverManualTarget} (✗ marks a miss).");
            text.AppendLine();

            foreach (var objective in results.Select(r => r.Objective).Distinct().OrderBy(SectionOrder).ThenBy(o => o, StringComparer.Ordinal))
            {
                var cases = results.Where(r => r.Objective == objective).Select(r => r.Case).Distinct()
                    .OrderBy(c => AdbenchSizeOf.Of(objective, c).Value).ToList();
                text.AppendLine($"### {objective}");
                text.AppendLine();
                text.AppendLine("| case | size | objective | woven | manual | woven ÷ objective | manual ÷ objective | woven ÷ manual |");
                text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
                var points = new List<ChartPoint>();
                foreach (var c in cases)
                {
                    AdbenchResult? Cell(string method) => results.SingleOrDefault(r => r.Objective == objective && r.Case == c && r.Method == method);
                    var objectiveCell = Cell("Objective");
                    var woven = Cell("Woven");
                    var manual = Cell("Manual");
                    double? wovenRatio = Ratio(woven, objectiveCell), manualRatio = Ratio(manual, objectiveCell), wovenOverManual = Ratio(woven, manual);
                    var (size, axis, series) = AdbenchSizeOf.Of(objective, c);
                    points.Add(new ChartPoint(size, axis, series, wovenRatio, manualRatio));
                    text.AppendLine($"| {c} | {size.ToString("N0", CultureInfo.InvariantCulture)} | {Time(objectiveCell)} | {Time(woven)} | {Time(manual)} | " +
                                    $"{Mark(wovenRatio, RatioTarget)} | {Mark(manualRatio, RatioTarget)} | {Mark(wovenOverManual, WovenOverManualTarget)} |");
                }
                var chart = objective.ToLowerInvariant().Replace(' ', '-') + ".png";
                AdbenchCharts.Write(objective, points, Path.Combine(charts, chart));
                text.AppendLine();
                text.AppendLine($"![{objective}: derivative ÷ objective against size](benchmarks/{chart})");
                text.AppendLine();
            }
            text.AppendLine($"Published bands: {PublishedRatios.Source}.");
            text.AppendLine();
            text.AppendLine(ResultsPage.End);
            ResultsPage.Splice(Path.Combine(docs, "benchmarks.md"), Begin, "# ADBench: woven derivatives against hand-written ones", text.ToString());
        }

        /// <summary>Sections in ADBench's order of objectives, GMM's smaller set of points first.</summary>
        private static int SectionOrder(string objective)
        {
            var order = new[] { "GMM 1k", "GMM 10k", "BA", "Hand", "LSTM" };
            var index = Array.FindIndex(order, o => objective == o || objective.StartsWith(o + " ", StringComparison.Ordinal));
            return index < 0 ? order.Length : index;
        }

        private static double? Ratio(AdbenchResult? top, AdbenchResult? bottom) => ResultsPage.Ratio(top?.MeanNanoseconds, bottom?.MeanNanoseconds);

        private static string Mark(double? ratio, double target) => ResultsPage.Mark(ratio, target);

        private static string Time(AdbenchResult? cell) => cell == null ? "—" : ResultsPage.Time(cell.MeanNanoseconds, cell.Bytes);
    }
}
