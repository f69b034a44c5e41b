using System;
using System.Numerics;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>Scalar structs as Active/Dual parameters, on the Fody-woven fixtures (Debug and Release IL), against hand-derived gradients.</summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class StructTests
    {
        private readonly FixtureBuild _build;

        public StructTests(FixtureBuild build) => _build = build;

        private object Point(double x, double y)
        {
            var p = Activator.CreateInstance(FixtureAssemblies.Type(_build, "Fixtures.Point"))!;
            p.GetType().GetField("X")!.SetValue(p, x);
            p.GetType().GetField("Y")!.SetValue(p, y);
            return p;
        }

        private static double Field(object o, string name) => (double)o.GetType().GetField(name)!.GetValue(o)!;

        [Test]
        public void UserStructGradientIsTheSameStruct()
        {
            var type = FixtureAssemblies.Type(_build, "Fixtures.Structs");
            var result = (System.Runtime.CompilerServices.ITuple)type.GetMethod("DistanceRev")!.Invoke(null, new[] { Point(4, 5), Point(1, 1), (object)1.0 })!;
            Assert.That(result[0], Is.EqualTo(5.0));
            var gradient = result[1]!;
            Assert.That(gradient.GetType().Name, Is.EqualTo("Point"));
            Assert.That(Field(gradient, "X"), Is.EqualTo(0.6).Within(1e-15), "(p − c)/r");
            Assert.That(Field(gradient, "Y"), Is.EqualTo(0.8).Within(1e-15), "(p − c)/r");
            var (value, tangent) = ((double, double))type.GetMethod("DistanceFwd")!.Invoke(null, new[] { Point(4, 5), Point(2, -1), Point(1, 1) })!;
            Assert.That(value, Is.EqualTo(5.0));
            Assert.That(tangent, Is.EqualTo(0.6 * 2 - 0.8).Within(1e-15));
        }

        [Test]
        public void Vector3GradientIsAVector3()
        {
            var rev = FixtureAssemblies.Get<Func<Vector3, float, float, (float, Vector3, float)>>(_build, "Fixtures.Structs", "WeightedRev");
            var v = new Vector3(2f, 3f, 0.5f);
            var (value, dv, dw) = rev(v, 1.5f, 1f);
            Assert.That(value, Is.EqualTo(1.5f * (6f + MathF.Sin(0.5f))));
            Assert.That(dv.X, Is.EqualTo(1.5f * 3f).Within(1e-6));
            Assert.That(dv.Y, Is.EqualTo(1.5f * 2f).Within(1e-6));
            Assert.That(dv.Z, Is.EqualTo(1.5f * MathF.Cos(0.5f)).Within(1e-6));
            Assert.That(dw, Is.EqualTo(6f + MathF.Sin(0.5f)).Within(1e-6));
            var fwd = FixtureAssemblies.Get<Func<Vector3, Vector3, float, float, (float, float)>>(_build, "Fixtures.Structs", "WeightedFwd");
            var (fv, t) = fwd(v, new Vector3(1f, 0f, 2f), 1.5f, 1f);
            Assert.That(fv, Is.EqualTo(value));
            Assert.That(t, Is.EqualTo(dv.X + 2 * dv.Z + dw).Within(1e-5));
        }
    }
}
