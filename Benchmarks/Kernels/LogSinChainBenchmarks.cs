using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>
    /// Σ log(1 + x_i²)·sin(x_{i+1}) + x_i·x_{i+1}, n = 1000: the objective (baseline), the woven
    /// gradient (Fixtures.Kernels.LogSinChainGrad) and the hand-written one (Fixtures.KernelsManual),
    /// both checked before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class LogSinChainBenchmarks
    {
        private double[] _x = Array.Empty<double>(), _dx = Array.Empty<double>();

        [Params(1000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _x = DerivativeChecks.Vector(N, 21);
            // Added into on every call, as the contract says, and never cleared (clearing would be
            // timed too); its growing values cost nothing: the same arithmetic runs either way.
            _dx = new double[N];
            KernelChecks.Check("LogSinChain", new[] { "x" }, new[] { _x }, () => Fixtures.Kernels.LogSinChain(_x),
                s => Fixtures.Kernels.LogSinChainGrad(_x, s[0], 1.0), s => Fixtures.KernelsManual.LogSinChainGrad(_x, s[0], 1.0));
        }

        [Benchmark(Baseline = true)]
        public double Objective() => Fixtures.Kernels.LogSinChain(_x);

        [Benchmark]
        public double Woven() => Fixtures.Kernels.LogSinChainGrad(_x, _dx, 1.0);

        [Benchmark]
        public double Manual() => Fixtures.KernelsManual.LogSinChainGrad(_x, _dx, 1.0);
    }
}
