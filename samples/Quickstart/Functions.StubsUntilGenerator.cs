// TEMPORARY: the declarations the source generator will write, by hand, while the generator is
// a placeholder. Files named *.StubsUntilGenerator.cs compile only while the property
// AutoDiffStubsUntilGenerator is true (build/AutoDiff.InSolution.props); once the generator
// declares derivatives, set it to false and delete these files.
namespace AutoDiff.Samples
{
    public static partial class Functions
    {
        public static (float, float) Bar(float x, float dret) => throw new AutoDiffNotWovenException(nameof(Bar));

        public static (double, double) RbFwd1(double x, double dx, double y) => throw new AutoDiffNotWovenException(nameof(RbFwd1));

        public static (double, double) RbFwd2(double x, double y, double dy) => throw new AutoDiffNotWovenException(nameof(RbFwd2));

        public static (double, double) RbFwd3(double x, double dx, double y, double dy) => throw new AutoDiffNotWovenException(nameof(RbFwd3));

        public static (double, double, double) RbRev(double x, double y, double dret) => throw new AutoDiffNotWovenException(nameof(RbRev));
    }
}
