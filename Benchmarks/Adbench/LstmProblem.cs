using System;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>One ADBench LSTM instance (lstm/lstm_lL_cC.txt: "l c b", main params, extra params, state, sequence).</summary>
    internal sealed class LstmProblem
    {
        public int L, C, B;
        public double[] Main = Array.Empty<double>(), Extra = Array.Empty<double>(), State = Array.Empty<double>(), Sequence = Array.Empty<double>();

        public static LstmProblem Read(string path)
        {
            var r = new NumberReader(path);
            var p = new LstmProblem { L = r.Int(), C = r.Int(), B = r.Int() };
            p.Main = r.Doubles(8 * p.L * p.B);
            p.Extra = r.Doubles(3 * p.B);
            p.State = r.Doubles(2 * p.L * p.B);
            p.Sequence = r.Doubles(p.C * p.B);
            return p;
        }
    }
}
