using System;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Structs of structs (Fixtures.NestedStructs) in both modes on the Fody-woven fixtures, Debug
    /// and Release IL: against hand-derived values and central differences, and reverse against
    /// forward. Fixture types differ per build, so values are built and read through reflection.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class NestedStructTests
    {
        private readonly FixtureBuild _build;

        public NestedStructTests(FixtureBuild build) => _build = build;

        private Type Fixture(string name) => FixtureAssemblies.Type(_build, "Fixtures." + name);

        private object Call(string method, params object[] args) => Fixture("NestedStructs").GetMethod(method)!.Invoke(null, args)!;

        private object Point(double x, double y)
        {
            var p = Activator.CreateInstance(Fixture("Point"))!;
            p.GetType().GetField("X")!.SetValue(p, x);
            p.GetType().GetField("Y")!.SetValue(p, y);
            return p;
        }

        private object Segment(double ax, double ay, double bx, double by)
        {
            var s = Activator.CreateInstance(Fixture("Segment"))!;
            s.GetType().GetField("A")!.SetValue(s, Point(ax, ay));
            s.GetType().GetField("B")!.SetValue(s, Point(bx, by));
            return s;
        }

        private static double[] Leaves(object o) =>
            o.GetType().GetFields().SelectMany(f => f.GetValue(o) is double d ? new[] { d } : Leaves(f.GetValue(o)!)).ToArray();

        [Test]
        public void AStructOfStructsAsAnActiveParameter()
        {
            double F(double[] v) => (double)Call("SegmentLength", Segment(v[0], v[1], v[2], v[3]));
            var at = new[] { 1.0, 2.0, 4.0, 6.0 };
            var (value, gradient) = ((double, object))((ITuple)Call("SegmentLengthRev", Segment(at[0], at[1], at[2], at[3]), 1.0)).ToValueTuple2();
            Assert.That(value, Is.EqualTo(5.0));
            Assert.That(gradient.GetType().Name, Is.EqualTo("Segment"));
            Assert.That(Leaves(gradient), Is.EqualTo(new[] { -0.6, -0.8, 0.6, 0.8 }).Within(1e-15), "±(B − A)/|B − A|");
            Assert.That(Leaves(gradient), Is.EqualTo(FiniteDifferences.Gradient(F, at)).Within(1e-7));
            var (_, tangent) = ((double, double))Call("SegmentLengthFwd", Segment(at[0], at[1], at[2], at[3]), Segment(1, 0, 0, 2));
            Assert.That(tangent, Is.EqualTo(-0.6 + 2 * 0.8).Within(1e-14));
        }

        [Test]
        public void AStructOfStructsBuiltWrittenAndReturned()
        {
            // Reach(a, t) = (A = a, B = (a.X + t, a.Y·t)); with seed (sA, sB):
            // ∂a = (sA.X + sB.X, sA.Y + t·sB.Y), ∂t = sB.X + a.Y·sB.Y.
            var result = (ITuple)Call("ReachRev", Point(2, 3), 0.5, Segment(1, -1, 4, 2));
            Assert.That(Leaves(result[0]!), Is.EqualTo(new[] { 2.0, 3.0, 2.5, 1.5 }));
            Assert.That(Leaves(result[1]!), Is.EqualTo(new[] { 1.0 + 4.0, -1.0 + 0.5 * 2.0 }));
            Assert.That(result[2], Is.EqualTo(4.0 + 3.0 * 2.0));
            var forward = (ITuple)Call("ReachFwd", Point(2, 3), Point(1, 1), 0.5, 2.0);
            Assert.That(Leaves(forward[0]!), Is.EqualTo(new[] { 2.0, 3.0, 2.5, 1.5 }));
            Assert.That(Leaves(forward[1]!), Is.EqualTo(new[] { 1.0, 1.0, 1.0 + 2.0, 0.5 + 3.0 * 2.0 }));
        }

        // ----- Particle[]: float fields; reverse checked against forward on every input, and against central differences -----

        private Array Particles(float[] v)
        {
            var type = Fixture("Particle");
            var array = Array.CreateInstance(type, v.Length / 7);
            for (int k = 0; k < array.Length; k++)
            {
                var p = Activator.CreateInstance(type)!;
                type.GetField("Position")!.SetValue(p, new Vector3(v[7 * k], v[7 * k + 1], v[7 * k + 2]));
                type.GetField("Velocity")!.SetValue(p, new Vector3(v[7 * k + 3], v[7 * k + 4], v[7 * k + 5]));
                type.GetField("Mass")!.SetValue(p, v[7 * k + 6]);
                array.SetValue(p, k);
            }
            return array;
        }

        private static float[] Flat(Array particles)
        {
            var v = new float[particles.Length * 7];
            for (int k = 0; k < particles.Length; k++)
            {
                var p = particles.GetValue(k)!;
                var position = (Vector3)p.GetType().GetField("Position")!.GetValue(p)!;
                var velocity = (Vector3)p.GetType().GetField("Velocity")!.GetValue(p)!;
                new[] { position.X, position.Y, position.Z, velocity.X, velocity.Y, velocity.Z, (float)p.GetType().GetField("Mass")!.GetValue(p)! }.CopyTo(v, 7 * k);
            }
            return v;
        }

        [TestCase("StepEnergy", 0.1f)]
        [TestCase("Drag", 0.3f)]
        public void ParticlesInAnArray(string name, float scalar)
        {
            var at = new[] { 1f, 2f, -1f, 0.5f, -0.25f, 1.5f, 2f, -0.5f, 0.75f, 3f, -1f, 0.4f, 0.2f, 0.5f };
            float F(float[] v, float s) => (float)Call(name, Particles(v), s);
            var shadow = Particles(new float[at.Length]);
            var (value, dscalar) = ((float, float))Call(name + "Rev", Particles(at), shadow, scalar, 1f);
            Assert.That(value, Is.EqualTo(F(at, scalar)).Within(1e-5 * Math.Abs(value)));
            var gradient = Flat(shadow);
            for (int k = 0; k <= at.Length; k++)
            {
                // Forward mode along each input direction gives the same partial as reverse mode.
                var direction = new float[at.Length];
                if (k < at.Length) direction[k] = 1;
                var (_, tangent) = ((float, float))Call(name + "Fwd", Particles(at), Particles(direction), scalar, k < at.Length ? 0f : 1f);
                var reverse = k < at.Length ? gradient[k] : dscalar;
                Assert.That(tangent, Is.EqualTo(reverse).Within(1e-5 * Math.Max(1, Math.Abs(reverse))), $"forward = reverse, ∂[{k}]");
                // Central differences in float, h = 1e-2.
                double expected;
                if (k < at.Length)
                {
                    var plus = (float[])at.Clone();
                    var minus = (float[])at.Clone();
                    plus[k] += 1e-2f;
                    minus[k] -= 1e-2f;
                    expected = ((double)F(plus, scalar) - F(minus, scalar)) / ((double)plus[k] - minus[k]);
                }
                else
                {
                    expected = ((double)F(at, scalar + 1e-2f) - F(at, scalar - 1e-2f)) / (((double)scalar + 1e-2f) - (scalar - 1e-2f));
                }
                Assert.That(reverse, Is.EqualTo(expected).Within(3e-3 * Math.Max(1, Math.Abs(expected))), $"∂[{k}] against central differences");
            }
        }
    }

    internal static class TupleExtensions
    {
        public static (object, object) ToValueTuple2(this ITuple t) => (t[0]!, t[1]!);
    }
}
