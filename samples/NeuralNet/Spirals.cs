using System;

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>
    /// The classic spiral classification set (as in Karpathy's CS231n notes): each class an arm
    /// winding out from the centre, with angular noise, generated from a seed rather than downloaded.
    /// </summary>
    public sealed record Spirals(double[][] Points, int[] Labels, int Classes)
    {
        public int Count => Labels.Length;

        public static Spirals Generate(int classes, int pointsPerClass, double noise, int seed)
        {
            var random = new Random(seed);
            var points = new double[classes * pointsPerClass][];
            var labels = new int[points.Length];
            for (int c = 0; c < classes; c++)
            {
                for (int k = 0; k < pointsPerClass; k++)
                {
                    double radius = (k + 1.0) / pointsPerClass;
                    double angle = 4.0 * (c + radius) + noise * Gaussian(random);
                    int n = c * pointsPerClass + k;
                    points[n] = new[] { radius * Math.Sin(angle), radius * Math.Cos(angle) };
                    labels[n] = c;
                }
            }
            return new Spirals(points, labels, classes);
        }

        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
