using System.Numerics;
using AutoDiff;
using static AutoDiff.Activity;

namespace AutoDiff.Samples.Physics
{
    /// <summary>A point mass in flight.</summary>
    public struct Body
    {
        public Vector3 Position;
        public Vector3 Velocity;
    }

    /// <summary>What the air does to the body: gravity, quadratic drag per unit mass, and a steady wind.</summary>
    public struct Air
    {
        public Vector3 Gravity;
        public float DragPerMass;
        public Vector3 Wind;
    }

    /// <summary>The simulation: a projectile with drag, integrated step by step until it lands.</summary>
    public static partial class Flight
    {
        /// <summary>One step of semi-implicit Euler: the velocity first, then the position with the new velocity.</summary>
        public static Body Step(Body body, Air air, float dt)
        {
            Vector3 airspeed = body.Velocity - air.Wind;
            Vector3 drag = -air.DragPerMass * airspeed.Length() * airspeed;
            body.Velocity += dt * (air.Gravity + drag);
            body.Position += dt * body.Velocity;
            return body;
        }

        /// <summary>
        /// Where the body first reaches the ground (y = 0): integrated until a step ends below it,
        /// then interpolated linearly inside that step, so the landing point moves smoothly with the
        /// launch velocity instead of jumping by whole steps.
        /// </summary>
        public static Vector3 LandingPoint(Vector3 launchVelocity, Vector3 launcher, Air air, float dt, int maxSteps)
        {
            var body = new Body { Position = launcher, Velocity = launchVelocity };
            for (int i = 0; i < maxSteps; i++)
            {
                Body next = Step(body, air, dt);
                if (next.Position.Y < 0)
                {
                    float fraction = body.Position.Y / (body.Position.Y - next.Position.Y);
                    return Vector3.Lerp(body.Position, next.Position, fraction);
                }
                body = next;
            }
            return body.Position;
        }

        /// <summary>Half the squared distance between the landing point and the target: the loss gradient descent drives to zero.</summary>
        [AutoDiffReverse("MissGradient", Active, Const, Const, Const, Const, Const, Active)]
        public static float Miss(Vector3 launchVelocity, Vector3 launcher, Vector3 target, Air air, float dt, int maxSteps)
            => 0.5f * Vector3.DistanceSquared(LandingPoint(launchVelocity, launcher, air, dt, maxSteps), target);
    }
}
