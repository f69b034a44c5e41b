using System.Linq;
using ScottPlot;

namespace AutoDiff.Samples.ParameterFit
{
    /// <summary>The observations as dots, the model at the initial guess dashed, the fitted model solid.</summary>
    public static class FitChart
    {
        public static void Write(Observations data, Rates initialGuess, Rates fitted, string path)
        {
            var plot = new Plot();
            plot.Title("Lotka–Volterra rates estimated from noisy counts (L-BFGS, woven gradient)");
            plot.XLabel("time");
            plot.YLabel("population");
            double[] times = Enumerable.Range(0, data.Count).Select(k => k * data.SampleInterval).ToArray();
            var (guessPrey, guessPredators) = data.Predict(initialGuess);
            var (fitPrey, fitPredators) = data.Predict(fitted);
            foreach (var (name, observed, guess, fit, color) in new[]
                     {
                         ("prey", data.Prey, guessPrey, fitPrey, Colors.SteelBlue),
                         ("predators", data.Predators, guessPredators, fitPredators, Colors.OrangeRed),
                     })
            {
                var dots = plot.Add.ScatterPoints(times, observed);
                dots.Color = color;
                dots.MarkerSize = 6;
                dots.LegendText = $"{name}, observed";
                var start = plot.Add.ScatterLine(times, guess);
                start.Color = color.WithAlpha(0.5);
                start.LinePattern = LinePattern.Dashed;
                start.LineWidth = 1.5f;
                start.LegendText = $"{name}, initial guess";
                var line = plot.Add.ScatterLine(times, fit);
                line.Color = color;
                line.LineWidth = 2;
                line.LegendText = $"{name}, fitted";
            }
            plot.ShowLegend(Edge.Right);
            plot.SavePng(path, 1100, 500);
        }
    }
}
