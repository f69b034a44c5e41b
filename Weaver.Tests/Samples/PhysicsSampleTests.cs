using System;
using System.Numerics;
using AutoDiff.Samples.Physics;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Samples
{
    /// <summary>
    /// samples/Physics: the woven gradient of the miss through a few hundred steps of flight, against
    /// central differences of the simulation itself, and a few steps of the sample's own gradient
    /// descent, which must close most of the gap.
    /// </summary>
    public sealed class PhysicsSampleTests
    {
        private static readonly Vector3 FirstGuess = new Vector3(15f, 15f, 0f);

        [Test]
        public void WovenGradientMatchesCentralDifferencesAtTheFirstGuess()
        {
            var scenario = Scenario.Default;
            var (loss, gradient) = scenario.LossAndGradient(FirstGuess);
            Assert.That(loss, Is.EqualTo(scenario.Loss(FirstGuess)), "the derivative's primal is the simulation's");
            Assert.That(scenario.Trajectory(FirstGuess).Count, Is.GreaterThan(200), "a few hundred steps are differentiated");

            // Central differences of the float simulation scatter by ±0.1 (its rounding over ~380
            // steps is ~1e-4 of the loss, and each step-count change is a kink), so the reference is
            // the same flight in double, written out here, where differences are good to ~1e-7.
            var v = new[] { (double)FirstGuess.X, FirstGuess.Y, FirstGuess.Z };
            Assert.That(loss, Is.EqualTo(MissInDouble(scenario, v)).Within(1e-4 * loss), "the reference flies the same flight");
            var expected = FiniteDifferences.Gradient(x => MissInDouble(scenario, x), v);
            for (int k = 0; k < 3; k++)
                Assert.That(Component(gradient, k), Is.EqualTo(expected[k]).Within(1e-3 * Math.Max(1, Math.Abs(expected[k]))), $"∂loss/∂v[{k}]");
        }

        /// <summary>Flight.Miss in double: semi-implicit Euler with quadratic drag, landing interpolated inside the last step.</summary>
        private static double MissInDouble(Scenario s, double[] velocity)
        {
            var air = s.Air;
            double[] p = { s.Launcher.X, s.Launcher.Y, s.Launcher.Z }, u = (double[])velocity.Clone();
            double[] g = { air.Gravity.X, air.Gravity.Y, air.Gravity.Z }, wind = { air.Wind.X, air.Wind.Y, air.Wind.Z };
            for (int i = 0; i < s.MaxSteps; i++)
            {
                double[] r = { u[0] - wind[0], u[1] - wind[1], u[2] - wind[2] };
                double speed = Math.Sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
                var next = new double[3];
                for (int k = 0; k < 3; k++)
                {
                    u[k] += s.TimeStep * (g[k] - air.DragPerMass * speed * r[k]);
                    next[k] = p[k] + s.TimeStep * u[k];
                }
                if (next[1] < 0)
                {
                    double t = p[1] / (p[1] - next[1]);
                    for (int k = 0; k < 3; k++) p[k] += t * (next[k] - p[k]);
                    break;
                }
                p = next;
            }
            double[] target = { s.Target.X, s.Target.Y, s.Target.Z };
            return 0.5 * ((p[0] - target[0]) * (p[0] - target[0]) + (p[1] - target[1]) * (p[1] - target[1]) + (p[2] - target[2]) * (p[2] - target[2]));
        }

        [Test]
        public void FiveStepsOfGradientDescentCutTheMissByMoreThanThree()
        {
            var scenario = Scenario.Default;
            var attempts = Aiming.Aim(scenario, FirstGuess, maxIterations: 5, tolerance: 0f);
            Assert.That(attempts[^1].Iteration, Is.EqualTo(5));
            Assert.That(attempts[^1].MissDistance, Is.LessThan(attempts[0].MissDistance / 3), "24.7 m to 4.8 m when written");
            for (int i = 1; i < attempts.Count; i++)
                Assert.That(attempts[i].MissDistance, Is.LessThan(attempts[i - 1].MissDistance), $"iteration {i} lands closer");

            var chart = SampleCharts.TempPath("physics.png");
            TrajectoryChart.Write(scenario, attempts, chart);
            SampleCharts.AssertPng(chart);
            TestContext.Out.WriteLine($"miss {attempts[0].MissDistance:F2} m → {attempts[^1].MissDistance:F2} m in {attempts[^1].Iteration} iterations");
        }

        private static float Component(Vector3 v, int k) => k == 0 ? v.X : k == 1 ? v.Y : v.Z;
    }
}
