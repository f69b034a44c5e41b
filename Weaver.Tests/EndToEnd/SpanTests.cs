extern alias FixturesUnwoven;

using System;
using System.Linq;
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

        private delegate double SlicesRev(ReadOnlySpan<double> x, Span<double> dx, double dret);

        private delegate (double, double) SlicesFwd(ReadOnlySpan<double> x, Span<double> dx);

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

        [Test]
        public void SpanMadeInEachIterationOfALoop()
        {
            var x = new[] { 1.5, -2.0, 0.5, 3.0 };
            var dx = new double[4];
            var value = Get<Func<double[], double[], double, double>>("PairsRev")(x, dx, 1.0);
            Assert.That(value, Is.EqualTo(Primal.NeighbourProducts(x)));
            // ∂/∂x_i Σ x_k x_{k+1} = x_{i-1} + x_{i+1}
            Assert.That(dx, Is.EqualTo(new[] { -2.0, 1.5 + 0.5, -2.0 + 3.0, 0.5 }));
            NearGradient(dx, FiniteDifferences.Gradient(Primal.NeighbourProducts, x));
            var v = new[] { 1.0, 2.0, -1.0, 0.5 };
            var (fvalue, tangent) = Get<Func<double[], double[], (double, double)>>("PairsFwd")(x, (double[])v.Clone());
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(v, dx), "⟨v, ∇f⟩", 1e-12);
        }

        [Test]
        public void SliceOfASpanMadeInEachIterationOfALoop()
        {
            var x = new[] { 0.3, 1.1, -0.7, 2.0, 0.9 };
            var dx = new double[5];
            var value = Get<SlicesRev>("SlicesRev")(x, dx, 1.0);
            Assert.That(value, Is.EqualTo(Primal.SliceSines(x)));
            // sin(x0·x1) + sin(x2·x3); x4 is left out of every pair
            double c01 = Math.Cos(x[0] * x[1]), c23 = Math.Cos(x[2] * x[3]);
            NearGradient(dx, new[] { c01 * x[1], c01 * x[0], c23 * x[3], c23 * x[2], 0.0 });
            NearGradient(dx, FiniteDifferences.Gradient(p => Primal.SliceSines(p), x));
            var v = new[] { 0.5, -1.0, 2.0, 1.0, 3.0 };
            var (fvalue, tangent) = Get<SlicesFwd>("SlicesFwd")(x, (double[])v.Clone());
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(v, dx), "⟨v, ∇f⟩", 1e-12);
        }

        [Test]
        public void RefMadeInEachIterationOfALoopAndReadThrough()
        {
            var x = new[] { 0.7, -1.5, 2.0 };
            var dx = new double[3];
            var value = Get<Func<double[], double[], double, double>>("CubesRev")(x, dx, 1.0);
            Assert.That(value, Is.EqualTo(Primal.SumOfCubes(x)));
            NearGradient(dx, Array.ConvertAll(x, e => 3 * e * e));
            NearGradient(dx, FiniteDifferences.Gradient(Primal.SumOfCubes, x));
            var v = new[] { 1.0, 0.5, -2.0 };
            var (fvalue, tangent) = Get<Func<double[], double[], (double, double)>>("CubesFwd")(x, (double[])v.Clone());
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(v, dx), "⟨v, ∇f⟩", 1e-12);
        }

        [Test]
        public void RefMadeInEachIterationOfALoopAndWrittenThrough()
        {
            var x0 = new[] { 0.4, -1.3, 0.9 };
            const double a = 1.7;
            double F(double[] v, double s) => Primal.SquareInPlace((double[])v.Clone(), s);
            var x = (double[])x0.Clone();
            var dx = new double[3];
            var (value, da) = Get<Func<double[], double[], double, double, (double, double)>>("SquareRev")(x, dx, a, 1.0);
            Assert.That(value, Is.EqualTo(F(x0, a)));
            var after = (double[])x0.Clone();
            Primal.SquareInPlace(after, a);
            Assert.That(x, Is.EqualTo(after), "the primal's writes happen in the derivative too");
            // f = Σ a·(sin(x_i²) + x_i²)
            double expectedDa = 0;
            var expectedDx = new double[3];
            for (int i = 0; i < 3; i++)
            {
                var q = x0[i] * x0[i];
                expectedDa += Math.Sin(q) + q;
                expectedDx[i] = a * (Math.Cos(q) + 1) * 2 * x0[i];
            }
            Near(da, expectedDa, "∂a", 1e-12);
            NearGradient(dx, expectedDx);
            Near(da, FiniteDifferences.Derivative(s => F(x0, s), a), "∂a (differences)");
            NearGradient(dx, FiniteDifferences.Gradient(v => F(v, a), x0));
            var v = new[] { 1.0, -0.5, 2.0 };
            var (fvalue, tangent) = Get<Func<double[], double[], double, double, (double, double)>>("SquareFwd")((double[])x0.Clone(), (double[])v.Clone(), a, 3.0);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(v, dx) + 3.0 * da, "⟨ẋ, ∇f⟩", 1e-12);
        }

        [Test]
        public void SpanMadeInTheInnerOfTwoLoopsAndWrittenThrough()
        {
            // Rows of lengths 3, 0, 2, 1: the inner loop runs twice, never, once, never.
            double[][] rows0 = { new[] { 0.5, 2.0, -1.2 }, new double[0], new[] { 1.5, 0.8 }, new[] { 3.0 } };
            double[][] Copy(double[][] m) => Array.ConvertAll(m, r => (double[])r.Clone());
            double F(double[] flat)
            {
                var m = Copy(rows0);
                int k = 0;
                foreach (var row in m) for (int i = 0; i < row.Length; i++) row[i] = flat[k++];
                return Primal.RowRunningProducts(m);
            }
            var rows = Copy(rows0);
            var drows = Array.ConvertAll(rows0, r => new double[r.Length]);
            var value = Get<Func<double[][], double[][], double, double>>("RunsRev")(rows, drows, 1.0);
            Assert.That(value, Is.EqualTo(Primal.RowRunningProducts(Copy(rows0))));
            var gradient = drows.SelectMany(r => r).ToArray();
            // Row (a, b, c) gives ab + abc; row (d, e) gives de.
            double ra = 0.5, rb = 2.0, rc = -1.2, rd = 1.5, re = 0.8;
            NearGradient(gradient, new[] { rb + rb * rc, ra + ra * rc, ra * rb, re, rd, 0.0 });
            NearGradient(gradient, FiniteDifferences.Gradient(F, rows0.SelectMany(r => r).ToArray()));
            double[][] v = { new[] { 1.0, -2.0, 0.5 }, new double[0], new[] { 0.25, 1.0 }, new[] { 4.0 } };
            var (fvalue, tangent) = Get<Func<double[][], double[][], (double, double)>>("RunsFwd")(Copy(rows0), Copy(v));
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(v.SelectMany(r => r).ToArray(), gradient), "⟨v, ∇f⟩", 1e-12);
        }

        private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

        private static void NearGradient(double[] actual, double[] expected)
        {
            for (int i = 0; i < expected.Length; i++) Near(actual[i], expected[i], $"∂x[{i}]");
        }
    }
}
