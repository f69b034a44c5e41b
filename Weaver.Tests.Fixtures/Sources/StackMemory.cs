using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>`stackalloc` scratch memory, as a span or a raw pointer: its shadow is a second stackalloc of the same size.</summary>
    public static partial class StackMemory
    {
        // Differences of neighbours kept on the stack, then their squares summed.
        [AutoDiffReverse("RoughnessRev", Duplicated, Active)]
        [AutoDiffForward("RoughnessFwd", Dual, Dual)]
        public static double Roughness(double[] x)
        {
            Span<double> d = stackalloc double[x.Length - 1];
            for (int i = 0; i < d.Length; i++) d[i] = x[i + 1] - x[i];
            double s = 0;
            for (int i = 0; i < d.Length; i++) s += d[i] * d[i];
            return s;
        }

        // The same with a raw pointer: `double* d = stackalloc ...` is memory like a double* parameter.
        [AutoDiffReverse("PointerRoughnessRev", Duplicated, Active)]
        [AutoDiffForward("PointerRoughnessFwd", Dual, Dual)]
        public static unsafe double PointerRoughness(double[] x)
        {
            int n = x.Length - 1;
            double* d = stackalloc double[n];
            for (int i = 0; i < n; i++) d[i] = x[i + 1] - x[i];
            double s = 0;
            for (int i = 0; i < n; i++) s += d[i] * d[i];
            return s;
        }

        // Walking pointers: running sums written through one moving pointer, each reading the one
        // written before it, then their squares read back through another.
        [AutoDiffReverse("RunningSumsRev", Duplicated, Active)]
        [AutoDiffForward("RunningSumsFwd", Dual, Dual)]
        public static unsafe double RunningSums(double[] x)
        {
            double* start = stackalloc double[x.Length];
            double* p = start;
            for (int i = 0; i < x.Length; i++, p++) *p = (p == start ? 0 : p[-1]) + x[i];
            double s = 0;
            for (double* q = start; q < p; q++) s += *q * *q;
            return s;
        }
    }
}
