using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>stackalloc scratch in both modes, on the Fody-woven fixtures (Debug and Release IL), against the hand-derived gradient.</summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class StackMemoryTests
    {
        private readonly FixtureBuild _build;

        public StackMemoryTests(FixtureBuild build) => _build = build;

        [Test]
        public void ScratchOnTheStack()
        {
            var rev = FixtureAssemblies.Get<Func<double[], double[], double, double>>(_build, "Fixtures.StackMemory", "RoughnessRev");
            var fwd = FixtureAssemblies.Get<Func<double[], double[], (double, double)>>(_build, "Fixtures.StackMemory", "RoughnessFwd");
            var x = new[] { 0.5, 1.5, -1.0, 2.0 };
            var dx = new double[4];
            // s = Σ (x_{i+1} − x_i)²; ∂s/∂x_k = 2(x_k − x_{k−1}) − 2(x_{k+1} − x_k)
            Assert.That(rev(x, dx, 1.0), Is.EqualTo(1 + 6.25 + 9));
            Assert.That(dx, Is.EqualTo(new[] { -2.0, 2.0 + 5.0, -5.0 - 6.0, 6.0 }));
            Assert.That(fwd(x, new[] { 1.0, 0, 0, 0 }), Is.EqualTo((16.25, -2.0)));
            for (int k = 0; k < 3; k++) rev(x, new double[4], 1.0); // the shadow starts at zero every call
            var again = new double[4];
            rev(x, again, 1.0);
            Assert.That(again, Is.EqualTo(dx));
        }
    }
}
