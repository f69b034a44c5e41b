using System;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// Never time a wrong derivative: the woven derivatives must agree with the hand-written ones,
    /// and the hand-written gradient and tangent with each other (⟨∇f, v⟩ = ∂f/∂v), to
    /// <see cref="Tolerance"/> relative. Used by the benchmarks' global setups (in the process that
    /// times) and by Program before the run starts (to leave out what is not woven).
    /// </summary>
    internal static class DerivativeChecks
    {
        /// <summary>Relative to max(1, |expected|).</summary>
        public const double Tolerance = 1e-9;

        /// <summary>Inputs in [-2, 2] from a fixed seed: the same numbers in every process and run.</summary>
        public static double[] Vector(int n, int seed)
        {
            var random = new Random(seed);
            var values = new double[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = 4 * random.NextDouble() - 2;
            }

            return values;
        }

        /// <summary>The hand-written gradient and tangent agree with each other and with the primal.</summary>
        public static void HandWrittenAgree(double[] x, double[] v)
        {
            var gradient = new double[x.Length];
            Same("primal returned by SinProductGradByHand", Functions.SinProductGradByHand(x, gradient, 1.0), Functions.SinProduct(x));
            double along = 0;
            for (int i = 0; i < x.Length; i++)
            {
                along += gradient[i] * v[i];
            }

            Same("⟨SinProductGradByHand, v⟩ against SinProductTangentByHand(v)", along, Functions.SinProductTangentByHand(x, v));
        }

        /// <summary>
        /// SinProductGrad against SinProductGradByHand, seeded with 1 and with 2.5, into a shadow
        /// that already holds values (gradients are added, not stored). Throws
        /// <see cref="AutoDiffNotWovenException"/> as is when the derivative is not woven.
        /// </summary>
        public static void WovenGradientMatches(double[] x)
        {
            foreach (var seed in new[] { 1.0, 2.5 })
            {
                var start = Vector(x.Length, 7);
                var woven = (double[])start.Clone();
                var byHand = (double[])start.Clone();
                Same($"primal returned by SinProductGrad (dret = {seed})", Functions.SinProductGrad(x, woven, seed), Functions.SinProduct(x));
                Functions.SinProductGradByHand(x, byHand, seed);
                for (int i = 0; i < x.Length; i++)
                {
                    Same($"SinProductGrad: dx[{i}] (dret = {seed})", woven[i], byHand[i]);
                }
            }
        }

        /// <summary>
        /// SinProductTangent against SinProductTangentByHand along <paramref name="v"/>. Throws
        /// <see cref="AutoDiffNotWovenException"/> as is when the derivative is not woven.
        /// </summary>
        public static void WovenTangentMatches(double[] x, double[] v) =>
            Same("SinProductTangent", Functions.SinProductTangent(x, v), Functions.SinProductTangentByHand(x, v));

        /// <summary>The message a run gives for a derivative the weaver did not write.</summary>
        public static string NotWoven(string derivative) =>
            $"{derivative} is not woven: Benchmarks/AutoDiff.Benchmarks.csproj sets AutoDiffWeave=false until the engine " +
            "differentiates arrays and loops (remove that line once it does).";

        private static void Same(string what, double actual, double expected)
        {
            if (!(Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected))))
            {
                throw new DerivativeMismatchException($"{what}: {actual:R}, expected {expected:R} (relative tolerance {Tolerance}).");
            }
        }
    }

    /// <summary>A derivative that disagrees with its reference: the run stops rather than time it.</summary>
    internal sealed class DerivativeMismatchException : Exception
    {
        public DerivativeMismatchException(string message) : base(message)
        {
        }
    }
}
