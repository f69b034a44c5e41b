using System;
using static AutoDiff.Activity;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// A pair potential over 2-D points packed in a double[] (x₀, y₀, x₁, y₁, ...), written twice:
    /// as one method, and split the way people write it — a point struct read from the array, its
    /// squared distance through a Sq helper, the pair term in a helper that calls another. The
    /// weaver inlines the helpers, so both gradients should cost the same.
    /// E = Σ_{i&lt;j} 1/(r²+½) + √(r²+1)/10.
    /// </summary>
    public static partial class HelperKernel
    {
        [AutoDiffReverse("OneMethodGrad", Duplicated, Active)]
        public static double OneMethod(double[] x)
        {
            double e = 0;
            int n = x.Length / 2;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    double dx = x[2 * i] - x[2 * j];
                    double dy = x[2 * i + 1] - x[2 * j + 1];
                    double r2 = dx * dx + dy * dy;
                    e += 1 / (r2 + 0.5) + Math.Sqrt(r2 + 1) * 0.1;
                }
            }
            return e;
        }

        [AutoDiffReverse("HelpersGrad", Duplicated, Active)]
        public static double WithHelpers(double[] x)
        {
            double e = 0;
            int n = x.Length / 2;
            for (int i = 0; i < n; i++)
            {
                var pi = Point2.At(x, i);
                for (int j = i + 1; j < n; j++) e += PairTerm(pi.DistanceSquared(Point2.At(x, j)));
            }
            return e;
        }

        private static double PairTerm(double r2) => 1 / (r2 + 0.5) + Root(r2) * 0.1;

        private static double Root(double r2) => Math.Sqrt(r2 + 1);

        /// <summary>Points in [-2, 2]² from a fixed seed.</summary>
        public static double[] Points(int n, int seed)
        {
            var random = new Random(seed);
            var x = new double[2 * n];
            for (int k = 0; k < x.Length; k++) x[k] = 4 * random.NextDouble() - 2;
            return x;
        }

        /// <summary>Both woven gradients agree with each other and with central differences at a few coordinates.</summary>
        public static void GradientsMatch(double[] x)
        {
            var one = new double[x.Length];
            var split = new double[x.Length];
            double e1 = OneMethodGrad(x, one, 1.0), e2 = HelpersGrad(x, split, 1.0);
            if (Math.Abs(e1 - e2) > 1e-9 * Math.Abs(e1) || Math.Abs(e1 - OneMethod(x)) > 1e-9 * Math.Abs(e1))
            {
                throw new DerivativeMismatchException($"HelperKernel: values {e1}, {e2}, primal {OneMethod(x)}");
            }
            for (int k = 0; k < x.Length; k++)
            {
                if (Math.Abs(one[k] - split[k]) > 1e-9 * (1 + Math.Abs(one[k])))
                {
                    throw new DerivativeMismatchException($"HelperKernel: ∂x[{k}] one method {one[k]}, with helpers {split[k]}");
                }
            }
            foreach (var k in new[] { 0, x.Length / 2, x.Length - 1 })
            {
                var copy = (double[])x.Clone();
                var h = 1e-6;
                copy[k] = x[k] + h;
                var up = WithHelpers(copy);
                copy[k] = x[k] - h;
                var central = (up - WithHelpers(copy)) / (2 * h);
                if (Math.Abs(central - split[k]) > 1e-5 * (1 + Math.Abs(central)))
                {
                    throw new DerivativeMismatchException($"HelperKernel: ∂x[{k}] woven {split[k]}, central differences {central}");
                }
            }
        }
    }

    /// <summary>A point read from packed coordinates, as helper-style code writes it.</summary>
    public readonly struct Point2
    {
        public readonly double X, Y;

        public Point2(double x, double y)
        {
            X = x;
            Y = y;
        }

        public static Point2 At(double[] packed, int i) => new Point2(packed[2 * i], packed[2 * i + 1]);

        public double DistanceSquared(in Point2 o) => Sq(X - o.X) + Sq(Y - o.Y);

        private static double Sq(double d) => d * d;
    }
}
