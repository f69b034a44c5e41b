using System;
using System.Collections.Generic;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>
    /// The sizes of issue 12's kernels that take more than one: the double sums at n = 300 and
    /// 2000 in a full run, 300 alone in a smoke run (--kernels --smoke, what CI runs). The other
    /// kernels have one size each, a constant of their benchmark class. BenchmarkDotNet reads these
    /// through [ParamsSource].
    /// </summary>
    internal static class KernelSizes
    {
        public const string SmokeVariable = "AUTODIFF_KERNELS_SMOKE";

        /// <summary>Set by Program from the command line, and passed to BenchmarkDotNet's child processes through the environment.</summary>
        public static bool Smoke => Environment.GetEnvironmentVariable(SmokeVariable) == "1";

        public static IEnumerable<int> Pairs() => Smoke ? new[] { 300 } : new[] { 300, 2000 };
    }
}
