using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// ADBench GMM (n = 1000 and 10,000): the objective (baseline), the woven reverse gradient of every
    /// parameter, and the hand-written gradient. Both gradients are checked against each other
    /// (and the woven one against central differences on a few entries) before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class GmmBenchmarks
    {
        private GmmProblem _p = null!;
        private double[] _dalphas = Array.Empty<double>(), _dmeans = Array.Empty<double>(), _dicf = Array.Empty<double>();

        [ParamsSource(nameof(Cases))]
        public string Case { get; set; } = "";

        public static System.Collections.Generic.IEnumerable<string> Cases() => AdbenchSizes.Gmm();

        [GlobalSetup]
        public void Setup()
        {
            _p = GmmProblem.Read(AdbenchSizes.GmmFile(Case));
            _dalphas = new double[_p.Alphas.Length];
            _dmeans = new double[_p.Means.Length];
            _dicf = new double[_p.Icf.Length];
            AdbenchChecks.Gmm(_p);
        }

        [Benchmark(Baseline = true)]
        public double Objective() =>
            Fixtures.Gmm.Objective(_p.D, _p.K, _p.N, _p.Alphas, _p.Means, _p.Icf, _p.X, _p.Gamma, _p.M, _p.WishartConstant);

        [Benchmark]
        public double Woven()
        {
            Array.Clear(_dalphas);
            Array.Clear(_dmeans);
            Array.Clear(_dicf);
            return Fixtures.Gmm.ObjectiveGrad(_p.D, _p.K, _p.N, _p.Alphas, _dalphas, _p.Means, _dmeans, _p.Icf, _dicf, _p.X, _p.Gamma, _p.M, _p.WishartConstant, 1.0);
        }

        [Benchmark]
        public double Manual()
        {
            Array.Clear(_dalphas);
            Array.Clear(_dmeans);
            Array.Clear(_dicf);
            return Fixtures.GmmManual.ObjectiveGrad(_p.D, _p.K, _p.N, _p.Alphas, _dalphas, _p.Means, _dmeans, _p.Icf, _dicf, _p.X, _p.Gamma, _p.M, _p.WishartConstant, 1.0);
        }
    }
}
