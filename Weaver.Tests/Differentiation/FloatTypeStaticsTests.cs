using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>
    /// The math statics of double and float that .NET 7 added with generic math (double.Sqrt,
    /// float.Max, double.Clamp, double.Sin…) are the functions of Math under other names: the rule
    /// table serves them (RuleTableTests covers each rule through Math or MathF, and those only the
    /// float types have — Exp2, LogP1, Lerp… — through them). Here: code written with them, against
    /// central differences and the other mode, Debug and Release IL.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class FloatTypeStaticsTests
    {
        private readonly bool _optimize;

        public FloatTypeStaticsTests(bool optimize) => _optimize = optimize;

        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class S
{
    [AutoDiffReverse(""DRev"", Active, Active, Active)]
    [AutoDiffForward(""DFwd"", Dual, Dual, Dual)]
    public static double D(double a, double b) =>
        double.Sqrt(a * a + 1) + double.Max(a, b) * double.Sin(b) + double.Clamp(a, -1, 1) * b + double.Exp2(a) - double.Log(double.Abs(b)) + double.CopySign(a, b);

    [AutoDiffReverse(""FRev"", Active, Active, Active)]
    public static float F(float a, float b) => float.Sqrt(a * a + 1) + float.Min(a, b) * float.Cos(b) + float.Lerp(a, b, 0.25f) + float.Hypot(a, b);
}";

        private static double D(double a, double b) =>
            double.Sqrt(a * a + 1) + double.Max(a, b) * double.Sin(b) + double.Clamp(a, -1, 1) * b + double.Exp2(a) - double.Log(double.Abs(b)) + double.CopySign(a, b);

        private static double F(double a, double b) => Math.Sqrt(a * a + 1) + Math.Min(a, b) * Math.Cos(b) + (a * 0.75 + b * 0.25) + Math.Sqrt(a * a + b * b);

        [Test]
        public void Double_statics()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            var rev = woven.Get<Func<double, double, double, (double, double, double)>>("S", "DRev");
            var fwd = woven.Get<Func<double, double, double, double, (double, double)>>("S", "DFwd");
            foreach (var (a, b) in new[] { (0.4, -1.3), (1.7, 0.6), (-2.2, 1.9) })
            {
                var (value, da, db) = rev(a, b, 1.0);
                Assert.That(value, Is.EqualTo(D(a, b)));
                var expected = FiniteDifferences.Gradient(v => D(v[0], v[1]), a, b);
                Assert.That(da, Is.EqualTo(expected[0]).Within(FiniteDifferences.Tolerance(expected[0])), $"∂a at ({a}, {b})");
                Assert.That(db, Is.EqualTo(expected[1]).Within(FiniteDifferences.Tolerance(expected[1])), $"∂b at ({a}, {b})");
                Assert.That(fwd(a, 0.6, b, -0.8).Item2, Is.EqualTo(0.6 * da - 0.8 * db).Within(1e-12));
            }
        }

        [Test]
        public void Float_statics()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            var rev = woven.Get<Func<float, float, float, (float, float, float)>>("S", "FRev");
            foreach (var (a, b) in new[] { (0.4f, -1.3f), (1.7f, 0.6f) })
            {
                var (_, da, db) = rev(a, b, 1f);
                var expected = FiniteDifferences.Gradient(v => F(v[0], v[1]), a, b);
                Assert.That(da, Is.EqualTo(expected[0]).Within(1e-4), $"∂a at ({a}, {b})");
                Assert.That(db, Is.EqualTo(expected[1]).Within(1e-4), $"∂b at ({a}, {b})");
            }
        }
    }
}
