using System.Linq;
using ScottPlot;

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>The class the trained network gives every point of the plane, with the training points on top; the loss per epoch below.</summary>
    public static class TrainingChart
    {
        private static readonly Color[] ClassColors = { Colors.SteelBlue, Colors.OrangeRed, Colors.SeaGreen };

        public static void Write(Network net, Spirals data, TrainingRun run, string path, int resolution = 150)
        {
            var chart = new Multiplot();
            chart.AddPlots(2);
            var regions = chart.GetPlot(0);
            var losses = chart.GetPlot(1);

            // Decision regions: one cell per grid point, coloured by the predicted class.
            var predicted = new double[resolution, resolution];
            const double extent = 1.2;
            for (int row = 0; row < resolution; row++)
                for (int col = 0; col < resolution; col++)
                {
                    double x = -extent + 2 * extent * (col + 0.5) / resolution;
                    double y = extent - 2 * extent * (row + 0.5) / resolution;
                    predicted[row, col] = Training.Predict(net, new[] { x, y });
                }
            var map = regions.Add.Heatmap(predicted);
            map.Colormap = new ClassColormap(ClassColors.Select(c => c.Lighten(0.6)).ToArray());
            map.Extent = new CoordinateRect(-extent, extent, -extent, extent);
            for (int c = 0; c < data.Classes; c++)
            {
                var members = Enumerable.Range(0, data.Count).Where(n => data.Labels[n] == c).ToArray();
                var dots = regions.Add.ScatterPoints(members.Select(n => data.Points[n][0]).ToArray(), members.Select(n => data.Points[n][1]).ToArray());
                dots.Color = ClassColors[c];
                dots.MarkerSize = 5;
            }
            regions.Title($"Spirals: decision regions after training (accuracy {Training.Accuracy(net, data):P1})");
            regions.Axes.SquareUnits();

            var curve = losses.Add.ScatterLine(Enumerable.Range(1, run.EpochLosses.Count).Select(e => (double)e).ToArray(), run.EpochLosses.ToArray());
            curve.LineWidth = 2;
            losses.Axes.SetLimitsY(0, run.EpochLosses.Max() * 1.05);
            losses.XLabel("epoch");
            losses.YLabel("mean cross-entropy");
            chart.SavePng(path, 800, 1100);
        }

        /// <summary>Class k (the heatmap's value k) in colour k: a colormap that is a palette.</summary>
        private sealed class ClassColormap : IColormap
        {
            private readonly Color[] _colors;

            public ClassColormap(Color[] colors) => _colors = colors;

            public string Name => "classes";

            // The heatmap hands over values scaled to [0, 1] from [min, max] of the data: 0, 0.5, 1 for three classes.
            public Color GetColor(double position) => _colors[(int)System.Math.Round(position * (_colors.Length - 1))];
        }
    }
}
