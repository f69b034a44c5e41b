using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>Memory as shadows: arrays, jagged arrays, ref parameters, local arrays, values overwritten after they are read.</summary>
    public static partial class Arrays
    {
        // semantics.md: DSum(x, dx, 1.0) returns the primal and adds 2·x[i] into dx[i].
        [AutoDiffReverse("DSum", Duplicated, Active)]
        [AutoDiffForward("DSumFwd", Dual, Dual)]
        public static double SumSquares(double[] x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
            return s;
        }

        // Classic AD test: reads, a data-dependent break, and an element zeroed after it was read.
        // v = [1, 2, 3, 4, 5] gives the gradient [4, 8, 12, 8, 0].
        [AutoDiffReverse("BreakSquaresRev", Duplicated, Active)]
        [AutoDiffForward("BreakSquaresFwd", Dual, Dual)]
        public static double BreakSquares(double[] v)
        {
            double ret = 0;
            for (int i = 0; i < v.Length; i++)
            {
                ret += v[i] * v[i];
                if (ret > 30) break;
                ret += v[i] * v[i];
                v[i] = 0;
            }
            return ret;
        }

        // The same without the squares and with threshold 15: [2, 2, 2, 1, 0].
        [AutoDiffReverse("BreakLinearRev", Duplicated, Active)]
        public static double BreakLinear(double[] v)
        {
            double ret = 0;
            for (int i = 0; i < v.Length; i++)
            {
                ret += v[i];
                if (ret > 15) break;
                ret += v[i];
                v[i] = 0;
            }
            return ret;
        }

        // Running maximum with a tie: v = [−1, 2, −0.2, 2, 1] gives [0, 0, 0, 1, 0].
        [AutoDiffReverse("RunningMaxRev", Duplicated, Active)]
        [AutoDiffForward("RunningMaxFwd", Dual, Dual)]
        public static double RunningMax(double[] v)
        {
            double r = v[0];
            for (int i = 1; i < v.Length; i++) r = r > v[i] ? r : v[i];
            return r;
        }

        // In-place insertion sort, then the sum of the first half: the gradient is 1 exactly on
        // the elements that end up there.
        [AutoDiffReverse("SortedHalfRev", Duplicated, Active)]
        [AutoDiffForward("SortedHalfFwd", Dual, Dual)]
        public static double SortedHalf(double[] a)
        {
            for (int i = 1; i < a.Length; i++)
            {
                double key = a[i];
                int j = i - 1;
                while (j >= 0 && a[j] > key)
                {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = key;
            }
            double s = 0;
            for (int i = 0; i < a.Length / 2; i++) s += a[i];
            return s;
        }

        // x = x·(x·x) through a ref, read back: derivative 3x².
        [AutoDiffReverse("CubeRev", Duplicated, Active)]
        [AutoDiffForward("CubeFwd", Dual, Dual)]
        public static double Cube(ref double x)
        {
            x = x * (x * x);
            return x;
        }

        // semantics.md: output through a reference, no return value.
        [AutoDiffReverse("RbInpRev", Active, Active, Duplicated)]
        [AutoDiffForward("RbInpFwd", Dual, Dual, Dual)]
        public static void RosenbrockInp(double x, double y, ref double output)
        {
            output = (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);
        }

        // a[i] += v compiles to ldelema/dup/ldind/stind: a read and a write through one address.
        [AutoDiffReverse("AxpyRev", Active, Duplicated, Duplicated, Active)]
        [AutoDiffForward("AxpyFwd", Dual, Dual, Dual, Dual)]
        public static double Axpy(double alpha, double[] x, double[] y)
        {
            for (int i = 0; i < x.Length; i++) y[i] += alpha * x[i];
            double s = 0;
            for (int i = 0; i < y.Length; i++) s += y[i] * y[i];
            return s;
        }

        // A jagged matrix times a vector, squared norm of the result.
        [AutoDiffReverse("MatVecRev", Duplicated, Duplicated, Active)]
        [AutoDiffForward("MatVecFwd", Dual, Dual, Dual)]
        public static double MatVec(double[][] m, double[] v)
        {
            double s = 0;
            for (int i = 0; i < m.Length; i++)
            {
                double[] row = m[i];
                double dot = 0;
                for (int j = 0; j < v.Length; j++) dot += row[j] * v[j];
                s += dot * dot;
            }
            return s;
        }

        // A local array as scratch: prefix sums, then a weighted sum of squares (float).
        [AutoDiffReverse("PrefixRev", Duplicated, Active)]
        [AutoDiffForward("PrefixFwd", Dual, Dual)]
        public static float Prefix(float[] x)
        {
            var p = new float[x.Length];
            float acc = 0;
            for (int i = 0; i < x.Length; i++)
            {
                acc += x[i];
                p[i] = acc;
            }
            float s = 0;
            for (int i = 0; i < p.Length; i++) s += p[i] * p[i] * (i + 1);
            return s;
        }

        // Σ sin(xᵢ)·xᵢ₊₁: the benchmark function.
        [AutoDiffReverse("SinProductRev", Duplicated, Active)]
        [AutoDiffForward("SinProductFwd", Dual, DualOnly)]
        public static double SinProduct(double[] x)
        {
            double s = 0;
            for (int i = 0; i + 1 < x.Length; i++) s += Math.Sin(x[i]) * x[i + 1];
            return s;
        }

        // Integer work inside active code: a cast to int picks the index.
        [AutoDiffReverse("LookupRev", Duplicated, Active, Active)]
        [AutoDiffForward("LookupFwd", Dual, Dual, Dual)]
        public static double Lookup(double[] table, double t)
        {
            int k = (int)(t * (table.Length - 1));
            if (k < 0) k = 0;
            if (k > table.Length - 2) k = table.Length - 2;
            double w = t * (table.Length - 1) - k;
            return table[k] * (1 - w) + table[k + 1] * w;
        }
    }
}
