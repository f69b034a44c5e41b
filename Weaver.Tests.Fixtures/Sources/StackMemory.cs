using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>`stackalloc` scratch memory: its shadow is a second stackalloc of the same size.</summary>
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
    }
}
