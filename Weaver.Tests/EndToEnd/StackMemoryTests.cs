extern alias FixturesUnwoven;

using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using Primal = FixturesUnwoven::Fixtures.StackMemory;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// stackalloc scratch, as a span and as a raw pointer, in both modes, on the Fody-woven
    /// fixtures (Debug and Release IL), against the hand-derived gradient, central differences of
    /// the primal, and forward against reverse.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class StackMemoryTests
    {
        private readonly FixtureBuild _build;

        public StackMemoryTests(FixtureBuild build) => _build = build;

        private Func<double[], double[], double, double> Rev(string name) =>
            FixtureAssemblies.Get<Func<double[], double[], double, double>>(_build, "Fixtures.StackMemory", name);

        private Func<double[], double[], (double, double)> Fwd(string name) =>
            FixtureAssemblies.Get<Func<double[], double[], (double, double)>>(_build, "Fixtures.StackMemory", name);

        [TestCase("Roughness")]
        [TestCase("PointerRoughness")]
        public void ScratchOnTheStack(string name)
        {
            var rev = Rev(name + "Rev");
            var fwd = Fwd(name + "Fwd");
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

        [Test]
        public void WalkingPointersOverTheStack()
        {
            var x = new[] { 0.5, 1.5, -1.0, 2.0 };
            var dx = new double[4];
            // c_i = x_0 + ... + x_i = (0.5, 2, 1, 3); s = Σ c_i²; ∂s/∂x_k = 2 Σ_{i≥k} c_i
            Assert.That(Rev("RunningSumsRev")(x, dx, 1.0), Is.EqualTo(0.25 + 4 + 1 + 9));
            Assert.That(dx, Is.EqualTo(new[] { 13.0, 12.0, 8.0, 6.0 }));
            Assert.That(x, Is.EqualTo(new[] { 0.5, 1.5, -1.0, 2.0 }), "the input is only read");
        }

        [TestCase("Roughness")]
        [TestCase("PointerRoughness")]
        [TestCase("RunningSums")]
        public void AgainstCentralDifferencesAndForwardMode(string name)
        {
            var primal = (Func<double[], double>)Delegate.CreateDelegate(typeof(Func<double[], double>), typeof(Primal), name);
            var x = new[] { 0.3, -1.2, 2.5, 0.7, -0.4 };
            var expected = FiniteDifferences.Gradient(primal, x);
            var dx = new double[x.Length];
            var value = Rev(name + "Rev")((double[])x.Clone(), dx, 1.0);
            Assert.That(value, Is.EqualTo(primal(x)).Within(1e-12));
            for (int i = 0; i < x.Length; i++)
            {
                Assert.That(dx[i], Is.EqualTo(expected[i]).Within(FiniteDifferences.Tolerance(expected[i])), $"∂/∂x[{i}]");
            }
            // forward·reverse: the tangent along a direction is the gradient dotted with it.
            var direction = Enumerable.Range(0, x.Length).Select(i => 0.5 - 0.3 * i).ToArray();
            var (fvalue, tangent) = Fwd(name + "Fwd")((double[])x.Clone(), direction);
            Assert.That(fvalue, Is.EqualTo(value));
            var dot = dx.Zip(direction, (g, d) => g * d).Sum();
            Assert.That(tangent, Is.EqualTo(dot).Within(1e-9 * Math.Max(1, Math.Abs(dot))));
        }
    }
}
