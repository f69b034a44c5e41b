using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoDiff.Samples.Physics
{
    /// <summary>Everything about a throw except the launch velocity: where from, where to, through what air.</summary>
    public sealed record Scenario(Vector3 Launcher, Vector3 Target, Air Air, float TimeStep, int MaxSteps)
    {
        /// <summary>A ball of about 60 g thrown from 2 m up at a target 60 m away, with a crosswind of 4 m/s.</summary>
        public static Scenario Default { get; } = new Scenario(
            Launcher: new Vector3(0f, 2f, 0f),
            Target: new Vector3(60f, 0f, 0f),
            Air: new Air { Gravity = new Vector3(0f, -9.81f, 0f), DragPerMass = 0.01f, Wind = new Vector3(0f, 0f, 4f) },
            TimeStep: 0.01f,
            MaxSteps: 2000);

        /// <summary>Half the squared miss distance of a throw at <paramref name="velocity"/>.</summary>
        public float Loss(Vector3 velocity) => Flight.Miss(velocity, Launcher, Target, Air, TimeStep, MaxSteps);

        /// <summary>The loss and its gradient with respect to the launch velocity, woven through every step of the flight.</summary>
        public (float Loss, Vector3 Gradient) LossAndGradient(Vector3 velocity) =>
            Flight.MissGradient(velocity, Launcher, Target, Air, TimeStep, MaxSteps, 1f);

        /// <summary>How far from the target a throw at <paramref name="velocity"/> lands.</summary>
        public float MissDistance(Vector3 velocity) => MathF.Sqrt(2f * Loss(velocity));

        /// <summary>The positions of the flight step by step, up to the landing point (for the chart; not differentiated).</summary>
        public List<Vector3> Trajectory(Vector3 velocity)
        {
            var points = new List<Vector3> { Launcher };
            var body = new Body { Position = Launcher, Velocity = velocity };
            for (int i = 0; i < MaxSteps && body.Position.Y >= 0; i++)
            {
                body = Flight.Step(body, Air, TimeStep);
                points.Add(body.Position.Y >= 0 ? body.Position : Flight.LandingPoint(velocity, Launcher, Air, TimeStep, MaxSteps));
            }
            return points;
        }
    }

    /// <summary>One step of the search: the velocity tried and how far from the target it landed.</summary>
    public readonly record struct Attempt(int Iteration, Vector3 Velocity, float MissDistance);

    /// <summary>Gradient descent on the launch velocity, with the step halved whenever it overshoots.</summary>
    public static class Aiming
    {
        public static List<Attempt> Aim(Scenario scenario, Vector3 firstGuess, int maxIterations, float tolerance, float learningRate = 0.05f)
        {
            var attempts = new List<Attempt>();
            Vector3 velocity = firstGuess;
            var (loss, gradient) = scenario.LossAndGradient(velocity);
            attempts.Add(new Attempt(0, velocity, MathF.Sqrt(2f * loss)));
            for (int iteration = 1; iteration <= maxIterations && MathF.Sqrt(2f * loss) > tolerance; iteration++)
            {
                Vector3 candidate = velocity - learningRate * gradient;
                var (candidateLoss, candidateGradient) = scenario.LossAndGradient(candidate);
                if (candidateLoss > loss)
                {
                    // Overshot: the loss is not quadratic this far out. Take a shorter step from the same point.
                    learningRate *= 0.5f;
                    iteration--;
                    continue;
                }
                (velocity, loss, gradient) = (candidate, candidateLoss, candidateGradient);
                attempts.Add(new Attempt(iteration, velocity, MathF.Sqrt(2f * loss)));
            }
            return attempts;
        }
    }
}
