using System;
using System.Drawing;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// System.Drawing.PointF and SizeF (issue 13): fields X/Y and Width/Height behind properties,
    /// constructors, the operators between them, setters, as Active/Dual parameters and returns
    /// and in arrays; reverse mode against central differences and against forward mode, in
    /// Debug and Release IL, compiled in memory and (<see cref="PointFWovenByTheBuildTests"/>)
    /// woven by the build against the reference assemblies, whose PointF has only a placeholder field.
    /// </summary>
    public sealed class PointFTests
    {
        private const string Source = "using System; using System.Drawing; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class G
{
    // Every operator and constructor of the two types, and the setters.
    [AutoDiffReverse(""OperatorsGrad"", Active, Active, Active, Active)]
    [AutoDiffForward(""OperatorsTangent"", Dual, Dual, Dual, Dual)]
    public static PointF Operators(PointF p, SizeF s, float k)
    {
        var q = p + s * k - new SizeF(k, 1) / 2 + (s + new SizeF(p)) - new SizeF(PointF.Subtract(p, k * s));
        q = PointF.Add(q, s - new SizeF(new PointF(k, k)));
        q.X *= q.Y;
        q.Y = q.Y + new PointF(new Vector2(k, 2 * k)).ToVector2().Y;
        return q;
    }

    // A length along a polyline of PointF, in a loop.
    [AutoDiffReverse(""LengthGrad"", Duplicated, Active)]
    [AutoDiffForward(""LengthTangent"", Dual, Dual)]
    public static float Length(PointF[] points)
    {
        float total = 0;
        for (int i = 1; i < points.Length; i++)
        {
            var d = new SizeF(points[i].X - points[i - 1].X, points[i].Y - points[i - 1].Y);
            total += MathF.Sqrt(d.Width * d.Width + d.Height * d.Height);
        }
        return total;
    }
}";

        [TestCase(false), TestCase(true)]
        public void Operators_constructors_and_setters(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<PointF, SizeF, float, PointF>>("G", "Operators");
            var grad = woven.Get<Func<PointF, SizeF, float, PointF, (PointF, PointF, SizeF, float)>>("G", "OperatorsGrad");
            var tangent = woven.Get<Func<PointF, PointF, SizeF, SizeF, float, float, (PointF, PointF)>>("G", "OperatorsTangent");
            var (p, s, k) = (new PointF(0.7f, -1.2f), new SizeF(2.5f, 0.4f), 1.3f);
            double[] at = { p.X, p.Y, s.Width, s.Height, k };
            PointF F(double[] v) => f(new PointF((float)v[0], (float)v[1]), new SizeF((float)v[2], (float)v[3]), (float)v[4]);
            foreach (var seed in new[] { new PointF(1, 0), new PointF(0, 1) })
            {
                var (value, dp, ds, dk) = grad(p, s, k, seed);
                Assert.That(value, Is.EqualTo(f(p, s, k)));
                var expected = Differences(v => seed.X * F(v).X + seed.Y * F(v).Y, at);
                double[] actual = { dp.X, dp.Y, ds.Width, ds.Height, dk };
                for (int j = 0; j < at.Length; j++) Assert.That(actual[j], Is.EqualTo(expected[j]).Within(2e-3 * Math.Max(1, Math.Abs(expected[j]))), $"∂[{j}], seed {seed}");
                // Forward mode along each input gives the same partials.
                for (int j = 0; j < at.Length; j++)
                {
                    var e = new float[5];
                    e[j] = 1;
                    var (_, t) = tangent(p, new PointF(e[0], e[1]), s, new SizeF(e[2], e[3]), k, e[4]);
                    Assert.That(seed.X * t.X + seed.Y * t.Y, Is.EqualTo(actual[j]).Within(1e-5f * Math.Max(1, Math.Abs(actual[j]))), $"forward ∂[{j}]");
                }
            }
        }

        /// <summary>Central differences with a step float arithmetic can resolve (1e-2; the functions here are low-degree, so its truncation error stays near 1e-4).</summary>
        private static double[] Differences(Func<double[], double> f, double[] at)
        {
            var g = new double[at.Length];
            for (int j = 0; j < at.Length; j++)
            {
                var (plus, minus) = (at.ToArray(), at.ToArray());
                plus[j] += 1e-2;
                minus[j] -= 1e-2;
                g[j] = (f(plus) - f(minus)) / 2e-2;
            }
            return g;
        }

        [TestCase(false), TestCase(true)]
        public void Polyline_length_over_a_PointF_array(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<PointF[], float>>("G", "Length");
            var grad = woven.Get<Func<PointF[], PointF[], float, float>>("G", "LengthGrad");
            var tangent = woven.Get<Func<PointF[], PointF[], (float, float)>>("G", "LengthTangent");
            PointF[] points = { new PointF(0, 0), new PointF(3, 4), new PointF(3, 7.5f), new PointF(-1, 2) };
            var dpoints = new PointF[points.Length];
            Assert.That(grad(points, dpoints, 1f), Is.EqualTo(f(points)));
            var at = points.SelectMany(q => new double[] { q.X, q.Y }).ToArray();
            var expected = Differences(v => f(Enumerable.Range(0, points.Length).Select(i => new PointF((float)v[2 * i], (float)v[2 * i + 1])).ToArray()), at);
            var actual = dpoints.SelectMany(q => new double[] { q.X, q.Y }).ToArray();
            for (int j = 0; j < at.Length; j++) Assert.That(actual[j], Is.EqualTo(expected[j]).Within(2e-3), $"∂[{j}]");
            var direction = points.Select((q, i) => new PointF(0.1f * i, -0.2f)).ToArray();
            var (_, t) = tangent(points, direction);
            Assert.That(t, Is.EqualTo(actual.Zip(direction.SelectMany(q => new double[] { q.X, q.Y }), (a, b) => a * b).Sum()).Within(1e-5));
        }
    }

    /// <summary>PointF and SizeF derivatives the build wove (Fody, against the reference assemblies): Fixtures.BclNumerics.</summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class PointFWovenByTheBuildTests
    {
        private readonly FixtureBuild _build;

        public PointFWovenByTheBuildTests(FixtureBuild build) => _build = build;

        [Test]
        public void Shoelace_area_and_a_moved_point()
        {
            var area = FixtureAssemblies.Get<Func<PointF[], float>>(_build, "Fixtures.BclNumerics", "Area");
            var areaRev = FixtureAssemblies.Get<Func<PointF[], PointF[], float, float>>(_build, "Fixtures.BclNumerics", "AreaRev");
            var areaFwd = FixtureAssemblies.Get<Func<PointF[], PointF[], (float, float)>>(_build, "Fixtures.BclNumerics", "AreaFwd");
            PointF[] square = { new PointF(0, 0), new PointF(2, 0), new PointF(2, 3), new PointF(0, 3) };
            var d = new PointF[square.Length];
            Assert.That(areaRev(square, d, 1f), Is.EqualTo(6f));
            // ∂A/∂p_i = ½ (y_{i+1} − y_{i−1}, x_{i−1} − x_{i+1}).
            for (int i = 0; i < square.Length; i++)
            {
                var (prev, next) = (square[(i + 3) % 4], square[(i + 1) % 4]);
                Assert.That(d[i], Is.EqualTo(new PointF(0.5f * (next.Y - prev.Y), 0.5f * (prev.X - next.X))), $"vertex {i}");
            }
            var (value, t) = areaFwd(square, new[] { new PointF(0, 0), new PointF(1, 0), new PointF(0, 0), new PointF(0, 0) });
            Assert.That(value, Is.EqualTo(area(square)));
            Assert.That(t, Is.EqualTo(d[1].X));

            var movedRev = FixtureAssemblies.Get<Func<PointF, SizeF, float, PointF, (PointF, PointF, SizeF, float)>>(_build, "Fixtures.BclNumerics", "MovedRev");
            var movedFwd = FixtureAssemblies.Get<Func<PointF, PointF, SizeF, SizeF, float, float, (PointF, PointF)>>(_build, "Fixtures.BclNumerics", "MovedFwd");
            // p + step·k − (k, 0)/2: ∂x/∂p = (1, 0), ∂x/∂step = (k, 0), ∂x/∂k = step.Width − ½.
            var (moved, dp, ds, dk) = movedRev(new PointF(1, 2), new SizeF(3, 4), 0.5f, new PointF(1, 0));
            Assert.That(moved, Is.EqualTo(new PointF(1 + 1.5f - 0.25f, 4)));
            Assert.That((dp, ds, dk), Is.EqualTo((new PointF(1, 0), new SizeF(0.5f, 0), 2.5f)));
            var (_, tangent) = movedFwd(new PointF(1, 2), new PointF(0, 1), new SizeF(3, 4), new SizeF(2, 0), 0.5f, 1);
            Assert.That(tangent, Is.EqualTo(new PointF(1 + 2.5f, 1 + 4)));
        }
    }
}
