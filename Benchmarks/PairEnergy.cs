using System;
using System.Numerics;
using static AutoDiff.Activity;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// E(p) = Σ_{i&lt;j} 1/|p_i − p_j| over Vector3 positions: simulation code written with
    /// System.Numerics, a nested loop over pairs, a struct local per pair. The woven gradient is
    /// compared with the one a person writes with the same Vector3 operations.
    /// </summary>
    public static partial class PairEnergy
    {
        /// <summary>The primal. Woven: <c>float EnergyGrad(Vector3[] p, Vector3[] dp, float dret)</c> returns E and adds dret·∇E into dp.</summary>
        [AutoDiffReverse("EnergyGrad", Duplicated, Active)]
        public static float Energy(Vector3[] p)
        {
            float e = 0;
            for (int i = 0; i < p.Length; i++)
            {
                for (int j = i + 1; j < p.Length; j++)
                {
                    e += 1f / Vector3.Distance(p[i], p[j]);
                }
            }

            return e;
        }

        /// <summary>
        /// The gradient by hand, with EnergyGrad's contract: ∂E/∂p_i = −Σ_j (p_i − p_j)/|p_i − p_j|³;
        /// each pair's contribution goes to both ends, p_i's kept in a local for the inner loop.
        /// </summary>
        public static float EnergyGradByHand(Vector3[] p, Vector3[] dp, float dret)
        {
            if (dp.Length < p.Length)
            {
                throw new ArgumentException("the shadow must be as long as p", nameof(dp));
            }

            float e = 0;
            for (int i = 0; i < p.Length; i++)
            {
                var pi = p[i];
                var gi = Vector3.Zero;
                for (int j = i + 1; j < p.Length; j++)
                {
                    var d = pi - p[j];
                    float r2 = d.LengthSquared();
                    float inverse = 1f / MathF.Sqrt(r2);
                    e += inverse;
                    var g = d * (dret * inverse / r2);
                    gi -= g;
                    dp[j] += g;
                }

                dp[i] += gi;
            }

            return e;
        }

        /// <summary>Positions in [-2, 2]³ from a fixed seed.</summary>
        public static Vector3[] Positions(int n, int seed)
        {
            var random = new Random(seed);
            var p = new Vector3[n];
            for (int i = 0; i < n; i++)
            {
                p[i] = new Vector3(4 * random.NextSingle() - 2, 4 * random.NextSingle() - 2, 4 * random.NextSingle() - 2);
            }

            return p;
        }

        /// <summary>The woven gradient against the hand-written one (float: 1e-4 relative to the largest component).</summary>
        public static void WovenGradientMatches(Vector3[] p)
        {
            var woven = new Vector3[p.Length];
            var byHand = new Vector3[p.Length];
            float e = EnergyGrad(p, woven, 1f);
            float eByHand = EnergyGradByHand(p, byHand, 1f);
            if (MathF.Abs(e - eByHand) > 1e-4f * MathF.Abs(eByHand) || MathF.Abs(e - Energy(p)) > 1e-4f * MathF.Abs(e))
            {
                throw new DerivativeMismatchException($"PairEnergy: woven {e}, by hand {eByHand}, primal {Energy(p)}");
            }

            float scale = 0;
            foreach (var g in byHand) scale = MathF.Max(scale, MathF.Max(MathF.Abs(g.X), MathF.Max(MathF.Abs(g.Y), MathF.Abs(g.Z))));
            for (int i = 0; i < p.Length; i++)
            {
                if ((woven[i] - byHand[i]).Length() > 1e-4f * scale)
                {
                    throw new DerivativeMismatchException($"PairEnergy: dp[{i}] woven {woven[i]}, by hand {byHand[i]}");
                }
            }
        }
    }
}
