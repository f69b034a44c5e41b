using System.Numerics;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>A user struct with a constructor that stores its parameters.</summary>
    public struct Pair
    {
        public double A;
        public double B;

        public Pair(double a, double b)
        {
            A = a;
            B = b;
        }
    }

    /// <summary>
    /// Structs computed inside the function: locals written field by field, constructors,
    /// System.Numerics vector arithmetic, whole elements copied in and out of arrays, structs
    /// carried around loops and across branches, and struct return values.
    /// </summary>
    public static partial class StructLocals
    {
        // |a − b| through Vector3's operator and Length().
        [AutoDiffReverse("GapRev", Active, Active, Active)]
        [AutoDiffForward("GapFwd", Dual, Dual, Dual)]
        public static float Gap(Vector3 a, Vector3 b)
        {
            var d = a - b;
            return d.Length();
        }

        // s·|a|² + (1, 2, 3)·a, through a vector built with new and Vector3.Dot.
        [AutoDiffReverse("ShiftedDotRev", Active, Active, Active)]
        [AutoDiffForward("ShiftedDotFwd", Dual, Dual, Dual)]
        public static float ShiftedDot(Vector3 a, float s)
        {
            var v = a * s + new Vector3(1, 2, 3);
            return Vector3.Dot(v, a);
        }

        // A struct return: the seed is a Vector3, the gradient of a is too.
        [AutoDiffReverse("ScaleRev", Active, Active, Active)]
        [AutoDiffForward("ScaleFwd", Dual, Dual, Dual)]
        public static Vector3 Scale(Vector3 a, float s) => a * s;

        // |r × f|² and the x of a normalised vector: Cross, LengthSquared, Normalize.
        [AutoDiffReverse("TorqueRev", Active, Active, Active)]
        [AutoDiffForward("TorqueFwd", Dual, Dual, Dual)]
        public static float Torque(Vector3 r, Vector3 f) => Vector3.Cross(r, f).LengthSquared() + Vector3.Normalize(r).X;

        // Vector3.Lerp with a scalar amount and with a vector of amounts (one per lane).
        [AutoDiffReverse("BlendRev", Active, Active, Active, Active)]
        [AutoDiffForward("BlendFwd", Dual, Dual, Dual, Dual)]
        public static float Blend(Vector3 a, Vector3 b, float s)
            => Vector3.Lerp(a, b, s).LengthSquared() + Vector3.Lerp(a, b, new Vector3(s, s * s, 0.5f)).Y;

        // A user constructor, returned.
        [AutoDiffReverse("MidRev", Active, Active, Active)]
        [AutoDiffForward("MidFwd", Dual, Dual, Dual)]
        public static Pair Mid(Pair a, Pair b) => new Pair((a.A + b.A) / 2, a.B * b.B);

        // An object initialiser, then a field updated in place (ldloca, ldflda, dup, ldind, stind).
        [AutoDiffReverse("InitRev", Active, Active)]
        [AutoDiffForward("InitFwd", Dual, Dual)]
        public static Point Init(double x)
        {
            var p = new Point { X = x, Y = x * x };
            p.X += 1;
            return p;
        }

        // A parameter's fields written.
        [AutoDiffReverse("ShiftRev", Active, Active, Active)]
        [AutoDiffForward("ShiftFwd", Dual, Dual, Dual)]
        public static double Shift(Point p, double d)
        {
            p.X += d;
            p.Y *= d;
            return p.X * p.Y;
        }

        // A struct local accumulated around a loop: per-field phis.
        [AutoDiffReverse("CentroidProductRev", Duplicated, Active)]
        [AutoDiffForward("CentroidProductFwd", Dual, Dual)]
        public static double CentroidProduct(Point[] ps)
        {
            Point acc = default;
            for (int i = 0; i < ps.Length; i++)
            {
                acc.X += ps[i].X;
                acc.Y += ps[i].Y;
            }
            return acc.X * acc.Y / (ps.Length * ps.Length);
        }

        // Whole elements copied out of an array.
        [AutoDiffReverse("SumOfProductsRev", Duplicated, Active)]
        [AutoDiffForward("SumOfProductsFwd", Dual, Dual)]
        public static double SumOfProducts(Point[] ps)
        {
            double s = 0;
            for (int i = 0; i < ps.Length; i++)
            {
                var p = ps[i];
                s += p.X * p.Y;
            }
            return s;
        }

        // Whole elements written into an array (in place: what was read is overwritten).
        [AutoDiffReverse("StretchRev", Duplicated, Active, Active)]
        [AutoDiffForward("StretchFwd", Dual, Dual, Dual)]
        public static double Stretch(Pair[] ps, double a)
        {
            for (int i = 0; i < ps.Length; i++) ps[i] = new Pair(ps[i].A * a, ps[i].B);
            return ps[0].A * ps[ps.Length - 1].B;
        }

        // A Vector3 sum over an array, returned: the seed goes to every element.
        [AutoDiffReverse("TotalRev", Duplicated, Active)]
        [AutoDiffForward("TotalFwd", Dual, Dual)]
        public static Vector3 Total(Vector3[] vs)
        {
            var s = Vector3.Zero;
            foreach (var v in vs) s += v;
            return s;
        }

        // A struct chosen by a branch (the stack carries it across the join).
        [AutoDiffReverse("PickRev", Active, Active, Const, Active)]
        [AutoDiffForward("PickFwd", Dual, Dual, Const, Dual)]
        public static double Pick(Point a, Point b, bool first)
        {
            var p = first ? a : b;
            return p.X * p.Y;
        }

        // Every System.Numerics member the weaver writes out, once each, across Vector2/3/4.
        [AutoDiffReverse("VectorTourRev", Active, Active, Active, Active, Active, Active)]
        [AutoDiffForward("VectorTourFwd", Dual, Dual, Dual, Dual, Dual, Dual)]
        public static float VectorTour(Vector3 a, Vector3 b, Vector2 c, Vector4 d, float s)
        {
            var u = Vector3.Abs(a) + Vector3.Min(a, b) * 0.5f - Vector3.Max(a, b) / 3f;
            var w = Vector3.SquareRoot(Vector3.Abs(b) + Vector3.One) + Vector3.Negate(a) + Vector3.Multiply(a, b)
                - Vector3.Divide(a, 2f) + Vector3.UnitX * s + 2f * Vector3.UnitY + b / a;
            float r = Vector3.Distance(u, w) + Vector3.DistanceSquared(a, w) + Vector2.Dot(c, c) + Vector2.Normalize(c).Y
                + d.Length() + (d * s).LengthSquared() + Vector4.Dot(d, Vector4.UnitW) + (-u).Z + (+u).X
                + Vector3.Add(u, Vector3.Subtract(w, Vector3.UnitZ)).Y + Vector3.Cross(a, w).Z + Vector3.Zero.X;
            return r + new Vector3(s).X + new Vector4(c, s, 1f).Z + new Vector3(c, 2f).Y + Vector4.Multiply(s, d).W;
        }
    }
}
