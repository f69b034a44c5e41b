using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Structs computed inside the function (Fixtures.StructLocals), in both modes on the
    /// Fody-woven fixtures from Debug and Release IL. Vector3 cases are checked against
    /// hand-derived gradients (float primal: finite differences would be too coarse); double
    /// cases against central differences; every case against the other mode (⟨ẋ, ∇f⟩ equals the
    /// forward tangent).
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class StructLocalTests
    {
        private const string Fixture = "Fixtures.StructLocals";
        private readonly FixtureBuild _build;

        public StructLocalTests(FixtureBuild build) => _build = build;

        private TDelegate Get<TDelegate>(string name) where TDelegate : Delegate => FixtureAssemblies.Get<TDelegate>(_build, Fixture, name);

        private static void Near(float actual, double expected, string what) =>
            Assert.That(actual, Is.EqualTo(expected).Within(2e-5 * Math.Max(1, Math.Abs(expected))), what);

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        private static void Near(Vector3 actual, Vector3 expected, string what)
        {
            Near(actual.X, expected.X, what + ".X");
            Near(actual.Y, expected.Y, what + ".Y");
            Near(actual.Z, expected.Z, what + ".Z");
        }

        [Test]
        public void OperatorsAndLengthOfALocalVector()
        {
            var a = new Vector3(1f, 2f, 4f);
            var b = new Vector3(-2f, 6f, 4.5f);
            var (value, da, db) = Get<Func<Vector3, Vector3, float, (float, Vector3, Vector3)>>("GapRev")(a, b, 1f);
            var d = a - b;
            float r = d.Length();
            Near(value, r, "|a − b|");
            Near(da, d / r, "∂a = (a − b)/r");
            Near(db, -d / r, "∂b = −(a − b)/r");
            var ta = new Vector3(0.5f, -1f, 2f);
            var tb = new Vector3(1f, 0.25f, 0f);
            var (fvalue, tangent) = Get<Func<Vector3, Vector3, Vector3, Vector3, (float, float)>>("GapFwd")(a, ta, b, tb);
            Near(fvalue, r, "primal");
            Near(tangent, Vector3.Dot(ta, da) + Vector3.Dot(tb, db), "⟨ẋ, ∇f⟩");
        }

        [Test]
        public void ConstructorAndDotOfVectors()
        {
            var a = new Vector3(0.5f, -1.5f, 2f);
            const float s = 1.25f;
            var (value, da, ds) = Get<Func<Vector3, float, float, (float, Vector3, float)>>("ShiftedDotRev")(a, s, 2f);
            Near(value, s * a.LengthSquared() + Vector3.Dot(new Vector3(1, 2, 3), a), "value");
            Near(da, 2f * (2 * s * a + new Vector3(1, 2, 3)), "∂a = 2·(2sa + (1, 2, 3))");
            Near(ds, 2f * a.LengthSquared(), "∂s = 2·|a|²");
            var ta = new Vector3(1f, 0f, -1f);
            var (_, tangent) = Get<Func<Vector3, Vector3, float, float, (float, float)>>("ShiftedDotFwd")(a, ta, s, 0.5f);
            Near(tangent, (Vector3.Dot(ta, da) + 0.5f * ds) / 2f, "⟨ẋ, ∇f⟩");
        }

        [Test]
        public void AVectorReturnValueTakesAVectorSeed()
        {
            var a = new Vector3(1f, -2f, 3f);
            var seed = new Vector3(0.5f, 1f, -2f);
            var (value, da, ds) = Get<Func<Vector3, float, Vector3, (Vector3, Vector3, float)>>("ScaleRev")(a, 3f, seed);
            Near(value, a * 3f, "a·s");
            Near(da, seed * 3f, "∂a = s·seed");
            Near(ds, Vector3.Dot(a, seed), "∂s = a·seed");
            var (fvalue, tangent) = Get<Func<Vector3, Vector3, float, float, (Vector3, Vector3)>>("ScaleFwd")(a, seed, 3f, 2f);
            Near(fvalue, a * 3f, "primal");
            Near(tangent, seed * 3f + a * 2f, "ȧ·s + a·ṡ");
        }

        [Test]
        public void CrossNormalizeAndLengthSquared()
        {
            var r = new Vector3(1f, 2f, -0.5f);
            var f = new Vector3(-1f, 0.5f, 2f);
            var (value, dr, df) = Get<Func<Vector3, Vector3, float, (float, Vector3, Vector3)>>("TorqueRev")(r, f, 1f);
            // f(r, F) = |r × F|² + r.x/|r|: ∂/∂r = 2 F × (r × F)... written out through Lagrange's identity:
            // |r × F|² = |r|²|F|² − (r·F)², so ∂r = 2|F|² r − 2(r·F) F, ∂F = 2|r|² F − 2(r·F) r;
            // ∂(r.x/|r|)/∂r = e_x/|r| − r.x r/|r|³.
            double rr = r.LengthSquared(), ff = f.LengthSquared(), rf = Vector3.Dot(r, f), n = Math.Sqrt(rr);
            Near(value, rr * ff - rf * rf + r.X / n, "value");
            Near(dr.X, 2 * ff * r.X - 2 * rf * f.X + 1 / n - r.X * r.X / (n * rr), "∂r.x");
            Near(dr.Y, 2 * ff * r.Y - 2 * rf * f.Y - r.X * r.Y / (n * rr), "∂r.y");
            Near(dr.Z, 2 * ff * r.Z - 2 * rf * f.Z - r.X * r.Z / (n * rr), "∂r.z");
            Near(df.X, 2 * rr * f.X - 2 * rf * r.X, "∂F.x");
            Near(df.Y, 2 * rr * f.Y - 2 * rf * r.Y, "∂F.y");
            Near(df.Z, 2 * rr * f.Z - 2 * rf * r.Z, "∂F.z");
            var tr = new Vector3(0f, 1f, 1f);
            var tf = new Vector3(1f, 0f, 0.5f);
            var (_, tangent) = Get<Func<Vector3, Vector3, Vector3, Vector3, (float, float)>>("TorqueFwd")(r, tr, f, tf);
            Near(tangent, Vector3.Dot(tr, dr) + Vector3.Dot(tf, df), "⟨ẋ, ∇f⟩");
        }

        [Test]
        public void LerpWithAScalarAndAVectorAmount()
        {
            var a = new Vector3(1f, -2f, 0.5f);
            var b = new Vector3(3f, 1.5f, -1f);
            const float s = 0.3f;
            var (value, da, db, ds) = Get<Func<Vector3, Vector3, float, float, (float, Vector3, Vector3, float)>>("BlendRev")(a, b, s, 1f);
            // f = |m|² + n.y with m = a(1 − s) + b s and n.y = a.y(1 − s²) + b.y s², by hand in double:
            // ∂a = 2m(1 − s) + (0, 1 − s², 0), ∂b = 2m s + (0, s², 0), ∂s = 2 m·(b − a) + 2s (b.y − a.y).
            double mx = a.X * (1.0 - s) + b.X * s, my = a.Y * (1.0 - s) + b.Y * s, mz = a.Z * (1.0 - s) + b.Z * s;
            Near(value, mx * mx + my * my + mz * mz + a.Y * (1.0 - s * s) + b.Y * (double)s * s, "value");
            Near(da.X, 2 * mx * (1 - s), "∂a.x");
            Near(da.Y, 2 * my * (1 - s) + 1 - (double)s * s, "∂a.y");
            Near(da.Z, 2 * mz * (1 - s), "∂a.z");
            Near(db.X, 2 * mx * s, "∂b.x");
            Near(db.Y, 2 * my * s + (double)s * s, "∂b.y");
            Near(db.Z, 2 * mz * s, "∂b.z");
            Near(ds, 2 * (mx * (b.X - a.X) + my * (b.Y - a.Y) + mz * (b.Z - a.Z)) + 2.0 * s * (b.Y - a.Y), "∂s");
            var ta = new Vector3(0.5f, 1f, 0f);
            var tb = new Vector3(0f, -1f, 2f);
            var (fvalue, tangent) = Get<Func<Vector3, Vector3, Vector3, Vector3, float, float, (float, float)>>("BlendFwd")(a, ta, b, tb, s, 2f);
            Near(fvalue, value, "primal");
            Near(tangent, Vector3.Dot(ta, da) + Vector3.Dot(tb, db) + 2f * ds, "⟨ẋ, ∇f⟩");
        }

        [Test]
        public void VectorSumOverAnArrayReturned()
        {
            var vs = new[] { new Vector3(1, 2, 3), new Vector3(-1, 0.5f, 2), new Vector3(4, 4, -4) };
            var shadow = new Vector3[3];
            var seed = new Vector3(1f, -2f, 0.5f);
            var value = Get<Func<Vector3[], Vector3[], Vector3, Vector3>>("TotalRev")(vs, shadow, seed);
            Near(value, vs[0] + vs[1] + vs[2], "Σv");
            foreach (var g in shadow) Near(g, seed, "∂vᵢ = seed");
            var tangents = new[] { new Vector3(1, 0, 0), new Vector3(0, 2, 0), new Vector3(0, 0, 3) };
            var (fvalue, tangent) = Get<Func<Vector3[], Vector3[], (Vector3, Vector3)>>("TotalFwd")(vs, tangents);
            Near(fvalue, value, "primal");
            Near(tangent, new Vector3(1, 2, 3), "Σ v̇ᵢ");
        }

        private delegate (float, Vector3, Vector3, Vector2, Vector4, float) TourRev(Vector3 a, Vector3 b, Vector2 c, Vector4 d, float s, float seed);

        private delegate (float, float) TourFwd(Vector3 a, Vector3 da, Vector3 b, Vector3 db, Vector2 c, Vector2 dc, Vector4 d, Vector4 dd, float s, float ds);

        private static float[] Pack(Vector3 a, Vector3 b, Vector2 c, Vector4 d, float s) =>
            new[] { a.X, a.Y, a.Z, b.X, b.Y, b.Z, c.X, c.Y, d.X, d.Y, d.Z, d.W, s };

        private static float Tour(Func<Vector3, Vector3, Vector2, Vector4, float, float> f, float[] v) =>
            f(new Vector3(v[0], v[1], v[2]), new Vector3(v[3], v[4], v[5]), new Vector2(v[6], v[7]), new Vector4(v[8], v[9], v[10], v[11]), v[12]);

        [Test]
        public void EveryVectorMemberTheWeaverWritesOut()
        {
            var primal = Get<Func<Vector3, Vector3, Vector2, Vector4, float, float>>("VectorTour");
            var a = new Vector3(1.5f, -0.75f, 2f);
            var b = new Vector3(-0.5f, 1.25f, 3f);
            var c = new Vector2(0.6f, -1.1f);
            var d = new Vector4(0.3f, -0.8f, 1.2f, 0.9f);
            const float s = 0.7f;
            var (value, da, db, dc, dd, ds) = Get<TourRev>("VectorTourRev")(a, b, c, d, s, 1f);
            Near(value, primal(a, b, c, d, s), "the written-out members compute what the library computes");
            var at = Pack(a, b, c, d, s);
            var gradient = Pack(da, db, dc, dd, ds);
            for (int k = 0; k < at.Length; k++)
            {
                // Central differences in float, h = 1e-2: truncation ~1e-4, rounding ~1e-5, relative.
                var plus = (float[])at.Clone();
                var minus = (float[])at.Clone();
                plus[k] += 1e-2f;
                minus[k] -= 1e-2f;
                double expected = ((double)Tour(primal, plus) - Tour(primal, minus)) / ((double)plus[k] - minus[k]);
                Assert.That(gradient[k], Is.EqualTo(expected).Within(2e-3 * Math.Max(1, Math.Abs(expected))), $"∂[{k}]");
            }
            var (fvalue, tangent) = Get<TourFwd>("VectorTourFwd")(a, Vector3.UnitX, b, Vector3.UnitY, c, Vector2.One, d, Vector4.UnitZ, s, 2f);
            Near(fvalue, value, "primal");
            Near(tangent, da.X + db.Y + dc.X + dc.Y + dd.Z + 2f * ds, "⟨ẋ, ∇f⟩");
        }

        // ----- user structs (types differ per fixture build: reflection) -----

        private Type FixtureType(string name) => FixtureAssemblies.Type(_build, "Fixtures." + name);

        private object Make(string type, double x, double y)
        {
            var t = FixtureType(type);
            var names = type == "Pair" ? new[] { "A", "B" } : new[] { "X", "Y" };
            var o = Activator.CreateInstance(t)!;
            t.GetField(names[0])!.SetValue(o, x);
            t.GetField(names[1])!.SetValue(o, y);
            return o;
        }

        private static (double, double) Fields(object o)
        {
            var f = o.GetType().GetFields();
            return ((double)f[0].GetValue(o)!, (double)f[1].GetValue(o)!);
        }

        private object Call(string method, params object[] args) => FixtureType("StructLocals").GetMethod(method)!.Invoke(null, args)!;

        private static ITuple Tuple(object o) => (ITuple)o;

        [Test]
        public void AUserConstructorReturned()
        {
            // Mid(a, b) = ((a.A + b.A)/2, a.B·b.B); with seed (s, t): ∂a = (s/2, t·b.B), ∂b = (s/2, t·a.B).
            var result = Tuple(Call("MidRev", Make("Pair", 1, 2), Make("Pair", 3, -4), Make("Pair", 0.5, 2)));
            Assert.That(Fields(result[0]!), Is.EqualTo((2.0, -8.0)));
            Assert.That(Fields(result[1]!), Is.EqualTo((0.25, -8.0)));
            Assert.That(Fields(result[2]!), Is.EqualTo((0.25, 4.0)));
            var forward = Tuple(Call("MidFwd", Make("Pair", 1, 2), Make("Pair", 1, 1), Make("Pair", 3, -4), Make("Pair", 0, 0.5)));
            Assert.That(Fields(forward[0]!), Is.EqualTo((2.0, -8.0)));
            Assert.That(Fields(forward[1]!), Is.EqualTo((0.5, 1 * -4 + 2 * 0.5)));
        }

        [Test]
        public void AnInitialiserThenAFieldUpdatedInPlace()
        {
            // Init(x) = (x + 1, x²); with seed (s, t): ∂x = s + 2xt.
            var result = Tuple(Call("InitRev", 3.0, Make("Point", 0.5, 2)));
            Assert.That(Fields(result[0]!), Is.EqualTo((4.0, 9.0)));
            Assert.That(result[1], Is.EqualTo(0.5 + 2 * 3 * 2.0));
            var forward = Tuple(Call("InitFwd", 3.0, 1.5));
            Assert.That(Fields(forward[0]!), Is.EqualTo((4.0, 9.0)));
            Assert.That(Fields(forward[1]!), Is.EqualTo((1.5, 2 * 3 * 1.5)));
        }

        [Test]
        public void AParametersFieldsWritten()
        {
            double F(double[] v) => (double)Call("Shift", Make("Point", v[0], v[1]), v[2]);
            var at = new[] { 1.5, -2.0, 0.75 };
            var result = Tuple(Call("ShiftRev", Make("Point", at[0], at[1]), at[2], 1.0));
            var expected = FiniteDifferences.Gradient(F, at);
            Assert.That(result[0], Is.EqualTo(F(at)));
            var (gx, gy) = Fields(result[1]!);
            Near(gx, expected[0], "∂p.X");
            Near(gy, expected[1], "∂p.Y");
            Near((double)result[2]!, expected[2], "∂d");
            var (_, tangent) = ((double, double))Call("ShiftFwd", Make("Point", at[0], at[1]), Make("Point", 1, 0), at[2], 2.0);
            Near(tangent, gx + 2 * (double)result[2]!, "⟨ẋ, ∇f⟩", 1e-9);
        }

        [Test]
        public void AStructChosenByABranch([Values] bool first)
        {
            double F(double[] v) => (double)Call("Pick", Make("Point", v[0], v[1]), Make("Point", v[2], v[3]), first);
            var at = new[] { 1.5, -2.0, 0.75, 3.0 };
            var result = Tuple(Call("PickRev", Make("Point", at[0], at[1]), Make("Point", at[2], at[3]), first, 1.0));
            var expected = FiniteDifferences.Gradient(F, at);
            var (ax, ay) = Fields(result[1]!);
            var (bx, by) = Fields(result[2]!);
            Assert.That(new[] { ax, ay, bx, by }, Is.EqualTo(expected).Within(1e-6));
            var (_, tangent) = ((double, double))Call("PickFwd", Make("Point", at[0], at[1]), Make("Point", 1, 1), Make("Point", at[2], at[3]), Make("Point", 1, -1), first);
            Near(tangent, ax + ay + bx - by, "⟨ẋ, ∇f⟩", 1e-9);
        }

        private Array Array(string type, params double[] xy)
        {
            var array = System.Array.CreateInstance(FixtureType(type), xy.Length / 2);
            for (int k = 0; k < array.Length; k++) array.SetValue(Make(type, xy[2 * k], xy[2 * k + 1]), k);
            return array;
        }

        private static double[] Flat(Array points)
        {
            var xy = new double[points.Length * 2];
            for (int k = 0; k < points.Length; k++) (xy[2 * k], xy[2 * k + 1]) = Fields(points.GetValue(k)!);
            return xy;
        }

        [TestCase("CentroidProduct")]
        [TestCase("SumOfProducts")]
        public void StructsFromAnArray(string name)
        {
            var xy = new[] { 1.0, 2.0, -0.5, 3.0, 2.5, 0.25 };
            double F(double[] v) => (double)Call(name, Array("Point", v));
            var shadow = Array("Point", new double[6]);
            var value = (double)Call(name + "Rev", Array("Point", xy), shadow, 1.0);
            Assert.That(value, Is.EqualTo(F(xy)).Within(1e-12));
            var g = Flat(shadow);
            var expected = FiniteDifferences.Gradient(F, xy);
            for (int k = 0; k < xy.Length; k++) Near(g[k], expected[k], $"∂[{k}]");
            var (_, tangent) = ((double, double))Call(name + "Fwd", Array("Point", xy), Array("Point", 1, 0, 0, 2, -1, 0));
            Near(tangent, g[0] + 2 * g[3] - g[4], "⟨ẋ, ∇f⟩", 1e-9);
        }

        [Test]
        public void WholeElementsWrittenInPlace()
        {
            var ab = new[] { 1.0, 2.0, -0.5, 3.0, 2.5, 0.25 };
            double F(double[] v, double a) => (double)Call("Stretch", Array("Pair", v), a);
            var shadow = Array("Pair", new double[6]);
            var result = Tuple(Call("StretchRev", Array("Pair", ab), shadow, 0.8, 1.0));
            Assert.That(result[0], Is.EqualTo(F(ab, 0.8)));
            Near((double)result[1]!, FiniteDifferences.Derivative(a => F(ab, a), 0.8), "∂a");
            var g = Flat(shadow);
            var expected = FiniteDifferences.Gradient(v => F(v, 0.8), ab);
            for (int k = 0; k < ab.Length; k++) Near(g[k], expected[k], $"∂[{k}]");
            var (_, tangent) = ((double, double))Call("StretchFwd", Array("Pair", ab), Array("Pair", 1, 0, 0, 0, 0, 1), 0.8, 1.0);
            Near(tangent, g[0] + g[5] + (double)result[1]!, "⟨ẋ, ∇f⟩", 1e-9);
        }
    }
}
