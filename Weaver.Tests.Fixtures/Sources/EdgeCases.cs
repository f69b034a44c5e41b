using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>Edge cases of the rules, integer-valued Math calls, and batch forward mode on scalars.</summary>
    public static partial class EdgeCases
    {
        // Pow(0, 1) has derivatives (1, 0), not NaN, as in Enzyme.
        [AutoDiffReverse("PowRev", Active, Active, Active)]
        [AutoDiffForward("PowFwd", Dual, Dual, Dual)]
        public static double Power(double x, double y) => Math.Pow(x, y);

        // Math.Sign returns an int: no derivative flows through it; d/dx sign(x)·x² = 2|x|.
        [AutoDiffReverse("SignedRev", Active, Active)]
        [AutoDiffForward("SignedFwd", Dual, Dual)]
        public static double Signed(double x) => Math.Sign(x) * x * x;

        // Batch forward mode, width 3: three directional derivatives in one call.
        [AutoDiffForward("Batch3", 3, Dual, Dual, Dual)]
        [AutoDiffReverse("BatchRev", Active, Active, Active)]
        public static double Batch(double x, double y) => Math.Sin(x) * y + x / y;

        // Batch forward mode, width 2, with a Const input and only the tangents returned.
        [AutoDiffForward("BatchOnly2", 2, Dual, Const, DualOnly)]
        public static float BatchOnly(float x, float c) => x * x * c;
    }
}
