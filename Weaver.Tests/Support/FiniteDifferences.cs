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
            // Where f is smooth, forward and backward differences part by about h·f'' and come
            // together as h shrinks; at a kink they stay apart by the jump in slope.
            var mid = f(x);
            double Gap(double h) => (f(x + h) - mid) / h - (mid - f(x - h)) / h;
            var h = 1e-5 * Math.Max(1, Math.Abs(x));
            var (wide, narrow) = (Math.Abs(Gap(h)), Math.Abs(Gap(h / 10)));
            var scale = Math.Max(1, Math.Abs(Derivative(f, x)));
            return narrow <= 1e-6 * scale || narrow < 0.5 * wide;
        }

        /// <summary>
        /// False where f's size drowns the difference: rounding f (|f|·ε) over the step of
        /// <see cref="Derivative"/> exceeds a tenth of the tolerance for a derivative near
        /// <paramref name="derivative"/> (a program whose values grew to 10²⁴ has differences of 0).
        /// </summary>
        public static bool Resolves(double f, double x, double derivative)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(x));
            return Math.Abs(f) * 2.3e-16 / h <= 0.1 * Tolerance(derivative, 1e-5);
        }

        /// <summary>
        /// True when central differences settle: the step of <see cref="Derivative"/> and one ten
        /// times smaller agree to 1e-6. Chaotic programs (a value fed through sin of itself, over
        /// and over) curve too sharply for the step, and their differences are no reference.
        /// </summary>
        public static bool Converges(Func<double, double> f, double x)
        {
            var h = 1e-5 * Math.Max(1, Math.Abs(x));
            var (coarse, fine) = ((f(x + h) - f(x - h)) / (2 * h), (f(x + h / 10) - f(x - h / 10)) / (h / 5));
            return Math.Abs(coarse - fine) <= 1e-6 * Math.Max(1, Math.Abs(fine));
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

        /// <summary>Asserts <paramref name="actual"/> is f's gradient at <paramref name="at"/>, entry by entry, to <see cref="Tolerance"/>.</summary>
        public static void AssertGradient(double[] actual, Func<double[], double> f, double[] at, string where)
        {
            var expected = Gradient(f, at);
            for (int k = 0; k < at.Length; k++)
            {
                NUnit.Framework.Assert.That(actual[k], NUnit.Framework.Is.EqualTo(expected[k]).Within(Tolerance(expected[k])), $"{where}: ∂[{k}]");
            }
        }

        /// <summary>A tolerance relative to the size of the expected value.</summary>
        public static double Tolerance(double expected, double relative = 1e-6) => relative * Math.Max(1, Math.Abs(expected));
    }
}
