using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>Spans as shadows: the shadow of a ReadOnlySpan is a Span of the same element type.</summary>
    public static partial class Spans
    {
        [AutoDiffReverse("DotRev", Duplicated, Duplicated, Active)]
        [AutoDiffForward("DotFwd", Dual, Dual, Dual)]
        public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
            return s;
        }

        // Written in place through foreach (ref ...), then read back.
        [AutoDiffReverse("ScaleRev", Duplicated, Active, Active)]
        [AutoDiffForward("ScaleFwd", Dual, Dual, Dual)]
        public static double ScaleInPlace(Span<double> y, double a)
        {
            foreach (ref double v in y) v *= a;
            double s = 0;
            for (int i = 0; i < y.Length; i++) s += Math.Sin(y[i]);
            return s;
        }

        // A slice of a float span.
        [AutoDiffReverse("TailRev", Duplicated, Active)]
        [AutoDiffForward("TailFwd", Dual, Dual)]
        public static float TailSquares(Span<float> x)
        {
            var tail = x.Slice(1);
            float s = 0;
            for (int i = 0; i < tail.Length; i++) s += tail[i] * tail[i];
            return s;
        }

        // A span made from an array inside the function.
        [AutoDiffReverse("WindowRev", Duplicated, Active)]
        [AutoDiffForward("WindowFwd", Dual, Dual)]
        public static double Window(double[] x)
        {
            Span<double> w = x.AsSpan(1, 2);
            return w[0] * w[1];
        }
    }
}
