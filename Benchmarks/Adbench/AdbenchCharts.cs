using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>One case on a chart: its size, the x axis's label, the line it belongs to ("" for one line per tool), and its two ratios.</summary>
    internal sealed record ChartPoint(double Size, string Axis, string Series, double? Woven, double? Manual);

    /// <summary>
    /// One PNG per objective (ScottPlot): gradient ÷ objective against problem size, a line for
    /// the woven derivative and one for the hand-written one (a pair per series, as GMM's d, in
    /// one colour: woven solid, manual dashed), the published ratios of other tools as shaded
    /// bands, and the target (3) as a dashed line.
    /// </summary>
    internal static class AdbenchCharts
    {
        public static void Write(string objective, IReadOnlyList<ChartPoint> points, string path)
        {
            var plot = new ScottPlot.Plot();
            // Pale fills, so that the bands never look like one of the lines drawn over them.
            var bands = new[] { ScottPlot.Colors.LightGreen, ScottPlot.Colors.Wheat, ScottPlot.Colors.Thistle };
            int colour = 0;
            foreach (var (_, tool, low, high) in PublishedRatios.For(objective))
            {
                var band = plot.Add.VerticalSpan(low, high);
                band.FillStyle.Color = bands[colour++ % bands.Length].WithAlpha(0.6);
                band.LineStyle.Width = 0;
                band.LegendText = $"{tool} (published) {low:0.0}–{high:0.0}";
            }

            var target = plot.Add.HorizontalLine(3);
            target.LinePattern = ScottPlot.LinePattern.Dotted;
            target.Color = ScottPlot.Colors.Gray;
            target.LegendText = "target: 3";

            var palette = new ScottPlot.Palettes.Category10();
            var series = points.Select(p => p.Series).Distinct().ToList();
            for (int s = 0; s < series.Count; s++)
            {
                var of = points.Where(p => p.Series == series[s]).ToList();
                var suffix = series[s].Length == 0 ? "" : ", " + series[s];
                var color = palette.GetColor(series.Count == 1 ? 0 : s);
                AddLine(plot, of.Where(p => p.Woven.HasValue).Select(p => (p.Size, p.Woven!.Value)).ToList(), "woven (AutoDiff.Weaver)" + suffix, color, ScottPlot.LinePattern.Solid);
                AddLine(plot, of.Where(p => p.Manual.HasValue).Select(p => (p.Size, p.Manual!.Value)).ToList(), "manual (hand-written C#)" + suffix,
                    series.Count == 1 ? palette.GetColor(1) : color, series.Count == 1 ? ScottPlot.LinePattern.Solid : ScottPlot.LinePattern.Dashed);
            }

            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic();
            plot.Title($"ADBench {objective}: derivative ÷ objective");
            plot.XLabel("log10 of problem size: " + (points.Count > 0 ? points[0].Axis : ""));
            plot.YLabel("time ratio (lower is better)");
            plot.Axes.SetLimitsY(0, System.Math.Max(6, points.SelectMany(p => new[] { p.Woven ?? 0, p.Manual ?? 0 }).DefaultIfEmpty(0).Max() * 1.1));
            plot.ShowLegend(ScottPlot.Edge.Right);
            plot.SavePng(path, 1100, 540);
        }

        private static void AddLine(ScottPlot.Plot plot, List<(double X, double Y)> line, string label, ScottPlot.Color color, ScottPlot.LinePattern pattern)
        {
            if (line.Count == 0) return;
            var ordered = line.OrderBy(p => p.X).ToList();
            // Sizes span orders of magnitude: log10 on x, labelled as such.
            var scatter = plot.Add.Scatter(ordered.Select(p => System.Math.Log10(p.X)).ToArray(), ordered.Select(p => p.Y).ToArray());
            scatter.LegendText = label;
            scatter.Color = color;
            scatter.LinePattern = pattern;
            scatter.MarkerSize = 7;
        }
    }
}
