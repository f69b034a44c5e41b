using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>Point[] in both modes on the Fody-woven fixtures (Debug and Release IL), against central differences. Fixture types differ per build: reflection.</summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class StructArrayTests
    {
        private readonly FixtureBuild _build;

        public StructArrayTests(FixtureBuild build) => _build = build;

        private Type PointType => FixtureAssemblies.Type(_build, "Fixtures.Point");

        private Array Points(params double[] xy)
        {
            var array = Array.CreateInstance(PointType, xy.Length / 2);
            for (int k = 0; k < array.Length; k++)
            {
                var p = Activator.CreateInstance(PointType)!;
                PointType.GetField("X")!.SetValue(p, xy[2 * k]);
                PointType.GetField("Y")!.SetValue(p, xy[2 * k + 1]);
                array.SetValue(p, k);
            }
            return array;
        }

        private double[] Flat(Array points)
        {
            var xy = new double[points.Length * 2];
            for (int k = 0; k < points.Length; k++)
            {
                var p = points.GetValue(k)!;
                xy[2 * k] = (double)PointType.GetField("X")!.GetValue(p)!;
                xy[2 * k + 1] = (double)PointType.GetField("Y")!.GetValue(p)!;
            }
            return xy;
        }

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        [Test]
        public void FieldsOfElementsRead()
        {
            var type = FixtureAssemblies.Type(_build, "Fixtures.StructArrays");
            var xy = new[] { 0.0, 0.0, 3.0, 4.0, 3.0, 5.5 };
            double F(double[] v) => (double)type.GetMethod("PathLength")!.Invoke(null, new object[] { Points(v) })!;
            var shadow = Points(0, 0, 0, 0, 0, 0);
            var value = (double)type.GetMethod("PathLengthRev")!.Invoke(null, new object[] { Points(xy), shadow, 1.0 })!;
            Assert.That(value, Is.EqualTo(6.5));
            var g = Flat(shadow);
            var expected = FiniteDifferences.Gradient(F, xy);
            for (int k = 0; k < xy.Length; k++) Near(g[k], expected[k], $"∂[{k}]");
            var (fvalue, tangent) = ((double, double))type.GetMethod("PathLengthFwd")!.Invoke(null, new object[] { Points(xy), Points(1, 0, 0, 0, 0, 1) })!;
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, g[0] + g[5], "⟨ẋ, ∇f⟩", 1e-9);
        }

        [Test]
        public void FieldsOfElementsWrittenInPlace()
        {
            var type = FixtureAssemblies.Type(_build, "Fixtures.StructArrays");
            var xy = new[] { 1.0, 2.0, -0.5, 3.0 };
            double F(double[] v, double a) => (double)type.GetMethod("Shear")!.Invoke(null, new object[] { Points(v), a })!;
            var shadow = Points(0, 0, 0, 0);
            var result = ((double, double))type.GetMethod("ShearRev")!.Invoke(null, new object[] { Points(xy), shadow, 0.7, 1.0 })!;
            Assert.That(result.Item1, Is.EqualTo(F(xy, 0.7)));
            Near(result.Item2, FiniteDifferences.Derivative(a => F(xy, a), 0.7), "∂a");
            var g = Flat(shadow);
            var expected = FiniteDifferences.Gradient(v => F(v, 0.7), xy);
            for (int k = 0; k < xy.Length; k++) Near(g[k], expected[k], $"∂[{k}]");
            var (fvalue, tangent) = ((double, double))type.GetMethod("ShearFwd")!.Invoke(null, new object[] { Points(xy), Points(0, 1, 0, 0), 0.7, 1.0 })!;
            Assert.That(fvalue, Is.EqualTo(result.Item1));
            Near(tangent, g[1] + result.Item2, "⟨ẋ, ∇f⟩", 1e-9);
        }
    }
}
