using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>
    /// Σ_i Σ_j a_i·b_j with a and b of length N = 300 and 2000 (300 alone in a smoke run): the objective
    /// (baseline), the woven gradient with respect to a and b and the hand-written one, both
    /// checked before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class PairProductBenchmarks
    {
        private double[] _a = Array.Empty<double>(), _b = Array.Empty<double>(), _da = Array.Empty<double>(), _db = Array.Empty<double>();

        [ParamsSource(nameof(Sizes))]
        public int N { get; set; }

        public static IEnumerable<int> Sizes() => KernelSizes.Pairs();

        [GlobalSetup]
        public void Setup()
        {
            _a = DerivativeChecks.Vector(N, 25);
            _b = DerivativeChecks.Vector(N, 26);
            // Added into, never cleared: see LogSinChainBenchmarks.
            _da = new double[N];
            _db = new double[N];
            KernelChecks.Check("PairProduct", new[] { "a", "b" }, new[] { _a, _b }, () => Fixtures.Kernels.PairProduct(_a, _b),
                s => Fixtures.Kernels.PairProductGrad(_a, s[0], _b, s[1], 1.0), s => Fixtures.KernelsManual.PairProductGrad(_a, s[0], _b, s[1], 1.0));
        }

        [Benchmark(Baseline = true)]
        public double Objective() => Fixtures.Kernels.PairProduct(_a, _b);

        [Benchmark]
        public double Woven() => Fixtures.Kernels.PairProductGrad(_a, _da, _b, _db, 1.0);

        [Benchmark]
        public double Manual() => Fixtures.KernelsManual.PairProductGrad(_a, _da, _b, _db, 1.0);
    }
}
