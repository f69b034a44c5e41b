using System;
using System.Diagnostics;
using System.Threading;

namespace AutoDiff.Samples.ParameterFit
{
    /// <summary>Milliseconds per call of the squared error and of its woven gradient, at one point.</summary>
    public static class Timing
    {
        public static (double Loss, double Gradient) PerCall(Observations data, double[] logRates, int rounds = 7, int callsPerRound = 40)
        {
            // Tiered JIT: a method runs unoptimized, then instrumented, then optimized, each tier
            // after ~30 calls and a quiet spell of 100 ms, compiled on a background thread. Timed
            // before that, the primal ran 8× slower than its optimized code.
            for (int spell = 0; spell < 4; spell++)
            {
                for (int i = 0; i < 100; i++) { data.SquaredError(logRates); data.SquaredErrorAndGradient(logRates); }
                Thread.Sleep(150);
            }
            // Interleaved rounds, the fastest of each kept: other work on the machine only slows rounds down.
            double loss = double.PositiveInfinity, gradient = double.PositiveInfinity;
            for (int round = 0; round < rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < callsPerRound; i++) data.SquaredError(logRates);
                loss = Math.Min(loss, clock.Elapsed.TotalMilliseconds / callsPerRound);
                clock.Restart();
                for (int i = 0; i < callsPerRound; i++) data.SquaredErrorAndGradient(logRates);
                gradient = Math.Min(gradient, clock.Elapsed.TotalMilliseconds / callsPerRound);
            }
            return (loss, gradient);
        }
    }
}
