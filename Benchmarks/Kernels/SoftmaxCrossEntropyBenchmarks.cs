using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>
    /// The mean softmax cross-entropy of a linear model over N = 1000 rows of 8 features and 10
    /// classes (W 10×8 differentiated; data and labels constant): the objective (baseline), the woven
    /// gradient and the hand-written one, both checked before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class SoftmaxCrossEntropyBenchmarks
    {
        public const int Classes = 10, Features = 8;

        private double[] _w = Array.Empty<double>(), _dw = Array.Empty<double>(), _x = Array.Empty<double>();
        private int[] _labels = Array.Empty<int>();

        [Params(1000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _w = DerivativeChecks.Vector(Classes * Features, 22);
            _x = DerivativeChecks.Vector(N * Features, 23);
            var random = new Random(24);
            _labels = Enumerable.Range(0, N).Select(_ => random.Next(Classes)).ToArray();
            _dw = new double[_w.Length]; // added into, never cleared: see LogSinChainBenchmarks
            KernelChecks.Check("SoftmaxCrossEntropy", new[] { "W" }, new[] { _w }, () => Fixtures.Kernels.SoftmaxCrossEntropy(_w, _x, _labels, Classes, Features),
                s => Fixtures.Kernels.SoftmaxCrossEntropyGrad(_w, s[0], _x, _labels, Classes, Features, 1.0),
                s => Fixtures.KernelsManual.SoftmaxCrossEntropyGrad(_w, s[0], _x, _labels, Classes, Features, 1.0));
        }

        [Benchmark(Baseline = true)]
        public double Objective() => Fixtures.Kernels.SoftmaxCrossEntropy(_w, _x, _labels, Classes, Features);

        [Benchmark]
        public double Woven() => Fixtures.Kernels.SoftmaxCrossEntropyGrad(_w, _dw, _x, _labels, Classes, Features, 1.0);

        [Benchmark]
        public double Manual() => Fixtures.KernelsManual.SoftmaxCrossEntropyGrad(_w, _dw, _x, _labels, Classes, Features, 1.0);
    }
}
