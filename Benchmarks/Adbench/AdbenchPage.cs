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
        public const string Begin = "<!-- results:begin (written by `dotnet run -c Release --project Benchmarks -- --adbench`; edit outside these markers) -->";
        public const string End = "<!-- results:end -->";

        private const double RatioTarget = 3, WovenOverManualTarget = 1.3;

        public static void Write(IReadOnlyList<AdbenchResult> results, HostEnvironmentInfo host, string docs, bool smoke)
        {
            var charts = Path.Combine(docs, "benchmarks");
            Directory.CreateDirectory(charts);
            var text = new StringBuilder();
            text.AppendLine(Begin);
            text.AppendLine();
            text.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {ProcessorName()} " +
                            $"({Environment.ProcessorCount} logical cores), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {host.RuntimeVersion}" +
                            (smoke ? ", **smoke run** (smallest sizes, few iterations: rough numbers)." : "."));
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
            text.AppendLine(End);
            Splice(Path.Combine(docs, "benchmarks.md"), text.ToString());
        }

        /// <summary>Sections in ADBench's order of objectives, GMM's smaller set of points first.</summary>
        private static int SectionOrder(string objective)
        {
            var order = new[] { "GMM 1k", "GMM 10k", "BA", "Hand", "LSTM" };
            var index = Array.FindIndex(order, o => objective == o || objective.StartsWith(o + " ", StringComparison.Ordinal));
            return index < 0 ? order.Length : index;
        }

        /// <summary>The CPU's model name (Linux: /proc/cpuinfo), or what the runtime knows.</summary>
        private static string ProcessorName()
        {
            const string cpuinfo = "/proc/cpuinfo";
            var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line != null ? line.Substring(line.IndexOf(':') + 1).Trim() : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture + " CPU";
        }

        private static double? Ratio(AdbenchResult? top, AdbenchResult? bottom) =>
            top?.MeanNanoseconds is double t && bottom?.MeanNanoseconds is double b && b > 0 ? t / b : null;

        private static string Mark(double? ratio, double target) =>
            ratio is double r ? r.ToString("0.00", CultureInfo.InvariantCulture) + (r > target ? " ✗" : "") : "—";

        private static string Time(AdbenchResult? cell)
        {
            if (cell == null) return "—";
            if (cell.MeanNanoseconds is not double ns) return "failed";
            string time = ns >= 1e9 ? $"{ns / 1e9:0.00} s" : ns >= 1e6 ? $"{ns / 1e6:0.00} ms" : ns >= 1e3 ? $"{ns / 1e3:0.0} µs" : $"{ns:0} ns";
            string bytes = cell.Bytes >= 1 << 20 ? $"{cell.Bytes / (double)(1 << 20):0.0} MB" : cell.Bytes >= 1024 ? $"{cell.Bytes / 1024.0:0.0} KB" : $"{cell.Bytes} B";
            return $"{time.ToString(CultureInfo.InvariantCulture)}, {bytes}";
        }

        /// <summary>Puts <paramref name="results"/> between the markers of the page (or makes a page with them).</summary>
        private static void Splice(string page, string results)
        {
            var old = File.Exists(page) ? File.ReadAllText(page) : "# ADBench: woven derivatives against hand-written ones\n\n" + Begin + "\n" + End + "\n";
            int begin = old.IndexOf(Begin, StringComparison.Ordinal), end = old.IndexOf(End, StringComparison.Ordinal);
            if (begin < 0 || end < begin) throw new InvalidOperationException($"{page} has no results markers ({Begin} … {End}); put them where the results go.");
            File.WriteAllText(page, old.Substring(0, begin) + results + old.Substring(end + End.Length).TrimStart('\n', '\r').Insert(0, "\n"));
        }
    }
}
