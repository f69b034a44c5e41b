extern alias FixturesUnwoven;

using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Objects as shadows, on the Fody-woven fixtures (Debug and Release IL): the shadow is an
    /// object of the same class whose float fields hold derivatives. Checked against central
    /// differences of the primal and forward against reverse. Fixture types differ per build, so
    /// they are made and read by reflection.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class ObjectTests
    {
        private readonly FixtureBuild _build;

        public ObjectTests(FixtureBuild build) => _build = build;

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        private object NewBody(double x, double v)
        {
            var body = Activator.CreateInstance(FixtureAssemblies.Type(_build, "Fixtures.Body"))!;
            body.GetType().GetField("X")!.SetValue(body, x);
            body.GetType().GetField("V")!.SetValue(body, v);
            return body;
        }

        private static double Field(object o, string name) => (double)o.GetType().GetField(name)!.GetValue(o)!;

        private static double Primal(double x, double v, double dt) =>
            FixturesUnwoven::Fixtures.Objects.Step(new FixturesUnwoven::Fixtures.Body { X = x, V = v }, dt);

        [Test]
        public void FieldsAndAnArrayInAFieldInBothModes()
        {
            var objects = FixtureAssemblies.Type(_build, "Fixtures.Objects");
            var (x, v, dt) = (0.8, -0.3, 0.25);
            var g = FiniteDifferences.Gradient(p => Primal(p[0], p[1], p[2]), x, v, dt);

            var shadow = NewBody(0, 0);
            var (value, ddt) = ((double, double))objects.GetMethod("StepRev")!.Invoke(null, new object[] { NewBody(x, v), shadow, dt, 1.0 })!;
            Assert.That(value, Is.EqualTo(Primal(x, v, dt)));
            Near(Field(shadow, "X"), g[0], "∂X");
            Near(Field(shadow, "V"), g[1], "∂V");
            Near(ddt, g[2], "∂dt");

            var tangent = NewBody(1, 2);
            var (fvalue, t) = ((double, double))objects.GetMethod("StepFwd")!.Invoke(null, new object[] { NewBody(x, v), tangent, dt, 3.0 })!;
            Assert.That(fvalue, Is.EqualTo(value));
            Near(t, g[0] + 2 * g[1] + 3 * g[2], "⟨ẋ, ∇f⟩", 1e-9);
        }

        [Test]
        public void ThroughThis()
        {
            var type = FixtureAssemblies.Type(_build, "Fixtures.Spring");
            var spring = Activator.CreateInstance(type)!;
            var dthis = Activator.CreateInstance(type)!;
            type.GetField("K")!.SetValue(dthis, 0.0);
            type.GetField("Length")!.SetValue(dthis, 0.0);
            var (energy, dx) = ((double, double))type.GetMethod("EnergyRev")!.Invoke(spring, new object[] { dthis, 2.5, 1.0 })!;
            // E = ½·K·(x − L)², K = 2, L = 1.5, x = 2.5: d = 1
            Assert.That(energy, Is.EqualTo(1.0));
            Assert.That(dx, Is.EqualTo(2.0), "∂E/∂x = K·d");
            Assert.That((double)type.GetField("K")!.GetValue(dthis)!, Is.EqualTo(0.5), "∂E/∂K = ½·d²");
            Assert.That((double)type.GetField("Length")!.GetValue(dthis)!, Is.EqualTo(-2.0), "∂E/∂L = −K·d");

            var tangent = Activator.CreateInstance(type)!;
            type.GetField("K")!.SetValue(tangent, 1.0);
            type.GetField("Length")!.SetValue(tangent, 0.0);
            var (e, t) = ((double, double))type.GetMethod("EnergyFwd")!.Invoke(spring, new object[] { tangent, 2.5, 0.0 })!;
            Assert.That((e, t), Is.EqualTo((1.0, 0.5)));
        }
    }
}
