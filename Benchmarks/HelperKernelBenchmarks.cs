using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// The pair potential written as one method and split into helpers (HelperKernel): the
    /// one-method gradient is the baseline, so the Ratio column is helpers ÷ one method for the
    /// other gradient. The global setup checks both gradients before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class HelperKernelBenchmarks
    {
        private double[] _x = System.Array.Empty<double>();
        private double[] _dx = System.Array.Empty<double>();

        [Params(100, 1000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _x = HelperKernel.Points(N, 11);
            _dx = new double[_x.Length];
            HelperKernel.GradientsMatch(_x);
        }

        [Benchmark]
        public double Primal() => HelperKernel.OneMethod(_x);

        [Benchmark(Baseline = true)]
        public double GradientOneMethod() => HelperKernel.OneMethodGrad(_x, _dx, 1.0);

        [Benchmark]
        public double GradientWithHelpers() => HelperKernel.HelpersGrad(_x, _dx, 1.0);
    }
}
