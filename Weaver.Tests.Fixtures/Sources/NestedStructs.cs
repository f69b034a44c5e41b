using System;
using System.Numerics;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>A struct of structs of doubles.</summary>
    public struct Segment
    {
        public Point A;
        public Point B;
    }

    /// <summary>A struct holding two Vector3s and a float: what particle simulations keep in arrays.</summary>
    public struct Particle
    {
        public Vector3 Position;
        public Vector3 Velocity;
        public float Mass;
    }

    /// <summary>Structs of structs: parameters, locals, return values and arrays of them, followed field path by field path.</summary>
    public static partial class NestedStructs
    {
        [AutoDiffReverse("SegmentLengthRev", Active, Active)]
        [AutoDiffForward("SegmentLengthFwd", Dual, Dual)]
        public static double SegmentLength(Segment s)
        {
            var d = new Point { X = s.B.X - s.A.X, Y = s.B.Y - s.A.Y };
            return Math.Sqrt(d.X * d.X + d.Y * d.Y);
        }

        // A nested struct built locally, a nested field written, returned whole.
        [AutoDiffReverse("ReachRev", Active, Active, Active)]
        [AutoDiffForward("ReachFwd", Dual, Dual, Dual)]
        public static Segment Reach(Point a, double t)
        {
            var s = new Segment { A = a };
            s.B = a;
            s.B.X += t;
            s.B.Y *= t;
            return s;
        }

        // One explicit Euler step of particles in place, then their energy.
        [AutoDiffReverse("StepEnergyRev", Duplicated, Active, Active)]
        [AutoDiffForward("StepEnergyFwd", Dual, Dual, Dual)]
        public static float StepEnergy(Particle[] ps, float dt)
        {
            float e = 0;
            for (int i = 0; i < ps.Length; i++)
            {
                ps[i].Position += dt * ps[i].Velocity;
                ps[i].Velocity *= 0.99f;
                e += 0.5f * ps[i].Mass * ps[i].Velocity.LengthSquared() + ps[i].Mass * ps[i].Position.Y;
            }
            return e;
        }

        // Whole particles copied out of the array and back in.
        [AutoDiffReverse("DragRev", Duplicated, Active, Active)]
        [AutoDiffForward("DragFwd", Dual, Dual, Dual)]
        public static float Drag(Particle[] ps, float k)
        {
            float s = 0;
            for (int i = 0; i < ps.Length; i++)
            {
                var p = ps[i];
                p.Velocity -= k * p.Velocity.Length() * p.Velocity;
                ps[i] = p;
                s += p.Velocity.X * p.Mass;
            }
            return s;
        }
    }
}
