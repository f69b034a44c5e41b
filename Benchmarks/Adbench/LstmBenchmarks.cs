using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// ADBench LSTM: the objective (baseline) and the woven gradient of every parameter (main and
    /// extra). The objective overwrites its state, so each call starts from a fresh copy.
    /// </summary>
    [MemoryDiagnoser]
    public class LstmBenchmarks
    {
        private LstmProblem _p = null!;
        private Fixtures.LstmManual.Workspace _workspace = null!;
        private double[] _state = Array.Empty<double>(), _dmain = Array.Empty<double>(), _dextra = Array.Empty<double>(), _dstate = Array.Empty<double>();

        [ParamsSource(nameof(Cases))]
        public string Case { get; set; } = "";

        public static System.Collections.Generic.IEnumerable<string> Cases() => AdbenchSizes.Lstm();

        [GlobalSetup]
        public void Setup()
        {
            _p = LstmProblem.Read(AdbenchData.Path("lstm", $"lstm_{Case}.txt"));
            _state = new double[_p.State.Length];
            _dmain = new double[_p.Main.Length];
            _dextra = new double[_p.Extra.Length];
            _dstate = new double[_p.State.Length];
            _workspace = new Fixtures.LstmManual.Workspace(_p.L, _p.C, _p.B);
            AdbenchChecks.Lstm(_p);
        }

        [Benchmark(Baseline = true)]
        public double Objective()
        {
            Array.Copy(_p.State, _state, _state.Length);
            return Fixtures.Lstm.Objective(_p.L, _p.C, _p.B, _p.Main, _p.Extra, _state, _p.Sequence);
        }

        [Benchmark]
        public double Woven()
        {
            Array.Copy(_p.State, _state, _state.Length);
            Array.Clear(_dmain);
            Array.Clear(_dextra);
            Array.Clear(_dstate);
            return Fixtures.Lstm.ObjectiveGrad(_p.L, _p.C, _p.B, _p.Main, _dmain, _p.Extra, _dextra, _state, _dstate, _p.Sequence, 1.0);
        }

        /// <summary>Hand-written backpropagation through time, its buffers made once (the woven gradient rents its tape from a pool).</summary>
        [Benchmark]
        public double Manual()
        {
            Array.Copy(_p.State, _state, _state.Length);
            Array.Clear(_dmain);
            Array.Clear(_dextra);
            Array.Clear(_dstate);
            return Fixtures.LstmManual.ObjectiveGrad(_p.L, _p.C, _p.B, _p.Main, _dmain, _p.Extra, _dextra, _state, _dstate, _p.Sequence, 1.0, _workspace);
        }
    }
}
