extern alias FixturesUnwoven;

using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using Primal = FixturesUnwoven::Fixtures.Arrays;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Memory as shadows in both modes, on the Fody-woven fixtures (Debug and Release IL). Reverse
    /// mode adds gradients into the shadows (callers zero them first) and resets an output's
    /// shadow (its seed); forward mode overwrites output tangents. Every result is checked against
    /// exact values from the math or central differences of the primal, and forward against reverse.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class ArrayTests
    {
        private const string Type = "Fixtures.Arrays";
        private readonly FixtureBuild _build;

        public ArrayTests(FixtureBuild build) => _build = build;

        private T Get<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, Type, name);

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        /// <summary>Central differences of f over every element of x (f gets a fresh copy each time: it may write into it).</summary>
        private static double[] Gradient(Func<double[], double> f, double[] x) =>
            Enumerable.Range(0, x.Length).Select(i => FiniteDifferences.Derivative(v =>
            {
                var copy = (double[])x.Clone();
                copy[i] = v;
                return f(copy);
            }, x[i])).ToArray();

        /// <summary>Checks reverse (gradient added into a zeroed shadow) and forward (one tangent direction) against central differences.</summary>
        private static void CheckArrayFunction(Func<double[], double> primal, Func<double[], double[], double, double> rev,
            Func<double[], double[], (double, double)>? fwd, double[] x, string what)
        {
            var expected = Gradient(primal, x);
            var input = (double[])x.Clone();
            var shadow = new double[x.Length];
            var value = rev(input, shadow, 1.0);
            Assert.That(value, Is.EqualTo(primal((double[])x.Clone())), what + " primal");
            for (int i = 0; i < x.Length; i++) Near(shadow[i], expected[i], $"{what} ∂/∂x[{i}]");
            if (fwd == null) return;
            var direction = Enumerable.Range(0, x.Length).Select(i => 0.5 + 0.25 * i).ToArray();
            var (fvalue, tangent) = fwd((double[])x.Clone(), (double[])direction.Clone());
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, shadow.Zip(direction, (g, d) => g * d).Sum(), what + " ⟨ẋ, ∇f⟩", 1e-9);
        }

        [Test]
        public void SumSquaresAddsTwiceXIntoTheShadow()
        {
            var dsum = Get<Func<double[], double[], double, double>>("DSum");
            var x = new[] { 1.0, -2.0, 0.5 };
            var dx = new[] { 10.0, 10.0, 10.0 };
            Assert.That(dsum(x, dx, 1.0), Is.EqualTo(5.25));
            Assert.That(dx, Is.EqualTo(new[] { 12.0, 6.0, 11.0 }), "gradients are added to what the shadow held");
            var fwd = Get<Func<double[], double[], (double, double)>>("DSumFwd");
            Assert.That(fwd(x, new[] { 1.0, 0.0, 2.0 }), Is.EqualTo((5.25, 2.0 + 2.0)));
        }

        [Test]
        public void BreakAndZeroingAfterTheRead()
        {
            var rev = Get<Func<double[], double[], double, double>>("BreakSquaresRev");
            var v = new[] { 1.0, 2.0, 3.0, 4.0, 5.0 };
            var dv = new double[5];
            Assert.That(rev(v, dv, 1.0), Is.EqualTo(44.0));
            Assert.That(dv, Is.EqualTo(new[] { 4.0, 8.0, 12.0, 8.0, 0.0 }));
            Assert.That(v, Is.EqualTo(new[] { 0.0, 0.0, 0.0, 4.0, 5.0 }), "the primal ran: it zeroed what it read");
            var linear = Get<Func<double[], double[], double, double>>("BreakLinearRev");
            var dw = new double[5];
            linear(new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }, dw, 1.0);
            Assert.That(dw, Is.EqualTo(new[] { 2.0, 2.0, 2.0, 1.0, 0.0 }));
            var fwd = Get<Func<double[], double[], (double, double)>>("BreakSquaresFwd");
            var tangent = new[] { 1.0, 1.0, 1.0, 1.0, 1.0 };
            Assert.That(fwd(new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }, tangent), Is.EqualTo((44.0, 32.0)));
            Assert.That(tangent, Is.EqualTo(new[] { 0.0, 0.0, 0.0, 1.0, 1.0 }), "forward mode overwrites the tangents of what it wrote");
        }

        [Test]
        public void RunningMaximumWithATie()
        {
            var rev = Get<Func<double[], double[], double, double>>("RunningMaxRev");
            var dv = new double[5];
            Assert.That(rev(new[] { -1.0, 2.0, -0.2, 2.0, 1.0 }, dv, 1.0), Is.EqualTo(2.0));
            Assert.That(dv, Is.EqualTo(new[] { 0.0, 0.0, 0.0, 1.0, 0.0 }));
            var fwd = Get<Func<double[], double[], (double, double)>>("RunningMaxFwd");
            Assert.That(fwd(new[] { -1.0, 2.0, -0.2, 2.0, 1.0 }, new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }).Item2, Is.EqualTo(4.0));
        }

        [Test]
        public void InsertionSortInPlace()
        {
            var rev = Get<Func<double[], double[], double, double>>("SortedHalfRev");
            var a = new[] { 0.9, -1.5, 3.0, 0.2, 2.2, -0.7 };
            var da = new double[a.Length];
            var value = rev((double[])a.Clone(), da, 1.0);
            var sorted = a.OrderBy(v => v).ToArray();
            Assert.That(value, Is.EqualTo(sorted.Take(3).Sum()).Within(1e-15));
            var lowest = sorted.Take(3).ToHashSet();
            Assert.That(da, Is.EqualTo(a.Select(v => lowest.Contains(v) ? 1.0 : 0.0).ToArray()));
            CheckArrayFunction(Primal.SortedHalf, rev, Get<Func<double[], double[], (double, double)>>("SortedHalfFwd"), a, "sort");
        }

        [Test]
        public void CubeThroughARef()
        {
            var rev = Get<CubeRev>("CubeRev");
            double x = 1.5, dx = 0;
            Assert.That(rev(ref x, ref dx, 1.0), Is.EqualTo(3.375));
            Assert.That(x, Is.EqualTo(3.375));
            Assert.That(dx, Is.EqualTo(6.75), "3x² at 1.5");
            var fwd = Get<CubeFwd>("CubeFwd");
            double y = 1.5, dy = 1;
            Assert.That(fwd(ref y, ref dy), Is.EqualTo((3.375, 6.75)));
            Assert.That(dy, Is.EqualTo(6.75), "forward mode overwrites the tangent of what it wrote");
        }

        private delegate double CubeRev(ref double x, ref double dx, double dret);

        private delegate (double, double) CubeFwd(ref double x, ref double dx);

        private delegate (double, double) RbInpRev(double x, double y, ref double output, ref double doutput);

        private delegate void RbInpFwd(double x, double dx, double y, double dy, ref double output, ref double doutput);

        [Test]
        public void RosenbrockThroughAnOutputReference()
        {
            var rev = Get<RbInpRev>("RbInpRev");
            double output = 0, seed = 1;
            Assert.That(rev(1.0, 3.0, ref output, ref seed), Is.EqualTo((-800.0, 400.0)));
            Assert.That(output, Is.EqualTo(400.0));
            Assert.That(seed, Is.EqualTo(0.0), "the output's shadow is its seed, reset by the call");
            var fwd = Get<RbInpFwd>("RbInpFwd");
            double o = 0, t = 0;
            fwd(1.0, 1.0, 3.0, 0.0, ref o, ref t);
            Assert.That((o, t), Is.EqualTo((400.0, -800.0)));
        }

        [Test]
        public void CompoundAssignmentOnElements()
        {
            var rev = Get<Func<double, double[], double[], double[], double[], double, (double, double)>>("AxpyRev");
            var fwd = Get<Func<double, double, double[], double[], double[], double[], (double, double)>>("AxpyFwd");
            var x = new[] { 0.5, -1.0, 2.0 };
            var y = new[] { 1.0, 0.25, -0.5 };
            double F(double alpha, double[] xs, double[] ys) => Primal.Axpy(alpha, (double[])xs.Clone(), (double[])ys.Clone());
            var dx = new double[3];
            var dy = new double[3];
            var (value, dalpha) = rev(1.5, (double[])x.Clone(), dx, (double[])y.Clone(), dy, 1.0);
            Assert.That(value, Is.EqualTo(F(1.5, x, y)));
            Near(dalpha, FiniteDifferences.Derivative(a => F(a, x, y), 1.5), "∂α");
            var gx = Gradient(xs => F(1.5, xs, y), x);
            var gy = Gradient(ys => F(1.5, x, ys), y);
            for (int i = 0; i < 3; i++)
            {
                Near(dx[i], gx[i], $"∂x[{i}]");
                Near(dy[i], gy[i], $"∂y[{i}]");
            }
            var (fvalue, tangent) = fwd(1.5, 1.0, (double[])x.Clone(), new double[3], (double[])y.Clone(), new double[3]);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dalpha, "forward ∂α", 1e-12);
        }

        [Test]
        public void ShadowsMustAliasAsTheArgumentsDo()
        {
            var rev = Get<Func<double, double[], double[], double[], double[], double, (double, double)>>("AxpyRev");
            var x = new[] { 1.0, 2.0 };
            var error = Assert.Throws<ArgumentException>(() => rev(1.0, x, new double[2], x, new double[2], 1.0))!;
            Assert.That(error.Message, Does.Contain("'x' and 'y'").And.Contain("same object but their shadows are not"));
            var shared = new double[2];
            Assert.Throws<ArgumentException>(() => rev(1.0, new double[2], shared, new double[2], shared, 1.0));

            // One array passed twice with one shadow: y[i] += α·y[i], then Σ y[i]², differentiated as such.
            var same = new[] { 1.0, 2.0 };
            var dsame = new double[2];
            var (value, dalpha) = rev(0.5, same, dsame, same, dsame, 1.0);
            Assert.That(value, Is.EqualTo(1.5 * 1.5 * 5));
            Assert.That(dalpha, Is.EqualTo(2 * 1.5 * 5), "∂/∂α (1+α)²·Σy² = 2(1+α)·Σy²");
            Assert.That(dsame, Is.EqualTo(new[] { 2 * 2.25 * 1.0, 2 * 2.25 * 2.0 }), "∂/∂y_i = 2(1+α)²·y_i");
        }

        [Test]
        public void JaggedMatrixVector()
        {
            var rev = Get<Func<double[][], double[][], double[], double[], double, double>>("MatVecRev");
            var fwd = Get<Func<double[][], double[][], double[], double[], (double, double)>>("MatVecFwd");
            var m = new[] { new[] { 1.0, 2.0 }, new[] { -0.5, 0.25 }, new[] { 3.0, -1.0 } };
            var v = new[] { 0.3, -0.7 };
            var dm = m.Select(r => new double[r.Length]).ToArray();
            var dv = new double[2];
            var value = rev(m, dm, v, dv, 1.0);
            Assert.That(value, Is.EqualTo(Primal.MatVec(m, v)));
            var gv = Gradient(vs => Primal.MatVec(m, vs), v);
            for (int j = 0; j < 2; j++) Near(dv[j], gv[j], $"∂v[{j}]");
            for (int i = 0; i < 3; i++)
            {
                var row = i;
                var gm = Gradient(r => Primal.MatVec(m.Select((old, k) => k == row ? r : old).ToArray(), v), m[i]);
                for (int j = 0; j < 2; j++) Near(dm[i][j], gm[j], $"∂m[{i}][{j}]");
            }
            var tm = m.Select(r => r.Select(_ => 1.0).ToArray()).ToArray();
            var (fvalue, tangent) = fwd(m, tm, v, new[] { 0.0, 0.0 });
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dm.SelectMany(r => r).Sum(), "⟨ẋ, ∇f⟩ along the matrix", 1e-12);
        }

        [Test]
        public void LocalArrayAsScratch()
        {
            var rev = Get<Func<float[], float[], float, float>>("PrefixRev");
            var fwd = Get<Func<float[], float[], (float, float)>>("PrefixFwd");
            var x = new[] { 0.5f, -1.25f, 2.0f, 0.75f };
            var dx = new float[4];
            var value = rev(x, dx, 1f);
            Assert.That(value, Is.EqualTo(Primal.Prefix(x)));
            // p_k = Σ_{i≤k} x_i, s = Σ_k (k+1)·p_k² → ∂s/∂x_i = Σ_{k≥i} 2(k+1)·p_k
            var p = new double[4];
            double acc = 0;
            for (int k = 0; k < 4; k++) p[k] = acc += x[k];
            for (int i = 0; i < 4; i++)
            {
                var expected = Enumerable.Range(i, 4 - i).Sum(k => 2 * (k + 1) * p[k]);
                Near(dx[i], expected, $"∂x[{i}]", 1e-6);
            }
            var (fvalue, tangent) = fwd(x, new[] { 1f, 0f, 0f, 0f });
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dx[0], "forward ∂x[0]", 1e-6);
        }

        [Test]
        public void SinProductOfNeighbours()
        {
            var x = Enumerable.Range(0, 7).Select(i => Math.Cos(i * 1.3)).ToArray();
            var fwdOnly = Get<Func<double[], double[], double>>("SinProductFwd");
            CheckArrayFunction(Primal.SinProduct, Get<Func<double[], double[], double, double>>("SinProductRev"),
                (a, t) => (Primal.SinProduct(a), fwdOnly(a, t)), x, "Σ sin(xᵢ)·xᵢ₊₁");
        }

        [Test]
        public void IntegerIndexFromACast()
        {
            var rev = Get<Func<double[], double[], double, double, (double, double)>>("LookupRev");
            var table = new[] { 0.0, 1.0, 4.0, 9.0 };
            foreach (var t in new[] { 0.1, 0.5, 0.9 })
            {
                var dtable = new double[4];
                var (value, dt) = rev(table, dtable, t, 1.0);
                Assert.That(value, Is.EqualTo(Primal.Lookup(table, t)));
                Near(dt, FiniteDifferences.Derivative(s => Primal.Lookup(table, s), t), $"∂t at {t}");
                var gt = Gradient(tab => Primal.Lookup(tab, t), table);
                for (int i = 0; i < 4; i++) Near(dtable[i], gt[i], $"∂table[{i}] at {t}");
            }
        }

        [Test]
        public void RepeatedCallsAllocateNothingInSteadyState()
        {
            var rev = Get<Func<double[], double[], double, double>>("SinProductRev");
            var x = Enumerable.Range(0, 200).Select(i => Math.Sin(i)).ToArray();
            var dx = new double[x.Length];
            double sink = 0;
            for (int k = 0; k < 100; k++) sink += rev(x, dx, 1);
            // The fewest bytes any of a few rounds of 500 calls allocates: a call that allocates
            // shows in every round, while the runtime's own one-off work on this thread (a method
            // moving up a JIT tier in the middle of a round, seen once in a full test run) does not.
            long fewest = long.MaxValue;
            for (int round = 0; round < 5 && fewest > 0; round++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (int k = 0; k < 500; k++) sink += rev(x, dx, 1);
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.That(fewest, Is.EqualTo(0), $"checksum {sink}");
        }
    }
}
