using System;
using System.Drawing;
using System.Numerics;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>
    /// System.Numerics.Complex and System.Drawing.PointF/SizeF, woven by the build: it compiles
    /// against the framework's reference assemblies (no bodies; PointF's fields replaced by a
    /// placeholder), so these derivatives show the weaver reads the implementation assemblies.
    /// </summary>
    public static partial class BclNumerics
    {
        // Horner's rule over complex coefficients, at a complex point.
        [AutoDiffReverse("HornerRev", Duplicated, Active, Active)]
        [AutoDiffForward("HornerFwd", Dual, Dual, Dual)]
        public static Complex Horner(Complex[] coefficients, Complex z)
        {
            Complex result = coefficients[coefficients.Length - 1];
            for (int i = coefficients.Length - 2; i >= 0; i--) result = result * z + coefficients[i];
            return result;
        }

        // Sqrt, Log, division and the magnitude, of a complex argument.
        [AutoDiffReverse("MixedRev", Active, Active)]
        [AutoDiffForward("MixedFwd", Dual, Dual)]
        public static double Mixed(Complex z) => (Complex.Sqrt(z) * Complex.Log(z) / (z + 2)).Magnitude;

        // The shoelace area of a polygon of PointF vertices.
        [AutoDiffReverse("AreaRev", Duplicated, Active)]
        [AutoDiffForward("AreaFwd", Dual, Dual)]
        public static float Area(PointF[] polygon)
        {
            float twice = 0;
            for (int i = 0; i < polygon.Length; i++)
            {
                var (p, q) = (polygon[i], polygon[(i + 1) % polygon.Length]);
                twice += p.X * q.Y - q.X * p.Y;
            }
            return 0.5f * twice;
        }

        // A point moved by a scaled size: PointF + SizeF * float.
        [AutoDiffReverse("MovedRev", Active, Active, Active, Active)]
        [AutoDiffForward("MovedFwd", Dual, Dual, Dual, Dual)]
        public static PointF Moved(PointF p, SizeF step, float k) => p + step * k - new SizeF(k, 0) / 2;
    }
}
