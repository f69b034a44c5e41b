using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>Control flow in differentiated code: each method has a reverse and a forward derivative.</summary>
    public static partial class Branching
    {
        // Piecewise: a different formula on each side of 0.
        [AutoDiffReverse("PiecewiseRev", Active, Active)]
        [AutoDiffForward("PiecewiseFwd", Dual, Dual)]
        public static double Piecewise(double x)
        {
            if (x < 0) return x * x;
            return 3 * Math.Sin(x);
        }

        // Early returns under several conditions.
        [AutoDiffReverse("EarlyRev", Active, Active, Active)]
        [AutoDiffForward("EarlyFwd", Dual, Dual, Dual)]
        public static double Early(double x, double y)
        {
            if (x > 2) return x * y;
            if (y < -1) return y * y * y;
            double z = x + y;
            if (z == 0) return 1.0;
            return x / z;
        }

        // A ternary inside an expression: the C# compiler leaves `a` on the stack across the branch.
        [AutoDiffReverse("TernaryRev", Active, Active, Const, Active)]
        [AutoDiffForward("TernaryFwd", Dual, Dual, Const, Dual)]
        public static double Ternary(double a, double b, bool c) => a + (c ? b * b : Math.Exp(b)) * a;

        // A value defined differently on two paths and used after the join (float).
        [AutoDiffReverse("JoinRev", Active, Active, Active)]
        [AutoDiffForward("JoinFwd", Dual, Dual, Dual)]
        public static float Join(float x, float y)
        {
            float t;
            if (x * y > 1f) t = x * MathF.Cos(y);
            else t = y - x;
            t = t * t + x;
            return t / (1f + y * y);
        }

        // Max, Min and Abs.
        [AutoDiffReverse("ClampRev", Active, Active, Active, Active)]
        [AutoDiffForward("ClampFwd", Dual, Dual, Dual, Dual)]
        public static double Clamp(double x, double lo, double hi) => Math.Min(Math.Max(x, lo), hi) + Math.Abs(x - lo);

        // A switch over a Const integer.
        [AutoDiffReverse("SwitchRev", Active, Const, Active)]
        [AutoDiffForward("SwitchFwd", Dual, Const, Dual)]
        public static double Switch(double x, int k)
        {
            switch (k)
            {
                case 0: return x;
                case 1: return x * x;
                case 2: return Math.Sqrt(x);
                case 3: return Math.Log(x) * x;
                default: return -x;
            }
        }

        // A switch over an enum, and a comparison whose result feeds arithmetic through a branch.
        [AutoDiffReverse("ShapeRev", Active, Const, Active)]
        [AutoDiffForward("ShapeFwd", Dual, Const, Dual)]
        public static double Shape(double r, ShapeKind kind)
        {
            double area;
            switch (kind)
            {
                case ShapeKind.Circle: area = Math.PI * r * r; break;
                case ShapeKind.Square: area = r * r; break;
                default: area = 0.5 * r * r * Math.Sqrt(3) / 2; break;
            }
            return area > 10 ? Math.Sqrt(area) : area;
        }

        // Negated float comparisons (bge.un and friends) choose the branch; NaN takes the else side.
        [AutoDiffReverse("NotLessRev", Active, Active, Active)]
        [AutoDiffForward("NotLessFwd", Dual, Dual, Dual)]
        public static double NotLess(double x, double y)
        {
            if (!(x < y)) return x * y;
            return x - y;
        }

        // Integer work inside active code: a cast to int is a step (derivative zero through it).
        [AutoDiffReverse("StepsRev", Active, Active)]
        [AutoDiffForward("StepsFwd", Dual, Dual)]
        public static double Steps(double x)
        {
            int n = (int)(x * 4);
            double frac = x * 4 - n;
            return n % 2 == 0 ? frac * frac : x * n;
        }

        // Signed and unsigned integer comparisons steering the computation: `if (k < c)` compiles
        // to bge (and `>` to ble), which must keep the integers' signedness.
        [AutoDiffReverse("IntCompareRev", Active, Const, Active)]
        [AutoDiffForward("IntCompareFwd", Dual, Const, Dual)]
        public static double IntCompare(double x, int k)
        {
            double r = x;
            if (k < -1) r = r * x;
            if (k > 1) r = r + 3 * x;
            uint u = (uint)k;
            if (u < 2u) r = r * x * x;
            if (u > 0x80000000u) r = r - x;
            long wide = k;
            if (wide < -2L) r = r * 5;
            return r;
        }

        // A Const double parameter and a local assigned on one path only.
        [AutoDiffReverse("ScaleRev", Active, Const, Active)]
        [AutoDiffForward("ScaleFwd", Dual, Const, Dual)]
        public static double Scale(double x, double s)
        {
            double y = x;
            if (s > 1) y = x * s;
            return y * y;
        }

        // An instance method on a class with `this` Const, and a Const return (primal only).
        [AutoDiffReverse("ConstRetRev", Active, Const)]
        public static double ConstReturn(double x) => x * 2;
    }

    public enum ShapeKind
    {
        Circle,
        Square,
        Triangle,
    }

    /// <summary>An instance method; `this` is Const.</summary>
    public partial class Scaler
    {

        [AutoDiffReverse("ApplyRev", Active, Active)]
        [AutoDiffForward("ApplyFwd", Dual, Dual)]
        public double Apply(double x) => Math.Sinh(x) * x;
    }
}
