using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>Rule edge cases and batch forward mode, on the Fody-woven fixtures (Debug and Release IL).</summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class EdgeCaseTests
    {
        private const string Type = "Fixtures.EdgeCases";
        private readonly FixtureBuild _build;

        public EdgeCaseTests(FixtureBuild build) => _build = build;

        private T Get<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, Type, name);

        [Test]
        public void PowAtZeroFollowsEnzyme()
        {
            var rev = Get<Func<double, double, double, (double, double, double)>>("PowRev");
            Assert.That(rev(0, 1, 1), Is.EqualTo((0.0, 1.0, 0.0)));
            Assert.That(rev(0, 2, 1), Is.EqualTo((0.0, 0.0, 0.0)));
            Assert.That(rev(3, 0, 1), Is.EqualTo((1.0, 0.0, Math.Log(3))), "y = 0: ∂/∂x is 0, ∂/∂y is ln x");
            var fwd = Get<Func<double, double, double, double, (double, double)>>("PowFwd");
            Assert.That(fwd(0, 1, 1, 0), Is.EqualTo((0.0, 1.0)));
            Assert.That(fwd(0, 0, 1, 1), Is.EqualTo((0.0, 0.0)));
        }

        [Test]
        public void IntegerValuedSignIsAConstantFactor()
        {
            var rev = Get<Func<double, double, (double, double)>>("SignedRev");
            var fwd = Get<Func<double, double, (double, double)>>("SignedFwd");
            foreach (var x in new[] { -1.5, -0.25, 0.5, 2.0 })
            {
                Assert.That(rev(x, 1).Item2, Is.EqualTo(2 * Math.Abs(x)));
                Assert.That(fwd(x, 1).Item2, Is.EqualTo(2 * Math.Abs(x)));
            }
        }

        [Test]
        public void BatchForwardGivesOneDirectionalDerivativePerLane()
        {
            var batch = FixtureAssemblies.Type(_build, Type).GetMethod("Batch3")!;
            var rev = Get<Func<double, double, double, (double, double, double)>>("BatchRev");
            var (x, y) = (0.7, 1.9);
            var (value, gx, gy) = rev(x, y, 1);
            Assert.That(gx, Is.EqualTo(Math.Cos(x) * y + 1 / y).Within(1e-15));
            Assert.That(gy, Is.EqualTo(Math.Sin(x) - x / (y * y)).Within(1e-15));
            // Lanes: (1, 0), (0, 1), (2, −3).
            var result = ((double, double, double, double))batch.Invoke(null, new object[] { x, 1.0, 0.0, 2.0, y, 0.0, 1.0, -3.0 })!;
            Assert.That(result.Item1, Is.EqualTo(value));
            Assert.That(result.Item2, Is.EqualTo(gx).Within(1e-15));
            Assert.That(result.Item3, Is.EqualTo(gy).Within(1e-15));
            Assert.That(result.Item4, Is.EqualTo(2 * gx - 3 * gy).Within(1e-14));
        }

        [Test]
        public void BatchForwardWithConstInputAndTangentsOnly()
        {
            var batch = Get<Func<float, float, float, float, (float, float)>>("BatchOnly2");
            Assert.That(batch(3f, 1f, 0.5f, 2f), Is.EqualTo((12f, 6f)), "d/dx x²c = 2xc = 12 at x = 3, c = 2");
        }
    }
}
