using System;
using AutoDiff.Weaver.Tests.Support;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// How closely a forward tangent can be expected to match the reverse gradient's dot product
    /// with the same direction. Both follow the chain rule, but they round differently: where a
    /// value the result cancels (<c>acc + … + (x − acc)</c>) grew large, the forward sweep adds its
    /// large tangent in and takes it out again, keeping only the digits that survive, while the
    /// reverse sweep gives that value an adjoint of exactly 1 − 1 = 0 (Memory seed 330999328: acc's
    /// tangent near 10¹⁵, forward −106.25, reverse −106.2743, both right to their rounding).
    /// </summary>
    /// <remarks>
    /// The program tells how much its forward sweep rounds: a tangent is linear in the seed, so
    /// T(d) = T(⅜d) + T(⅝d) exactly, and what the computed ones miss by is rounding (scaling by a
    /// power of two would round identically; by 3/8 and 5/8 it does not). The allowed gap is the
    /// usual relative one plus a multiple of that measured rounding — a wrong derivative rule is
    /// still linear in the seed, so it adds nothing to the measure and is caught as before.
    /// </remarks>
    public static class ForwardRounding
    {
        /// <param name="dot">The reverse gradient's dot product with the direction.</param>
        /// <param name="tangentAlong">The forward tangent with the direction scaled by its argument.</param>
        /// <param name="relative">The gap allowed, relative to the dot product, where the forward sweep rounds little.</param>
        public static double Tolerance(double dot, Func<double, double> tangentAlong, double relative = 1e-9)
        {
            var whole = tangentAlong(1.0);
            var rounding = Math.Abs(whole - tangentAlong(0.375) - tangentAlong(0.625));
            return FiniteDifferences.Tolerance(dot, relative) + (double.IsFinite(rounding) ? 16 * rounding : 0);
        }
    }
}
