using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// One PNG per objective (ScottPlot): gradient ÷ objective against problem size, a line for
    /// the woven derivative and one for the hand-written one, the published ratios of other tools
    /// as shaded bands, and the target (3) as a dashed line.
    /// </summary>
    internal static class AdbenchCharts
    {
        public static void Write(string objective, IReadOnlyList<(double Size, string Axis, double? Woven, double? Manual)> points, string path)
        {
            var plot = new ScottPlot.Plot();
            var palette = new ScottPlot.Palettes.Category10();
            int colour = 2;
            foreach (var (_, tool, low, high) in PublishedRatios.All.Where(r => r.Objective == objective))
            {
                var band = plot.Add.VerticalSpan(low, high);
                band.FillStyle.Color = palette.GetColor(colour++).WithAlpha(0.18);
                band.LineStyle.Width = 0;
                band.LegendText = $"{tool} (published) {low:0.0}–{high:0.0}";
            }

            var target = plot.Add.HorizontalLine(3);
            target.LinePattern = ScottPlot.LinePattern.Dashed;
            target.Color = ScottPlot.Colors.Gray;
            target.LegendText = "target: 3";

            AddLine(plot, points.Where(p => p.Woven.HasValue).Select(p => (p.Size, p.Woven!.Value)).ToList(), "woven (AutoDiff.Weaver)", palette.GetColor(0));
            AddLine(plot, points.Where(p => p.Manual.HasValue).Select(p => (p.Size, p.Manual!.Value)).ToList(), "manual (hand-written C#)", palette.GetColor(1));

            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic();
            plot.Title($"ADBench {objective}: derivative ÷ objective");
            plot.XLabel("log10 of problem size: " + (points.Count > 0 ? points[0].Axis : ""));
            plot.YLabel("time ratio (lower is better)");
            plot.Axes.SetLimitsY(0, System.Math.Max(6, points.SelectMany(p => new[] { p.Woven ?? 0, p.Manual ?? 0 }).DefaultIfEmpty(0).Max() * 1.1));
            plot.ShowLegend(ScottPlot.Edge.Right);
            plot.SavePng(path, 1100, 540);
        }

        private static void AddLine(ScottPlot.Plot plot, List<(double X, double Y)> line, string label, ScottPlot.Color color)
        {
            if (line.Count == 0) return;
            var ordered = line.OrderBy(p => p.X).ToList();
            // Sizes span orders of magnitude: log10 on x, labelled as such.
            var scatter = plot.Add.Scatter(ordered.Select(p => System.Math.Log10(p.X)).ToArray(), ordered.Select(p => p.Y).ToArray());
            scatter.LegendText = label;
            scatter.Color = color;
            scatter.MarkerSize = 7;
        }
    }
}
