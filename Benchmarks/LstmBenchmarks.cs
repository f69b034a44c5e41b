using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// ADBench's LSTM objective at ADBench's l = 2, c = 1024, b = 14 (synthetic data of those
    /// sizes): the primal (baseline) and the woven gradient of all 266 parameters. No hand-written
    /// gradient: the ratio is gradient ÷ primal. The global setup checks the gradient against
    /// central differences before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class LstmBenchmarks
    {
        private const int L = 2, C = 1024, B = 14;
        private double[] _main = Array.Empty<double>();
        private double[] _extra = Array.Empty<double>();
        private double[] _state = Array.Empty<double>();
        private double[] _sequence = Array.Empty<double>();
        private double[] _dmain = Array.Empty<double>();
        private double[] _dextra = Array.Empty<double>();
        private double[] _dstate = Array.Empty<double>();
        private double[] _stateScratch = Array.Empty<double>();

        [GlobalSetup]
        public void Setup()
        {
            _main = DerivativeChecks.Vector(8 * L * B, 3);
            _extra = DerivativeChecks.Vector(3 * B, 4);
            _state = DerivativeChecks.Vector(2 * L * B, 5);
            _sequence = DerivativeChecks.Vector(C * B, 6);
            _dmain = new double[_main.Length];
            _dextra = new double[_extra.Length];
            _dstate = new double[_state.Length];
            _stateScratch = new double[_state.Length];
            Check();
        }

        /// <summary>A few gradient entries against central differences of the primal (it overwrites the state: fresh copies).</summary>
        private void Check()
        {
            var dmain = new double[_main.Length];
            var dextra = new double[_extra.Length];
            Fixtures.Lstm.ObjectiveGrad(L, C, B, (double[])_main.Clone(), dmain, (double[])_extra.Clone(), dextra, (double[])_state.Clone(), new double[_state.Length], _sequence, 1.0);
            foreach (var i in new[] { 0, 17, 111, 223 })
            {
                var h = 1e-6;
                var up = (double[])_main.Clone();
                var down = (double[])_main.Clone();
                up[i] += h;
                down[i] -= h;
                var fd = (Fixtures.Lstm.Objective(L, C, B, up, _extra, (double[])_state.Clone(), _sequence) -
                          Fixtures.Lstm.Objective(L, C, B, down, _extra, (double[])_state.Clone(), _sequence)) / (2 * h);
                if (Math.Abs(fd - dmain[i]) > 1e-6 * Math.Max(1, Math.Abs(fd)))
                {
                    throw new DerivativeMismatchException($"LSTM ∂/∂main[{i}]: woven {dmain[i]}, central differences {fd}");
                }
            }
        }

        [Benchmark(Baseline = true)]
        public double Primal()
        {
            Array.Copy(_state, _stateScratch, _state.Length);
            return Fixtures.Lstm.Objective(L, C, B, _main, _extra, _stateScratch, _sequence);
        }

        [Benchmark]
        public double GradientWoven()
        {
            Array.Copy(_state, _stateScratch, _state.Length);
            return Fixtures.Lstm.ObjectiveGrad(L, C, B, _main, _dmain, _extra, _dextra, _stateScratch, _dstate, _sequence, 1.0);
        }
    }
}
