using System;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// The checks a run makes before it times a derivative (ADBench's and the kernels'): a woven
    /// derivative against central differences on a few entries, and the hand-written one against
    /// the woven one on every entry. A mismatch throws <see cref="DerivativeMismatchException"/>,
    /// which stops the run: a wrong derivative is never timed.
    /// </summary>
    internal static class GradientChecks
    {
        /// <summary>Relative to max(1, |central difference|).</summary>
        private const double Tolerance = 1e-5;

        /// <summary>Central difference of <paramref name="f"/> in entry <paramref name="i"/> of <paramref name="x"/> (restored after).</summary>
        public static double Central(double[] x, int i, Func<double> f)
        {
            // A step of 1e-4: these objectives sum thousands of terms (|F| up to ~1e5), so a smaller step's
            // rounding (ε·|F|/h) exceeds the tolerance; the truncation error stays near h² = 1e-8.
            double keep = x[i], h = 1e-4 * Math.Max(1, Math.Abs(keep));
            x[i] = keep + h;
            double up = f();
            x[i] = keep - h;
            double down = f();
            x[i] = keep;
            return (up - down) / (2 * h);
        }

        /// <summary>The woven and the hand-written derivative, entry by entry (1e-9 relative).</summary>
        public static void Agree(string what, double[] woven, double[] manual)
        {
            for (int i = 0; i < woven.Length; i++)
            {
                if (Math.Abs(woven[i] - manual[i]) > 1e-9 * Math.Max(1, Math.Abs(manual[i])))
                {
                    throw new DerivativeMismatchException($"{what}[{i}]: woven {woven[i]}, hand-written {manual[i]}");
                }
            }
        }

        /// <summary>The primal value a derivative returns against the objective's (1e-9 relative).</summary>
        public static void SameValue(string what, double value, double objective)
        {
            if (!(Math.Abs(value - objective) <= 1e-9 * Math.Max(1, Math.Abs(objective))))
            {
                throw new DerivativeMismatchException($"{what}: {value}, the objective gives {objective}");
            }
        }

        /// <summary>A woven derivative against its central difference (<see cref="Tolerance"/> relative).</summary>
        public static void Compare(string what, double derivative, double reference)
        {
            if (Math.Abs(derivative - reference) > Tolerance * Math.Max(1, Math.Abs(reference)))
            {
                throw new DerivativeMismatchException($"{what}: woven {derivative}, central differences {reference}");
            }
        }
    }
}
