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
