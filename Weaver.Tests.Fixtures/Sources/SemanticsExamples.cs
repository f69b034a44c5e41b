using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>The examples of semantics.md that need no arrays, refs or batch mode.</summary>
    public static partial class SemanticsExamples
    {
        // f(x) = x * x, f'(x) = 2x
        [AutoDiffReverse("Bar", Active, Active)]
        [AutoDiffForward("BarFwd", Dual, Dual)]
        public static float Foo(float x) => x * x;

        [AutoDiffForward("RbFwd1", Dual, Const, Dual)]
        [AutoDiffForward("RbFwd2", Const, Dual, Dual)]
        [AutoDiffForward("RbFwd3", Dual, Dual, Dual)]
        [AutoDiffReverse("RbRev", Active, Active, Active)]
        [AutoDiffReverse("RbRevOnly", Active, Active, ActiveOnly)]
        [AutoDiffForward("RbFwdOnly", Dual, Dual, DualOnly)]
        public static double Rosenbrock(double x, double y)
            => (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);

        // mixed scalar types: x*x*y computed in float, returned as double
        [AutoDiffReverse("Df", Active, Active, Active)]
        [AutoDiffForward("DfFwd", Dual, Dual, Dual)]
        public static double Primal(float x, float y) => (double)(x * x * y);
    }
}
