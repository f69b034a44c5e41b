using System;
using System.Numerics;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Struct shapes at the edges, compiled here from Debug and Release IL: a Vector3 held in a
    /// class's field, whole nested structs copied through an array, struct copies of parameters,
    /// a struct returned unchanged or constant. Hand-derived values.
    /// </summary>
    public sealed class StructEdgeTests
    {
        private const string Source = "using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public struct P { public double X, Y; }
public struct Seg { public P A, B; }
public class Body { public Vector3 Pos; public float M; }
public static partial class C {
    [AutoDiffReverse(""BodyRev"", Duplicated, Active)]
    [AutoDiffForward(""BodyFwd"", Dual, Dual)]
    public static float BodyNorm(Body b) { b.Pos *= 2f; return b.Pos.Length() * b.M; }

    [AutoDiffReverse(""CopyRev"", Duplicated, Active)]
    public static double Copy(Seg[] s) { var t = s[0]; s[1] = t; return s[1].A.X * t.B.Y; }

    [AutoDiffReverse(""ReplaceRev"", Active, Active, Active)]
    public static double Replace(P p, double q) { P r = p; r.X = q; P z = default; return r.X * p.X + z.Y; }

    [AutoDiffReverse(""SameRev"", Active, Active)]
    [AutoDiffForward(""SameFwd"", Dual, Dual)]
    public static Vector3 Same(Vector3 v) => v;

    [AutoDiffReverse(""WriteRev"", Active, Active)]
    [AutoDiffForward(""WriteFwd"", Dual, Dual)]
    public static double Write(double x) { P q = default; q.X = x > 0 ? x : 2 * x; return q.X; }

    [AutoDiffReverse(""InitRev"", Active, Active)]
    public static double Init(double x) { P q = new P { X = x > 0 ? x : 2 * x, Y = 1 }; return q.X * q.Y; }

    [AutoDiffReverse(""NestedRev"", Active, Active, Active)]
    public static double Nested(P p, double x) { Seg t = default; t.A = x > 0 ? p : default; return t.A.Y; }

    [AutoDiffReverse(""AddRev"", Active, Active, Active)]
    public static double Add(P p, double x) { p.X += x > 0 ? x : 2 * x; return p.X; }

    [AutoDiffReverse(""NothingRev"", Active, Active)]
    [AutoDiffForward(""NothingFwd"", Dual, Dual)]
    public static P Nothing(double x) => default;
}";

        private static object MakePoint(Type p, double x, double y)
        {
            var o = Activator.CreateInstance(p)!;
            p.GetField("X")!.SetValue(o, x);
            p.GetField("Y")!.SetValue(o, y);
            return o;
        }

        [TestCase(false, 1.5), TestCase(true, 1.5), TestCase(false, -1.5), TestCase(true, -1.5)]
        public void FieldsWrittenFromABranch(bool optimize, double x)
        {
            // The address of the struct waits on the IL stack while `c ? a : b` computes the value.
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var c = woven.Assembly.GetType("C")!;
            var p = woven.Assembly.GetType("P")!;
            double slope = x > 0 ? 1 : 2;
            Assert.That(woven.Get<Func<double, double, (double, double)>>("C", "WriteRev")(x, 1.0), Is.EqualTo((slope * x, slope)));
            Assert.That(woven.Get<Func<double, double, (double, double)>>("C", "WriteFwd")(x, 1.0), Is.EqualTo((slope * x, slope)));
            Assert.That(woven.Get<Func<double, double, (double, double)>>("C", "InitRev")(x, 1.0), Is.EqualTo((slope * x, slope)));
            var nested = (System.Runtime.CompilerServices.ITuple)c.GetMethod("NestedRev")!.Invoke(null, new object[] { MakePoint(p, 3, 4), x, 1.0 })!;
            Assert.That(nested[0], Is.EqualTo(x > 0 ? 4.0 : 0.0));
            Assert.That(p.GetField("Y")!.GetValue(nested[1]), Is.EqualTo(x > 0 ? 1.0 : 0.0), "∂p.Y");
            Assert.That(nested[2], Is.EqualTo(0.0));
            var added = (System.Runtime.CompilerServices.ITuple)c.GetMethod("AddRev")!.Invoke(null, new object[] { MakePoint(p, 3, 4), x, 1.0 })!;
            Assert.That(added[0], Is.EqualTo(3 + slope * x));
            Assert.That(p.GetField("X")!.GetValue(added[1]), Is.EqualTo(1.0), "∂p.X");
            Assert.That(added[2], Is.EqualTo(slope));
        }

        [TestCase(false), TestCase(true)]
        public void AVectorHeldInAClassField(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var type = woven.Assembly.GetType("Body")!;
            object Body(Vector3 pos, float m)
            {
                var b = Activator.CreateInstance(type)!;
                type.GetField("Pos")!.SetValue(b, pos);
                type.GetField("M")!.SetValue(b, m);
                return b;
            }
            var pos = new Vector3(1f, -2f, 2f);
            var shadow = Body(Vector3.Zero, 0f);
            var value = (float)woven.Assembly.GetType("C")!.GetMethod("BodyRev")!.Invoke(null, new[] { Body(pos, 1.5f), shadow, 1f })!;
            Assert.That(value, Is.EqualTo(2 * 3 * 1.5f).Within(1e-5));
            // f = |2·Pos|·M: ∂Pos = 2·M·Pos/|Pos|, ∂M = 2|Pos|.
            var dpos = (Vector3)type.GetField("Pos")!.GetValue(shadow)!;
            Assert.That(dpos.X, Is.EqualTo(2 * 1.5f * pos.X / 3).Within(1e-5));
            Assert.That(dpos.Y, Is.EqualTo(2 * 1.5f * pos.Y / 3).Within(1e-5));
            Assert.That(dpos.Z, Is.EqualTo(2 * 1.5f * pos.Z / 3).Within(1e-5));
            Assert.That((float)type.GetField("M")!.GetValue(shadow)!, Is.EqualTo(6f).Within(1e-5));
            var (_, tangent) = ((float, float))woven.Assembly.GetType("C")!.GetMethod("BodyFwd")!.Invoke(null, new[] { Body(pos, 1.5f), Body(Vector3.UnitY, 1f) })!;
            Assert.That(tangent, Is.EqualTo(dpos.Y + 6f).Within(1e-5), "⟨ẋ, ∇f⟩");
        }

        [TestCase(false), TestCase(true)]
        public void NestedStructsCopiedThroughAnArray(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var seg = woven.Assembly.GetType("Seg")!;
            var p = woven.Assembly.GetType("P")!;
            object Point(double x, double y) => MakePoint(p, x, y);
            Array Segments(params double[] v)
            {
                var a = Array.CreateInstance(seg, 2);
                for (int k = 0; k < 2; k++)
                {
                    var s = Activator.CreateInstance(seg)!;
                    seg.GetField("A")!.SetValue(s, Point(v[4 * k], v[4 * k + 1]));
                    seg.GetField("B")!.SetValue(s, Point(v[4 * k + 2], v[4 * k + 3]));
                    a.SetValue(s, k);
                }
                return a;
            }
            double Leaf(Array a, int k, string end, string axis) => (double)p.GetField(axis)!.GetValue(seg.GetField(end)!.GetValue(a.GetValue(k)))!;
            // Copy(s) = s₀.A.X·s₀.B.Y, and s₁ = s₀ is an output whose shadow (9s) is its seed:
            // ∂s₀ = (s₀.B.Y + 9, 9, 9, s₀.A.X + 9); s₁'s shadow is reset to 0 (it was overwritten).
            var shadow = Segments(0, 0, 0, 0, 9, 9, 9, 9);
            var value = (double)woven.Assembly.GetType("C")!.GetMethod("CopyRev")!.Invoke(null, new object[] { Segments(2, 3, 4, 5, 6, 7, 8, 9), shadow, 1.0 })!;
            Assert.That(value, Is.EqualTo(2.0 * 5.0));
            Assert.That(new[] { Leaf(shadow, 0, "A", "X"), Leaf(shadow, 0, "A", "Y"), Leaf(shadow, 0, "B", "X"), Leaf(shadow, 0, "B", "Y") }, Is.EqualTo(new[] { 5.0 + 9, 9, 9, 2.0 + 9 }));
            Assert.That(new[] { Leaf(shadow, 1, "A", "X"), Leaf(shadow, 1, "A", "Y"), Leaf(shadow, 1, "B", "X"), Leaf(shadow, 1, "B", "Y") }, Is.EqualTo(new[] { 0.0, 0, 0, 0 }));
        }

        [TestCase(false), TestCase(true)]
        public void CopiesOfAStructParameterAndDefaultStructs(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var c = woven.Assembly.GetType("C")!;
            var p = woven.Assembly.GetType("P")!;
            object Point(double x, double y) => MakePoint(p, x, y);
            (double, double) Fields(object o) => ((double)p.GetField("X")!.GetValue(o)!, (double)p.GetField("Y")!.GetValue(o)!);

            // Replace(p, q) = q·p.X: ∂p = (q, 0), ∂q = p.X.
            var replaced = (System.Runtime.CompilerServices.ITuple)c.GetMethod("ReplaceRev")!.Invoke(null, new object[] { Point(3, 4), 5.0, 1.0 })!;
            Assert.That(replaced[0], Is.EqualTo(15.0));
            Assert.That(Fields(replaced[1]!), Is.EqualTo((5.0, 0.0)));
            Assert.That(replaced[2], Is.EqualTo(3.0));

            var same = woven.Get<Func<Vector3, Vector3, (Vector3, Vector3)>>("C", "SameRev");
            Assert.That(same(new Vector3(1, 2, 3), new Vector3(4, 5, 6)), Is.EqualTo((new Vector3(1, 2, 3), new Vector3(4, 5, 6))), "the identity passes the seed through");
            Assert.That(woven.Get<Func<Vector3, Vector3, (Vector3, Vector3)>>("C", "SameFwd")(new Vector3(1, 2, 3), new Vector3(4, 5, 6)),
                Is.EqualTo((new Vector3(1, 2, 3), new Vector3(4, 5, 6))));

            var nothing = (System.Runtime.CompilerServices.ITuple)c.GetMethod("NothingRev")!.Invoke(null, new object[] { 2.0, Point(1, 1) })!;
            Assert.That(Fields(nothing[0]!), Is.EqualTo((0.0, 0.0)));
            Assert.That(nothing[1], Is.EqualTo(0.0), "a constant struct passes no derivative back");
            var nothingForward = (System.Runtime.CompilerServices.ITuple)c.GetMethod("NothingFwd")!.Invoke(null, new object[] { 2.0, 1.0 })!;
            Assert.That(Fields(nothingForward[1]!), Is.EqualTo((0.0, 0.0)), "a constant struct has a zero tangent");
        }
    }
}
