using System;
using System.Collections.Generic;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// The Jacobian of the primal (differentiated outputs by differentiated inputs) at a point, by
    /// central differences: (F(x + h) − F(x − h)) / (x⁺ − x⁻), where x⁺ and x⁻ are x ± h rounded to
    /// the parameter's type, so the step is the one the primal really took. A double input steps
    /// by 1e-6·max(1, |x|); a float one by 5e-3·max(1, |x|), since the float primal's own rounding
    /// (about 1e-7 of its value) divided by a smaller step would swamp the difference.
    /// </summary>
    internal static class CentralDifferences
    {
        public const double DoubleStep = 1e-6;
        public const double FloatStep = 5e-3;

        /// <summary>J[output][input]; null when the primal is not finite at a shifted point (near a pole or outside its domain).</summary>
        public static double[][]? Jacobian(BoundDerivative derivative, Point point, IReadOnlyList<Slot> inputs, IReadOnlyList<Slot> outputs)
        {
            var jacobian = new double[outputs.Count][];
            for (int o = 0; o < outputs.Count; o++) jacobian[o] = new double[inputs.Count];
            for (int i = 0; i < inputs.Count; i++)
            {
                var slot = inputs[i];
                var scalar = derivative.Parameters[slot.Parameter].Element;
                var x = point.Values[slot.Parameter][slot.Element];
                var h = (scalar == Scalar.Float ? FloatStep : DoubleStep) * Math.Max(1, Math.Abs(x));
                var up = Values.Round(scalar, x + h);
                var down = Values.Round(scalar, x - h);
                var above = PrimalRun.At(derivative, point.With(slot, up));
                var below = PrimalRun.At(derivative, point.With(slot, down));
                if (!above.IsFinite || !below.IsFinite) return null;
                var plus = above.At(outputs);
                var minus = below.At(outputs);
                for (int o = 0; o < outputs.Count; o++) jacobian[o][i] = (plus[o] - minus[o]) / (up - down);
            }
            return jacobian;
        }
    }
}
