using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Methods that return a new double[] (semantics.md, "Returned arrays"): reverse mode with a
    /// Duplicated return, `double[] D(double[] x, double[] dx, double[] dret)`, adds Jᵀ·dret into
    /// dx and returns the primal array; forward mode with a Dual return, `(double[], double[])
    /// T(double[] x, double[] dx)`, returns the array and J·dx. Each primal is checked against the
    /// same C# run as a plain method (the reference): the vector–Jacobian product against central
    /// differences of w·f(x), the Jacobian–vector product against central differences of f along
    /// u, and the two modes against each other (w·(J u) = (Jᵀ w)·u). Debug and Release IL.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class ReturnedArrayTests
    {
        private readonly bool _optimize;

        public ReturnedArrayTests(bool optimize) => _optimize = optimize;

        private delegate double[] Rev(double[] x, double[] dx, double[] dret);

        private delegate (double[], double[]) Fwd(double[] x, double[] dx);

        /// <summary>Each case: a body over double[] x returning double[] (C# source), and the same function as the reference.</summary>
        private static readonly (string Name, string Body, Func<double[], double[]> Reference)[] Cases =
        {
            // The softmax as ML code writes it: the largest score subtracted (a branch per element), two loops.
            ("Softmax", "double m = x[0]; for (int i = 1; i < x.Length; i++) if (x[i] > m) m = x[i]; var y = new double[x.Length]; double s = 0; for (int i = 0; i < x.Length; i++) { y[i] = Math.Exp(x[i] - m); s += y[i]; } for (int i = 0; i < x.Length; i++) y[i] /= s; return y;",
                x => { double m = x[0]; for (int i = 1; i < x.Length; i++) if (x[i] > m) m = x[i]; var y = new double[x.Length]; double s = 0; for (int i = 0; i < x.Length; i++) { y[i] = Math.Exp(x[i] - m); s += y[i]; } for (int i = 0; i < x.Length; i++) y[i] /= s; return y; }),
            // A transformed vector mixing neighbours, no loop-carried value.
            ("Mix", "var y = new double[x.Length]; for (int i = 0; i < x.Length; i++) y[i] = Math.Sin(x[i]) * x[(i + 1) % x.Length] + 0.5 * x[i] * x[i]; return y;",
                x => { var y = new double[x.Length]; for (int i = 0; i < x.Length; i++) y[i] = Math.Sin(x[i]) * x[(i + 1) % x.Length] + 0.5 * x[i] * x[i]; return y; }),
            // The result read back while it is built (a running sum of squares) and overwritten in place.
            ("CumulativeSquares", "var y = new double[x.Length]; y[0] = x[0] * x[0]; for (int i = 1; i < x.Length; i++) y[i] = y[i - 1] + x[i] * x[i]; y[0] = Math.Tanh(y[0]); return y;",
                x => { var y = new double[x.Length]; y[0] = x[0] * x[0]; for (int i = 1; i < x.Length; i++) y[i] = y[i - 1] + x[i] * x[i]; y[0] = Math.Tanh(y[0]); return y; }),
            // Straight-line code, a result shorter than the input.
            ("PolarPair", "var y = new double[2]; y[0] = Math.Sqrt(x[0] * x[0] + x[1] * x[1]); y[1] = Math.Atan2(x[1], x[0]) * x[2]; return y;",
                x => { var y = new double[2]; y[0] = Math.Sqrt(x[0] * x[0] + x[1] * x[1]); y[1] = Math.Atan2(x[1], x[0]) * x[2]; return y; }),
            // One of two allocations, chosen at run time (the returned value is a phi of both).
            ("EitherAllocation", "double[] y; if (x[0] > 0) { y = new double[x.Length]; for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[0]; } else { y = new double[1]; y[0] = Math.Exp(x[1]); } return y;",
                x => { double[] y; if (x[0] > 0) { y = new double[x.Length]; for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[0]; } else { y = new double[1]; y[0] = Math.Exp(x[1]); } return y; }),
            // Two returns, each of its own allocation; the input also written in place.
            ("TwoReturns", "x[1] = x[1] * x[2]; if (x[2] < 0) { var a = new double[3]; a[0] = x[0]; a[1] = x[1] * x[1]; a[2] = x[2]; return a; } var b = new double[2]; b[0] = Math.Cos(x[0]) * x[1]; b[1] = x[1] / x[2]; return b;",
                x => { x[1] = x[1] * x[2]; if (x[2] < 0) { var a = new double[3]; a[0] = x[0]; a[1] = x[1] * x[1]; a[2] = x[2]; return a; } var b = new double[2]; b[0] = Math.Cos(x[0]) * x[1]; b[1] = x[1] / x[2]; return b; }),
            // The array is made by a helper the weaver inlines (and filled by another).
            ("HelperAllocates", "var y = Make(x.Length); Fill(y, x); return y;",
                x => { var y = new double[x.Length]; for (int i = 0; i < x.Length; i++) y[i] = Math.Log(1 + x[i] * x[i]); return y; }),
            // A new array per step, the last one returned (a phi of allocations around a loop), as an explicit integrator writes it.
            ("IteratedMap", "var y = new double[x.Length]; for (int i = 0; i < x.Length; i++) y[i] = x[i]; for (int k = 0; k < 3; k++) { var z = new double[y.Length]; for (int i = 0; i < y.Length; i++) z[i] = y[i] + 0.1 * Math.Sin(y[(i + 1) % y.Length]) * x[i]; y = z; } return y;",
                x => { var y = new double[x.Length]; for (int i = 0; i < x.Length; i++) y[i] = x[i]; for (int k = 0; k < 3; k++) { var z = new double[y.Length]; for (int i = 0; i < y.Length; i++) z[i] = y[i] + 0.1 * Math.Sin(y[(i + 1) % y.Length]) * x[i]; y = z; } return y; }),
            // Nothing in the result depends on x: a zero gradient, a zero tangent.
            ("Constant", "var y = new double[x.Length]; for (int i = 0; i < y.Length; i++) y[i] = i; return y;",
                x => { var y = new double[x.Length]; for (int i = 0; i < y.Length; i++) y[i] = i; return y; }),
        };

        private static string Source(string body) => "using System; using AutoDiff; using static AutoDiff.Activity;\n" +
            "public static partial class M {\n" +
            "    static double[] Make(int n) => new double[n];\n" +
            "    static void Fill(double[] y, double[] x) { for (int i = 0; i < x.Length; i++) y[i] = Math.Log(1 + x[i] * x[i]); }\n" +
            "    [AutoDiffReverse(\"D\", Duplicated, Duplicated)]\n    [AutoDiffForward(\"T\", Dual, Dual)]\n" +
            "    public static double[] F(double[] x) { " + body + " }\n}";

        private static readonly double[][] Points = { new[] { 0.7, -1.3, 0.4, 2.1, -0.6 }, new[] { -0.8, 0.3, -1.1, 0.9 } };

        public static string[] CaseNames() => Cases.Select(c => c.Name).ToArray();

        [TestCaseSource(nameof(CaseNames))]
        public void VectorJacobianAndJacobianVectorProducts(string name)
        {
            var (_, body, reference) = Cases.Single(c => c.Name == name);
            using var woven = TestWeaver.WeaveAndLoad(Source(body), _optimize);
            var rev = woven.Get<Rev>("M", "D");
            var fwd = woven.Get<Fwd>("M", "T");
            foreach (var point in Points)
            {
                var expectedValue = reference((double[])point.Clone());
                var n = expectedValue.Length;
                var w = Enumerable.Range(0, n).Select(k => 0.3 + 0.7 * k - 0.2 * k * k).ToArray();
                var u = Enumerable.Range(0, point.Length).Select(k => 0.5 - 0.25 * k).ToArray();

                // Reverse: dx += Jᵀ w, against central differences of w·f(x).
                var x = (double[])point.Clone();
                var dx = new double[point.Length]; // zero: TwoReturns writes x, and a written input's shadow is also its seed
                var seed = (double[])w.Clone();
                var value = rev(x, dx, seed);
                Assert.That(value, Is.EqualTo(expectedValue).Within(1e-12), "primal array (reverse)");
                Assert.That(seed, Is.EqualTo(w), "the seed is read, not written");
                var vjp = FiniteDifferences.Gradient(p => Dot(w, reference((double[])p.Clone())), (double[])point.Clone());
                for (int k = 0; k < point.Length; k++)
                {
                    Assert.That(dx[k], Is.EqualTo(vjp[k]).Within(FiniteDifferences.Tolerance(vjp[k])), $"(Jᵀw)[{k}] at {Show(point)}");
                }

                // Forward: J u, against central differences of f along u.
                var (fvalue, tangent) = fwd((double[])point.Clone(), (double[])u.Clone());
                Assert.That(fvalue, Is.EqualTo(expectedValue).Within(1e-12), "primal array (forward)");
                Assert.That(tangent, Has.Length.EqualTo(n), "the tangent array has the result's length");
                for (int j = 0; j < n; j++)
                {
                    var jvp = FiniteDifferences.Derivative(h => reference(point.Zip(u, (p, d) => p + h * d).ToArray())[j], 0.0);
                    Assert.That(tangent[j], Is.EqualTo(jvp).Within(FiniteDifferences.Tolerance(jvp)), $"(J u)[{j}] at {Show(point)}");
                }

                // The other mode: w·(J u) = (Jᵀ w)·u.
                var both = Dot(w, tangent);
                Assert.That(both, Is.EqualTo(Dot(dx, u)).Within(1e-10 * Math.Max(1, Math.Abs(both))), "w·(J u) = (Jᵀ w)·u");
            }
        }

        [Test]
        public void SeedOfTheWrongLengthOrNullIsRefusedBeforeAnyGradientIsAdded()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source(Cases[0].Body), _optimize);
            var rev = woven.Get<Rev>("M", "D");
            var dx = new double[3];
            var e = Assert.Throws<ArgumentException>(() => rev(new[] { 1.0, 2.0, 3.0 }, dx, new double[2]));
            Assert.That(e!.Message, Does.Contain("'D': 'dret'").And.Contain("has 2 elements").And.Contain("array of 3"));
            Assert.That(dx, Is.EqualTo(new double[3]), "nothing was added into dx");
            e = Assert.Throws<ArgumentException>(() => rev(new[] { 1.0, 2.0, 3.0 }, dx, null!));
            Assert.That(e!.Message, Does.Contain("is null"));
            Assert.Throws<ArgumentException>(() => rev(new[] { 1.0, 2.0, 3.0 }, dx, new double[4]), "a longer seed is refused as well: it would say the result was longer");
        }

        [Test]
        public void AnArgumentOrItsShadowPassedAsTheSeedIsRefused()
        {
            // TwoReturns writes x[1] before it returns: a seed that is x would be read after that
            // write; a seed that is dx would be read as whatever dx holds. Both throw on entry.
            using var woven = TestWeaver.WeaveAndLoad(Source(Cases.Single(c => c.Name == "TwoReturns").Body), _optimize);
            var rev = woven.Get<Rev>("M", "D");
            var x = new[] { 1.0, 2.0, 3.0 };
            var dx = new double[3];
            var e = Assert.Throws<ArgumentException>(() => rev(x, dx, x));
            Assert.That(e!.Message, Does.Contain("'D' called with 'x' as the seed 'dret' of the returned array"));
            Assert.That(x, Is.EqualTo(new[] { 1.0, 2.0, 3.0 }), "refused before the method ran");
            e = Assert.Throws<ArgumentException>(() => rev(x, dx, dx));
            Assert.That(e!.Message, Does.Contain("the shadow of 'x' as the seed"));
        }

        [Test]
        public void EachCallGetsAFreshShadowSoCallsDoNotLeakIntoEachOther()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source(Cases[1].Body), _optimize);
            var rev = woven.Get<Rev>("M", "D");
            var point = new[] { 0.4, -0.2, 1.3 };
            var first = new double[3];
            rev((double[])point.Clone(), first, new[] { 1.0, 0.0, 0.0 });
            var second = new double[3];
            rev((double[])point.Clone(), second, new[] { 1.0, 0.0, 0.0 });
            Assert.That(second, Is.EqualTo(first), "the second call's gradient is not the first's plus the first's seed");
            Assert.That(first.Any(g => g != 0), Is.True);
            rev((double[])point.Clone(), second, new[] { 1.0, 0.0, 0.0 });
            Assert.That(second, Is.EqualTo(first.Select(g => 2 * g).ToArray()).Within(1e-15), "gradients are added into dx, as for every Duplicated input");
        }

        private delegate (float[], float) ScaleRev(float[] v, float[] dv, float s, float[] dret);

        private delegate float ScaleRevOnly(float[] v, float[] dv, float s, float[] dret);

        private delegate (float[], float[]) ScaleFwd(float[] v, float[] dv, float s, float ds);

        private delegate float[] ScaleFwdOnly(float[] v, float[] dv, float s, float ds);

        private delegate (float[], float[], float[]) ScaleFwdBatch(float[] v, float[] dv0, float[] dv1, float s, float ds0, float ds1);

        private const string ScaleSource = "using System; using AutoDiff; using static AutoDiff.Activity;\n" +
            "public static partial class M {\n" +
            "    [AutoDiffReverse(\"D\", Duplicated, Active, Duplicated)]\n" +
            "    [AutoDiffReverse(\"DOnly\", Duplicated, Active, DuplicatedOnly)]\n" +
            "    [AutoDiffForward(\"T\", Dual, Dual, Dual)]\n" +
            "    [AutoDiffForward(\"TOnly\", Dual, Dual, DualOnly)]\n" +
            "    [AutoDiffForward(\"TBatch\", 2, Dual, Dual, Dual)]\n" +
            "    public static float[] Scale(float[] v, float s) { var y = new float[v.Length]; for (int i = 0; i < v.Length; i++) y[i] = MathF.Sin(s * v[i]) * v[i]; return y; }\n}";

        /// <summary>y = sin(s·v)·v in float, with an Active scalar beside the Duplicated array: every result shape of a returned float[].</summary>
        [Test]
        public void FloatArrayWithAnActiveScalar_EveryResultShape()
        {
            using var woven = TestWeaver.WeaveAndLoad(ScaleSource, _optimize);
            var v = new[] { 0.5f, -1.25f, 2f };
            const float s = 0.75f;
            var w = new[] { 1f, -2f, 0.5f };
            // Exact partials: ∂yᵢ/∂vᵢ = cos(s vᵢ) s vᵢ + sin(s vᵢ), ∂yᵢ/∂s = cos(s vᵢ) vᵢ².
            var expectedDv = v.Select((vi, i) => w[i] * (Math.Cos(s * vi) * s * vi + Math.Sin(s * vi))).ToArray();
            var expectedDs = v.Select((vi, i) => w[i] * Math.Cos(s * vi) * vi * vi).Sum();

            var dv = new float[3];
            var (y, ds) = woven.Get<ScaleRev>("M", "D")((float[])v.Clone(), dv, s, w);
            Assert.That(y, Is.EqualTo(v.Select(vi => MathF.Sin(s * vi) * vi).ToArray()), "primal");
            Assert.That(dv, Is.EqualTo(expectedDv).Within(1e-5), "Jᵀw for v");
            Assert.That(ds, Is.EqualTo(expectedDs).Within(1e-5), "Jᵀw for s");

            var dvOnly = new float[3];
            var dsOnly = woven.Get<ScaleRevOnly>("M", "DOnly")((float[])v.Clone(), dvOnly, s, w);
            Assert.That(dvOnly, Is.EqualTo(dv), "DuplicatedOnly: the same gradients, no primal");
            Assert.That(dsOnly, Is.EqualTo(ds));

            // Forward along (u, us): the tangent is J·(u, us); against the reverse result, w·(J u) = (Jᵀw)·u.
            var u = new[] { 0.25f, 1f, -0.5f };
            const float us = -1.5f;
            var (fy, tangent) = woven.Get<ScaleFwd>("M", "T")((float[])v.Clone(), u, s, us);
            Assert.That(fy, Is.EqualTo(y));
            var both = w.Zip(tangent, (a, b) => (double)a * b).Sum();
            Assert.That(both, Is.EqualTo(dv.Zip(u, (a, b) => (double)a * b).Sum() + ds * us).Within(1e-4), "w·(J u) = (Jᵀw)·u");
            Assert.That(woven.Get<ScaleFwdOnly>("M", "TOnly")((float[])v.Clone(), u, s, us), Is.EqualTo(tangent), "DualOnly: the tangent array alone");

            var (by, t0, t1) = woven.Get<ScaleFwdBatch>("M", "TBatch")((float[])v.Clone(), u, new float[3], s, us, 1f);
            Assert.That(by, Is.EqualTo(y));
            Assert.That(t0, Is.EqualTo(tangent), "lane 0: the same direction");
            Assert.That(t0, Is.Not.SameAs(t1), "each lane has its own tangent array");
            Assert.That(t1, Is.EqualTo(v.Select(vi => (float)(Math.Cos(s * vi) * vi * vi)).ToArray()).Within(1e-5), "lane 1: ∂y/∂s");
        }

        /// <summary>The softmax with every loop reversed whole (taped), as before fused loops: the seed must reach the same gradient.</summary>
        [Test]
        public void SoftmaxUnfused()
        {
            using var woven = TestWeaver.WeaveAndLoadUnfused(Source(Cases[0].Body), _optimize);
            var x = new[] { 0.2, -0.4, 1.1 };
            var w = new[] { 1.0, 0.5, -2.0 };
            var dx = new double[3];
            woven.Get<Rev>("M", "D")((double[])x.Clone(), dx, w);
            var expected = FiniteDifferences.Gradient(p => Dot(w, Cases[0].Reference((double[])p.Clone())), (double[])x.Clone());
            Assert.That(dx, Is.EqualTo(expected).Within(1e-8));
        }

        private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

        private static string Show(double[] p) => "(" + string.Join(", ", p) + ")";
    }
}
