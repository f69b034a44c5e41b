using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// The examples of semantics.md (no arrays, refs or batch mode), on the fixtures Fody wove in
    /// their real build, from Debug and from Release IL. Expected values are the ones the
    /// contract states, worked by hand.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class SemanticsExamplesTests
    {
        private const string Type = "Fixtures.SemanticsExamples";
        private readonly FixtureBuild _build;

        public SemanticsExamplesTests(FixtureBuild build) => _build = build;

        private T Get<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, Type, name);

        [Test]
        public void SeedExample()
        {
            var bar = Get<Func<float, float, (float, float)>>("Bar");
            Assert.That(bar(3f, 1f), Is.EqualTo((9f, 6f)));
            Assert.That(bar(4f, 1f), Is.EqualTo((16f, 8f)));
            Assert.That(bar(4f, 0.5f), Is.EqualTo((16f, 4f)), "the seed scales the gradient");
            var fwd = Get<Func<float, float, (float, float)>>("BarFwd");
            Assert.That(fwd(3f, 1f), Is.EqualTo((9f, 6f)));
        }

        [Test]
        public void RosenbrockForwardAndReverse()
        {
            Assert.That(Get<Func<double, double, double, (double, double)>>("RbFwd1")(1.0, 1.0, 3.0), Is.EqualTo((400.0, -800.0)));
            Assert.That(Get<Func<double, double, double, (double, double)>>("RbFwd2")(1.0, 3.0, 1.0), Is.EqualTo((400.0, 400.0)));
            Assert.That(Get<Func<double, double, double, double, (double, double)>>("RbFwd3")(1.0, 1.0, 3.0, 1.0), Is.EqualTo((400.0, -400.0)));
            Assert.That(Get<Func<double, double, double, (double, double, double)>>("RbRev")(1.0, 3.0, 1.0), Is.EqualTo((400.0, -800.0, 400.0)));
        }

        [Test]
        public void OnlyActivitiesLeaveThePrimalOut()
        {
            Assert.That(Get<Func<double, double, double, (double, double)>>("RbRevOnly")(1.0, 3.0, 1.0), Is.EqualTo((-800.0, 400.0)));
            Assert.That(Get<Func<double, double, double, double, double>>("RbFwdOnly")(1.0, 1.0, 3.0, 1.0), Is.EqualTo(-400.0));
        }

        [Test]
        public void MixedFloatAndDouble()
        {
            var df = Get<Func<float, float, double, (double, float, float)>>("Df");
            Assert.That(df(3.0f, 2.5f, 1.0), Is.EqualTo((22.5, 15.0f, 9.0f)));
            var fwd = Get<Func<float, float, float, float, (double, double)>>("DfFwd");
            Assert.That(fwd(3.0f, 1f, 2.5f, 0f), Is.EqualTo((22.5, 15.0)));
            Assert.That(fwd(3.0f, 0f, 2.5f, 1f), Is.EqualTo((22.5, 9.0)));
        }

        [Test]
        public void RosenbrockAgreesWithCentralDifferences()
        {
            static double F(double[] p) => (1.0 - p[0]) * (1.0 - p[0]) + 100.0 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]);
            var rev = Get<Func<double, double, double, (double, double, double)>>("RbRev");
            foreach (var (x, y) in new[] { (0.3, -0.2), (-1.1, 2.0), (1.7, 0.5) })
            {
                var g = FiniteDifferences.Gradient(F, x, y);
                var (value, dx, dy) = rev(x, y, 1.0);
                Assert.That(value, Is.EqualTo(F(new[] { x, y })));
                Assert.That(dx, Is.EqualTo(g[0]).Within(FiniteDifferences.Tolerance(g[0], 1e-5)));
                Assert.That(dy, Is.EqualTo(g[1]).Within(FiniteDifferences.Tolerance(g[1], 1e-5)));
            }
        }
    }
}
