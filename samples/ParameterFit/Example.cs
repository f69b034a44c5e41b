using System;

namespace AutoDiff.Samples.ParameterFit
{
    /// <summary>The problem the sample solves: which rates made the data, and where the search starts.</summary>
    public static class Example
    {
        public static readonly Rates Truth = new Rates { Alpha = 1.0, Beta = 0.1, Delta = 0.075, Gamma = 1.5 };

        /// <summary>Every rate 20 % off: a guess from the literature for a related species, say.</summary>
        public static readonly Rates InitialGuess = new Rates { Alpha = 0.8, Beta = 0.12, Delta = 0.06, Gamma = 1.25 };

        /// <summary>Two and a half cycles: 60 counts 0.25 apart, RK4 with h = 0.025, 5 % noise.</summary>
        public static Observations Data() =>
            Observations.Generate(Truth, new Populations(10, 5), timeStep: 0.025, stepsPerSample: 10, count: 60, noise: 0.05, seed: 2026);

        public static double WorstRelativeError(Rates r) => Math.Max(
            Math.Max(Math.Abs(r.Alpha / Truth.Alpha - 1), Math.Abs(r.Beta / Truth.Beta - 1)),
            Math.Max(Math.Abs(r.Delta / Truth.Delta - 1), Math.Abs(r.Gamma / Truth.Gamma - 1)));
    }
}
