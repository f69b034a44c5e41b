using System;
using System.Numerics;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    public struct Point
    {
        public double X;
        public double Y;
    }

    /// <summary>Structs of scalars passed by value: the gradient comes back as the same struct type.</summary>
    public static partial class Structs
    {
        // Distance of a point from a centre: ∂/∂p = (p − c)/r.
        [AutoDiffReverse("DistanceRev", Active, Const, Active)]
        [AutoDiffForward("DistanceFwd", Dual, Const, Dual)]
        public static double Distance(Point p, Point c)
        {
            double dx = p.X - c.X;
            double dy = p.Y - c.Y;
            return Math.Sqrt(dx * dx + dy * dy);
        }

        // System.Numerics.Vector3 (float fields), mixed with a scalar.
        [AutoDiffReverse("WeightedRev", Active, Active, Active)]
        [AutoDiffForward("WeightedFwd", Dual, Dual, Dual)]
        public static float Weighted(Vector3 v, float w) => w * (v.X * v.Y + MathF.Sin(v.Z));
    }
}

namespace Fixtures
{
    /// <summary>Arrays of structs of scalars: fields of elements read and written in place; the shadow is an array of the same struct.</summary>
    public static partial class StructArrays
    {
        [AutoDiffReverse("PathLengthRev", Duplicated, Active)]
        [AutoDiffForward("PathLengthFwd", Dual, Dual)]
        public static double PathLength(Point[] pts)
        {
            double s = 0;
            for (int i = 0; i + 1 < pts.Length; i++)
            {
                double dx = pts[i + 1].X - pts[i].X;
                double dy = pts[i + 1].Y - pts[i].Y;
                s += Math.Sqrt(dx * dx + dy * dy);
            }
            return s;
        }

        [AutoDiffReverse("ShearRev", Duplicated, Active, Active)]
        [AutoDiffForward("ShearFwd", Dual, Dual, Dual)]
        public static double Shear(Point[] pts, double a)
        {
            for (int i = 0; i < pts.Length; i++) pts[i].X += a * pts[i].Y;
            return pts[0].X * pts[1].X;
        }
    }
}
