extern alias FixturesUnwoven;

using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using Primal = FixturesUnwoven::Fixtures.Spans;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>Spans in both modes on the Fody-woven fixtures (Debug and Release IL), against exact values and central differences.</summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class SpanTests
    {
        private const string Type = "Fixtures.Spans";
        private readonly FixtureBuild _build;

        public SpanTests(FixtureBuild build) => _build = build;

        private T Get<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, Type, name);

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        private delegate double DotRev(ReadOnlySpan<double> a, Span<double> da, ReadOnlySpan<double> b, Span<double> db, double dret);

        private delegate (double, double) DotFwd(ReadOnlySpan<double> a, Span<double> da, ReadOnlySpan<double> b, Span<double> db);

        private delegate (double, double) ScaleRev(Span<double> y, Span<double> dy, double a, double dret);

        private delegate (double, double) ScaleFwd(Span<double> y, Span<double> dy, double a, double da);

        private delegate float TailRev(Span<float> x, Span<float> dx, float dret);

        private delegate (float, float) TailFwd(Span<float> x, Span<float> dx);

        [Test]
        public void DotProductOfReadOnlySpans()
        {
            var a = new[] { 1.0, -2.0, 0.5 };
            var b = new[] { 3.0, 0.25, -4.0 };
            var da = new double[3];
            var db = new double[3];
            Assert.That(Get<DotRev>("DotRev")(a, da, b, db, 1.0), Is.EqualTo(3.0 - 0.5 - 2.0));
            Assert.That(da, Is.EqualTo(b));
            Assert.That(db, Is.EqualTo(a));
            Assert.That(Get<DotFwd>("DotFwd")(a, new[] { 1.0, 0, 0 }, b, new[] { 0, 0, 1.0 }), Is.EqualTo((0.5, 3.0 + 0.5)));
        }

        [Test]
        public void WrittenInPlaceThenReadBack()
        {
            var y = new[] { 0.3, -1.2, 0.8 };
            double F(double[] v, double a) => Primal.ScaleInPlace((double[])v.Clone(), a);
            var dy = new double[3];
            var (value, da) = Get<ScaleRev>("ScaleRev")((double[])y.Clone(), dy, 1.7, 1.0);
            Assert.That(value, Is.EqualTo(F(y, 1.7)));
            Near(da, FiniteDifferences.Derivative(a => F(y, a), 1.7), "∂a");
            for (int i = 0; i < 3; i++)
            {
                var k = i;
                Near(dy[i], FiniteDifferences.Derivative(v => { var c = (double[])y.Clone(); c[k] = v; return F(c, 1.7); }, y[i]), $"∂y[{i}]");
            }
            var (fvalue, tangent) = Get<ScaleFwd>("ScaleFwd")((double[])y.Clone(), new[] { 1.0, 0, 0 }, 1.7, 2.0);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dy[0] + 2 * da, "⟨ẋ, ∇f⟩", 1e-9);
        }

        [Test]
        public void SliceOfAFloatSpan()
        {
            var x = new[] { 5f, 1f, -2f, 0.5f };
            var dx = new float[4];
            Assert.That(Get<TailRev>("TailRev")(x, dx, 1f), Is.EqualTo(5.25f));
            Assert.That(dx, Is.EqualTo(new[] { 0f, 2f, -4f, 1f }));
            Assert.That(Get<TailFwd>("TailFwd")(x, new[] { 1f, 1f, 1f, 1f }), Is.EqualTo((5.25f, -1f)));
        }

        [Test]
        public void SpanMadeFromAnArray()
        {
            var x = new[] { 9.0, 2.0, 3.0, 9.0 };
            var dx = new double[4];
            Assert.That(Get<Func<double[], double[], double, double>>("WindowRev")(x, dx, 1.0), Is.EqualTo(6.0));
            Assert.That(dx, Is.EqualTo(new[] { 0.0, 3.0, 2.0, 0.0 }));
            Assert.That(Get<Func<double[], double[], (double, double)>>("WindowFwd")(x, new[] { 0.0, 1.0, 1.0, 0.0 }), Is.EqualTo((6.0, 5.0)));
        }
    }
}
