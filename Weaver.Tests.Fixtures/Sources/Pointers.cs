using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>Unsafe pointers as shadows: the shadow of a double* is a double* to memory of the same size.</summary>
    public static unsafe partial class Pointers
    {
        // Indexing: p[i] is *(p + i).
        [AutoDiffReverse("SumSquaresRev", Duplicated, Const, Active)]
        [AutoDiffForward("SumSquaresFwd", Dual, Const, Dual)]
        public static double SumSquares(double* p, int n)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += p[i] * p[i];
            return s;
        }

        // Walking a pointer, and writing through it (each element replaced by its cube).
        [AutoDiffReverse("CubeAllRev", Duplicated, Const, Active)]
        [AutoDiffForward("CubeAllFwd", Dual, Const, Dual)]
        public static double CubeAll(double* p, int n)
        {
            double* end = p + n;
            double last = 0;
            while (p < end)
            {
                *p = *p * *p * *p;
                last = *p;
                p++;
            }
            return last;
        }
    }
}
