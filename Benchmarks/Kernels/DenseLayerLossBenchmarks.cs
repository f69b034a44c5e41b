using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>
    /// A dense layer's loss ½ Σ_s ‖tanh(W·x_s + b) − y_s‖² over N = 256 samples, W 32×16 and b
    /// differentiated, inputs and targets constant: the objective (baseline), the woven gradient
    /// and the hand-written one, both checked before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class DenseLayerLossBenchmarks
    {
        public const int Inputs = 16, Outputs = 32;

        private double[] _w = Array.Empty<double>(), _b = Array.Empty<double>(), _x = Array.Empty<double>(), _y = Array.Empty<double>();
        private double[] _dw = Array.Empty<double>(), _db = Array.Empty<double>();

        [Params(256)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            // Weights of a quarter, so that the pre-activations (16 terms) stay where tanh bends rather than where it is flat.
            _w = DerivativeChecks.Vector(Outputs * Inputs, 29).Select(v => v / 4).ToArray();
            _b = DerivativeChecks.Vector(Outputs, 30);
            _x = DerivativeChecks.Vector(N * Inputs, 31);
            _y = DerivativeChecks.Vector(N * Outputs, 32).Select(v => v / 2).ToArray(); // targets in tanh's range
            // Added into, never cleared: see LogSinChainBenchmarks.
            _dw = new double[_w.Length];
            _db = new double[_b.Length];
            KernelChecks.Check("DenseLayerLoss", new[] { "W", "b" }, new[] { _w, _b }, () => Fixtures.Kernels.DenseLayerLoss(_w, _b, _x, _y, Inputs, Outputs),
                s => Fixtures.Kernels.DenseLayerLossGrad(_w, s[0], _b, s[1], _x, _y, Inputs, Outputs, 1.0),
                s => Fixtures.KernelsManual.DenseLayerLossGrad(_w, s[0], _b, s[1], _x, _y, Inputs, Outputs, 1.0));
        }

        [Benchmark(Baseline = true)]
        public double Objective() => Fixtures.Kernels.DenseLayerLoss(_w, _b, _x, _y, Inputs, Outputs);

        [Benchmark]
        public double Woven() => Fixtures.Kernels.DenseLayerLossGrad(_w, _dw, _b, _db, _x, _y, Inputs, Outputs, 1.0);

        [Benchmark]
        public double Manual() => Fixtures.KernelsManual.DenseLayerLossGrad(_w, _dw, _b, _db, _x, _y, Inputs, Outputs, 1.0);
    }
}
