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

        // A span made in each iteration, which the reverse sweep rebuilds (a span cannot be taped).
        [AutoDiffReverse("PairsRev", Duplicated, Active)]
        [AutoDiffForward("PairsFwd", Dual, Dual)]
        public static double NeighbourProducts(double[] x)
        {
            double s = 0;
            for (int i = 0; i + 1 < x.Length; i++)
            {
                Span<double> pair = x.AsSpan(i, 2);
                s += pair[0] * pair[1];
            }
            return s;
        }

        // A slice of a span parameter made in each iteration. Nothing is written, so the reverse
        // sweep reads the elements again through the rebuilt primal slice, not from the tape.
        [AutoDiffReverse("SlicesRev", Duplicated, Active)]
        [AutoDiffForward("SlicesFwd", Dual, Dual)]
        public static double SliceSines(ReadOnlySpan<double> x)
        {
            double s = 0;
            for (int i = 0; i + 2 <= x.Length; i += 2)
            {
                var pair = x.Slice(i, 2);
                s += Math.Sin(pair[0] * pair[1]);
            }
            return s;
        }

        // A ref made in each iteration of a function that writes nothing: the reverse sweep reads
        // the element again through the rebuilt primal ref rather than keeping it on the tape.
        [AutoDiffReverse("CubesRev", Duplicated, Active)]
        [AutoDiffForward("CubesFwd", Dual, Dual)]
        public static double SumOfCubes(double[] x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                ref readonly double r = ref x[i];
                s += r * r * r;
            }
            return s;
        }

        // A ref made in each iteration, read and overwritten through twice (the loads are taped:
        // the primal values they read are gone by the reverse sweep).
        [AutoDiffReverse("SquareRev", Duplicated, Active, Active)]
        [AutoDiffForward("SquareFwd", Dual, Dual, Dual)]
        public static double SquareInPlace(double[] x, double a)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                ref double r = ref x[i];
                r = r * r;
                r = Math.Sin(r) + r;
                s += a * r;
            }
            return s;
        }

        // Nested loops: a window over a row made in the inner loop, written in place (running products).
        [AutoDiffReverse("RunsRev", Duplicated, Active)]
        [AutoDiffForward("RunsFwd", Dual, Dual)]
        public static double RowRunningProducts(double[][] rows)
        {
            double s = 0;
            for (int j = 0; j < rows.Length; j++)
            {
                for (int i = 0; i + 1 < rows[j].Length; i++)
                {
                    Span<double> w = rows[j].AsSpan(i, 2);
                    w[1] = w[0] * w[1];
                    s += w[1];
                }
            }
            return s;
        }
    }
}
