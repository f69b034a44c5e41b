using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using ScottPlot;

namespace AutoDiff.Samples.Physics
{
    /// <summary>The flights the search tried: a side view (height over downrange distance) above a top view (crosswind drift).</summary>
    public static class TrajectoryChart
    {
        public static void Write(Scenario scenario, IReadOnlyList<Attempt> attempts, string path)
        {
            var chart = new ScottPlot.Multiplot();
            chart.AddPlots(2);
            var side = chart.GetPlot(0);
            var top = chart.GetPlot(1);
            side.Title("Projectile with drag: gradient descent on the launch velocity");
            side.YLabel("height (m)");
            top.XLabel("downrange (m)");
            top.YLabel("drift with the wind (m)");

            var shown = Shown(attempts);
            for (int k = 0; k < shown.Count; k++)
            {
                var flight = scenario.Trajectory(shown[k].Velocity);
                var xs = flight.Select(p => (double)p.X).ToArray();
                var color = ScottPlot.Colors.Blue.WithAlpha(k == shown.Count - 1 ? 1.0 : 0.25 + 0.5 * k / shown.Count);
                string label = $"iteration {shown[k].Iteration}: misses by {shown[k].MissDistance:F2} m";
                AddLine(side, xs, flight.Select(p => (double)p.Y).ToArray(), color, null);
                AddLine(top, xs, flight.Select(p => (double)p.Z).ToArray(), color, label);
            }
            foreach (var (plot, y) in new[] { (side, scenario.Target.Y), (top, scenario.Target.Z) })
            {
                var target = plot.Add.Marker(scenario.Target.X, y, ScottPlot.MarkerShape.FilledCircle, 12);
                target.Color = ScottPlot.Colors.Red;
            }
            // The top view's upper left is empty: the first throws drift with the wind, the later ones are aimed against it.
            top.ShowLegend(ScottPlot.Alignment.UpperLeft);
            chart.SavePng(path, 1100, 800);
        }

        /// <summary>The first attempts, a few spread over the rest, and the last.</summary>
        private static List<Attempt> Shown(IReadOnlyList<Attempt> attempts)
        {
            var picked = new SortedSet<int> { 0, 1, 2, attempts.Count - 1 };
            for (int k = 4; k < attempts.Count; k *= 2) picked.Add(k);
            return picked.Where(k => k < attempts.Count).Select(k => attempts[k]).ToList();
        }

        private static void AddLine(ScottPlot.Plot plot, double[] xs, double[] ys, ScottPlot.Color color, string? label)
        {
            var line = plot.Add.ScatterLine(xs, ys);
            line.Color = color;
            line.LineWidth = 2;
            if (label != null) line.LegendText = label;
        }
    }
}
