using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>Unsafe pointers in both modes on the Fody-woven fixtures (Debug and Release IL), against hand-derived values.</summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed unsafe class PointerTests
    {
        private readonly FixtureBuild _build;

        public PointerTests(FixtureBuild build) => _build = build;

        private delegate double Rev(double* p, double* dp, int n, double dret);

        private delegate (double, double) Fwd(double* p, double* dp, int n);

        private T Get<T>(string name) where T : System.Delegate => FixtureAssemblies.Get<T>(_build, "Fixtures.Pointers", name);

        [Test]
        public void IndexedSumOfSquares()
        {
            var x = new[] { 1.0, -2.0, 0.5 };
            var dx = new double[3];
            fixed (double* p = x, dp = dx)
            {
                Assert.That(Get<Rev>("SumSquaresRev")(p, dp, 3, 1.0), Is.EqualTo(5.25));
            }
            Assert.That(dx, Is.EqualTo(new[] { 2.0, -4.0, 1.0 }));
            var t = new[] { 1.0, 1.0, 2.0 };
            fixed (double* p = x, dp = t)
            {
                Assert.That(Get<Fwd>("SumSquaresFwd")(p, dp, 3), Is.EqualTo((5.25, 2.0 - 4.0 + 2.0)));
            }
        }

        [Test]
        public void WalkingAndWritingThroughAPointer()
        {
            var x = new[] { 1.5, -0.5, 2.0 };
            var dx = new double[] { 0, 0, 0 };
            fixed (double* p = x, dp = dx)
            {
                Assert.That(Get<Rev>("CubeAllRev")(p, dp, 3, 1.0), Is.EqualTo(8.0));
            }
            Assert.That(x, Is.EqualTo(new[] { 3.375, -0.125, 8.0 }), "the primal cubed every element");
            Assert.That(dx, Is.EqualTo(new[] { 0.0, 0.0, 12.0 }), "only the last element reaches the result: 3x² = 12");
            var y = new[] { 1.5, -0.5, 2.0 };
            var t = new[] { 1.0, 1.0, 1.0 };
            fixed (double* p = y, dp = t)
            {
                Assert.That(Get<Fwd>("CubeAllFwd")(p, dp, 3), Is.EqualTo((8.0, 12.0)));
            }
            Assert.That(t, Is.EqualTo(new[] { 6.75, 0.75, 12.0 }), "forward mode overwrites the tangents of what it wrote: 3x²");
        }
    }
}
