using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// E(p) = Σ_{i&lt;j} 1/|p_i − p_j| over n = 100 and 1000 Vector3 positions: the hand-written
    /// gradient is the baseline, so BenchmarkDotNet's Ratio column is woven ÷ hand-written for
    /// the woven gradient and primal ÷ hand-written for the primal. The global setup checks the
    /// woven gradient against the hand-written one before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class PairEnergyBenchmarks
    {
        private Vector3[] _p = System.Array.Empty<Vector3>();
        private Vector3[] _dp = System.Array.Empty<Vector3>();

        [Params(100, 1000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _p = PairEnergy.Positions(N, 8);
            _dp = new Vector3[N];
            PairEnergy.WovenGradientMatches(_p);
        }

        [Benchmark]
        public float Primal() => PairEnergy.Energy(_p);

        [Benchmark]
        public float GradientWoven() => PairEnergy.EnergyGrad(_p, _dp, 1f);

        [Benchmark(Baseline = true)]
        public float GradientByHand() => PairEnergy.EnergyGradByHand(_p, _dp, 1f);
    }
}
