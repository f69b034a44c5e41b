using System;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>Central differences: the independent reference every derivative test compares with.</summary>
    public static class FiniteDifferences
    {
        /// <summary>∂f/∂x at x, with a step relative to |x|.</summary>
        public static double Derivative(Func<double, double> f, double x)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(x));
            return (f(x + h) - f(x - h)) / (2 * h);
        }

        /// <summary>
        /// False at a kink or a jump (the one-sided differences disagree): there the derivative is
        /// not defined, AD picks one side, and central differences the average. Random programs use
        /// this to set such points aside rather than count them.
        /// </summary>
        public static bool IsSmooth(Func<double, double> f, double x)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(x));
            var (left, mid, right) = (f(x - h), f(x), f(x + h));
            var (backward, forward) = ((mid - left) / h, (right - mid) / h);
            return Math.Abs(forward - backward) <= 1e-4 * Math.Max(1, Math.Abs(forward) + Math.Abs(backward));
        }

        /// <summary>The gradient of f at point, one central difference per coordinate.</summary>
        public static double[] Gradient(Func<double[], double> f, params double[] point)
        {
            var g = new double[point.Length];
            for (int i = 0; i < point.Length; i++)
            {
                var copy = (double[])point.Clone();
                g[i] = Derivative(v => { copy[i] = v; return f(copy); }, point[i]);
            }
            return g;
        }

        /// <summary>A tolerance relative to the size of the expected value.</summary>
        public static double Tolerance(double expected, double relative = 1e-6) => relative * Math.Max(1, Math.Abs(expected));
    }
}
