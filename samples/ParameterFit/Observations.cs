using System;

namespace AutoDiff.Samples.ParameterFit
{
    /// <summary>Counts of prey and predators at evenly spaced times, and how the model is integrated between them.</summary>
    public sealed record Observations(Populations Start, double TimeStep, int StepsPerSample, double[] Prey, double[] Predators)
    {
        public int Count => Prey.Length;

        public double SampleInterval => TimeStep * StepsPerSample;

        /// <summary>
        /// Synthetic field data: the model with <paramref name="truth"/> sampled <paramref name="count"/>
        /// times, each count perturbed by Gaussian noise of <paramref name="noise"/> times its size
        /// (a fixed seed, so every run sees the same data).
        /// </summary>
        public static Observations Generate(Rates truth, Populations start, double timeStep, int stepsPerSample, int count, double noise, int seed)
        {
            var prey = new double[count];
            var predators = new double[count];
            LotkaVolterra.Simulate(truth, start, timeStep, stepsPerSample, prey, predators);
            var random = new Random(seed);
            for (int k = 0; k < count; k++)
            {
                prey[k] *= 1 + noise * Gaussian(random);
                predators[k] *= 1 + noise * Gaussian(random);
            }
            return new Observations(start, timeStep, stepsPerSample, prey, predators);
        }

        /// <summary>The model's trajectory at the observation times, for printing and charts.</summary>
        public (double[] Prey, double[] Predators) Predict(Rates rates)
        {
            var prey = new double[Count];
            var predators = new double[Count];
            LotkaVolterra.Simulate(rates, Start, TimeStep, StepsPerSample, prey, predators);
            return (prey, predators);
        }

        public double SquaredError(double[] logRates) =>
            LotkaVolterra.SquaredError(logRates, Start, TimeStep, StepsPerSample, Prey, Predators);

        /// <summary>The squared error and its woven gradient with respect to the log-rates.</summary>
        public (double Value, double[] Gradient) SquaredErrorAndGradient(double[] logRates)
        {
            var gradient = new double[logRates.Length];   // zeroed: the derivative adds into it
            double value = LotkaVolterra.SquaredErrorGradient(logRates, gradient, Start, TimeStep, StepsPerSample, Prey, Predators, 1.0);
            return (value, gradient);
        }

        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
