using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace AutoDiff.Samples.ParameterFit
{
    /// <summary>How many prey and predators there are (in thousands, say).</summary>
    public struct Populations
    {
        public double Prey;
        public double Predators;

        public Populations(double prey, double predators)
        {
            Prey = prey;
            Predators = predators;
        }

        public static Populations operator +(Populations a, Populations b) => new Populations(a.Prey + b.Prey, a.Predators + b.Predators);

        public static Populations operator *(double s, Populations a) => new Populations(s * a.Prey, s * a.Predators);
    }

    /// <summary>
    /// The four rates of the model: prey grow at α and are eaten at β per predator; predators
    /// grow at δ per prey eaten and die at γ.
    /// </summary>
    public struct Rates
    {
        public double Alpha, Beta, Delta, Gamma;

        /// <summary>
        /// The rates from their logarithms, the parameters the optimiser moves: every real vector is
        /// then a valid model (rates stay positive), and rates of different sizes (1 and 0.1) move
        /// by similar steps.
        /// </summary>
        public static Rates FromLogs(double[] logs) => new Rates
        {
            Alpha = Math.Exp(logs[0]),
            Beta = Math.Exp(logs[1]),
            Delta = Math.Exp(logs[2]),
            Gamma = Math.Exp(logs[3]),
        };

        public double[] ToLogs() => new[] { Math.Log(Alpha), Math.Log(Beta), Math.Log(Delta), Math.Log(Gamma) };

        public override string ToString() => $"α = {Alpha:F4}, β = {Beta:F4}, δ = {Delta:F4}, γ = {Gamma:F4}";
    }

    /// <summary>The predator–prey equations and their integration by classic fourth-order Runge–Kutta.</summary>
    public static partial class LotkaVolterra
    {
        /// <summary>dx/dt = αx − βxy, dy/dt = δxy − γy.</summary>
        public static Populations Derivative(Populations z, Rates r) => new Populations(
            r.Alpha * z.Prey - r.Beta * z.Prey * z.Predators,
            r.Delta * z.Prey * z.Predators - r.Gamma * z.Predators);

        public static Populations Rk4Step(Populations z, Rates r, double h)
        {
            Populations k1 = Derivative(z, r);
            Populations k2 = Derivative(z + 0.5 * h * k1, r);
            Populations k3 = Derivative(z + 0.5 * h * k2, r);
            Populations k4 = Derivative(z + h * k3, r);
            return z + (h / 6) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
        }

        /// <summary>
        /// Integrates from <paramref name="start"/> at t = 0 and writes the populations at t = k·h·stepsPerSample
        /// into <paramref name="prey"/>[k] and <paramref name="predators"/>[k].
        /// </summary>
        public static void Simulate(Rates rates, Populations start, double h, int stepsPerSample, double[] prey, double[] predators)
        {
            Populations z = start;
            for (int k = 0; k < prey.Length; k++)
            {
                prey[k] = z.Prey;
                predators[k] = z.Predators;
                for (int step = 0; step < stepsPerSample; step++) z = Rk4Step(z, rates, h);
            }
        }

        /// <summary>
        /// The squared error of the model with rates exp(<paramref name="logRates"/>) to the observed
        /// counts; its gradient with respect to the log-rates is woven through the whole integration.
        /// </summary>
        [AutoDiffReverse("SquaredErrorGradient", Duplicated, Const, Const, Const, Const, Const, Active)]
        public static double SquaredError(double[] logRates, Populations start, double h, int stepsPerSample, double[] observedPrey, double[] observedPredators)
        {
            var prey = new double[observedPrey.Length];
            var predators = new double[observedPredators.Length];
            Simulate(Rates.FromLogs(logRates), start, h, stepsPerSample, prey, predators);
            double sum = 0;
            for (int k = 0; k < prey.Length; k++)
                sum += Square(prey[k] - observedPrey[k]) + Square(predators[k] - observedPredators[k]);
            return sum;
        }

        private static double Square(double x) => x * x;
    }
}
