using AutoDiff;
using static AutoDiff.Activity;

namespace AutoDiff.Samples
{
    public static partial class Functions
    {
        // f(x) = x * x, f'(x) = 2x: Bar(x, seed) returns (x * x, 2x * seed).
        [AutoDiffReverse("Bar", Active, Active)]
        public static float Foo(float x) => x * x;

        // Forward mode: each Dual input takes a tangent right after it; the result is (value, directional derivative).
        // Reverse mode: a seed for the return is appended; the result is (value, df/dx, df/dy).
        [AutoDiffForward("RbFwd1", Dual, Const, Dual)]
        [AutoDiffForward("RbFwd2", Const, Dual, Dual)]
        [AutoDiffForward("RbFwd3", Dual, Dual, Dual)]
        [AutoDiffReverse("RbRev", Active, Active, Active)]
        public static double Rosenbrock(double x, double y)
            => (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);
    }
}
