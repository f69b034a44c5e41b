using System;
using AutoDiff.Samples.ParameterFit;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Samples
{
    /// <summary>
    /// samples/ParameterFit: the woven gradient of the squared error through 600 RK4 steps, against
    /// central differences, and a few L-BFGS iterations fed with it, which must cut the error.
    /// </summary>
    public sealed class ParameterFitSampleTests
    {
        [Test]
        public void WovenGradientMatchesCentralDifferencesAtTheInitialGuess()
        {
            var data = Example.Data();
            var logs = Example.InitialGuess.ToLogs();
            var (value, gradient) = data.SquaredErrorAndGradient(logs);
            Assert.That(value, Is.EqualTo(data.SquaredError(logs)), "the derivative's primal is the model's");
            var expected = FiniteDifferences.Gradient(data.SquaredError, logs);
            for (int k = 0; k < logs.Length; k++)
                Assert.That(gradient[k], Is.EqualTo(expected[k]).Within(1e-5 * Math.Max(1, Math.Abs(expected[k]))), $"∂/∂log rate[{k}]");
        }

        [Test]
        public void EightLbfgsIterationsCutTheSquaredErrorTenfold()
        {
            var data = Example.Data();
            double initial = data.SquaredError(Example.InitialGuess.ToLogs());
            var fit = Fitting.Fit(data, Example.InitialGuess, maxIterations: 8);
            Assert.That(fit.Converged, Is.False, "stopped by the limit, after a few steps");
            Assert.That(fit.Loss, Is.LessThan(initial / 10), $"from {initial:F0}: 236 when written");
            Assert.That(fit.Loss, Is.EqualTo(data.SquaredError(fit.Rates.ToLogs())).Within(1e-9 * fit.Loss), "the rates reported are those of the loss reported");

            var chart = SampleCharts.TempPath("parameter-fit.png");
            FitChart.Write(data, Example.InitialGuess, fit.Rates, chart);
            SampleCharts.AssertPng(chart);
            TestContext.Out.WriteLine($"{initial:F1} → {fit.Loss:F1} in {fit.Iterations} iterations: {fit.Rates}");
        }

        [Test]
        public void TheWholeFitRecoversEveryRateWithinFivePercent()
        {
            // What the sample prints: 60 counts with 5 % noise pin the rates down to a few percent
            // (2.5 % at worst when written), from a guess 20 % off.
            var fit = Fitting.Fit(Example.Data(), Example.InitialGuess, maxIterations: 200);
            Assert.That(fit.Converged, Is.True);
            Assert.That(Example.WorstRelativeError(fit.Rates), Is.LessThan(0.05), fit.Rates.ToString());
            Assert.That(Example.WorstRelativeError(Example.InitialGuess), Is.GreaterThan(0.15), "the guess starts far off");
        }
    }
}
