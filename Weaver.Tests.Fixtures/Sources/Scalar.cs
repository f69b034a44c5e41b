using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>Scalar functions of float and double: the seed example and Rosenbrock (semantics.md).</summary>
    public static partial class Scalar
    {
        // Bar(3, 1) == (9, 6)
        [AutoDiffReverse("Bar", Active, Active)]
        public static float Foo(float x) => x * x;

        // RbFwd1(1, 1, 3) == (400, -800); RbFwd2(1, 3, 1) == (400, 400);
        // RbFwd3(1, 1, 3, 1) == (400, -400); RbRev(1, 3, 1) == (400, -800, 400)
        [AutoDiffForward("RbFwd1", Dual, Const, Dual)]
        [AutoDiffForward("RbFwd2", Const, Dual, Dual)]
        [AutoDiffForward("RbFwd3", Dual, Dual, Dual)]
        [AutoDiffReverse("RbRev", Active, Active, Active)]
        public static double Rosenbrock(double x, double y)
            => (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);
    }
}
