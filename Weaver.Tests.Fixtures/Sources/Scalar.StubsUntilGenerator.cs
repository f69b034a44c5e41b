// TEMPORARY: the declarations the source generator will write, written by hand while the
// generator is still a placeholder, so that this project compiles and Fody runs on it. When the
// generator declares derivatives these become duplicates (CS0111): delete every
// *.StubsUntilGenerator.cs file then (git rm $(git ls-files '*.StubsUntilGenerator.cs')).
// The weaver fills in hand-written declarations just as it fills in generated ones.
using AutoDiff;

namespace Fixtures
{
    public static partial class Scalar
    {
        public static (float, float) Bar(float x, float dret) => throw new AutoDiffNotWovenException(nameof(Bar));

        public static (double, double) RbFwd1(double x, double dx, double y) => throw new AutoDiffNotWovenException(nameof(RbFwd1));

        public static (double, double) RbFwd2(double x, double y, double dy) => throw new AutoDiffNotWovenException(nameof(RbFwd2));

        public static (double, double) RbFwd3(double x, double dx, double y, double dy) => throw new AutoDiffNotWovenException(nameof(RbFwd3));

        public static (double, double, double) RbRev(double x, double y, double dret) => throw new AutoDiffNotWovenException(nameof(RbRev));
    }
}
