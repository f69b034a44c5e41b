using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Batch forward mode through a hand-written forward rule: the rule is called once per lane,
    /// each time with that lane's tangent. CustomRuleTests calls rules at width 1 only; found by
    /// mutation testing (mutation/README.md): handing every lane lane 0's tangent passed the
    /// suite. Checked against the width-1 derivative and by hand, Debug and Release IL.
    /// </summary>
    public sealed class CustomRuleBatchTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class B
{
    [CustomDerivative(Forward = nameof(CubeFwd))]
    public static double Cube(double x) => x * x * x;
    public static (double, double) CubeFwd(double x, double dx) => (x * x * x, 3 * x * x * dx);

    // x³ + (x·y)³
    [AutoDiffForward(""CubesFwd"", Dual, Dual, Dual)]
    [AutoDiffForward(""CubesFwd2"", 2, Dual, Dual, Dual)]
    public static double Cubes(double x, double y) => Cube(x) + Cube(x * y);
}";

        [TestCase(false), TestCase(true)]
        public void EachLaneHandsTheRuleItsOwnTangent(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var (x, y) = (0.7, 1.9);
            var single = woven.Get<Func<double, double, double, double, (double, double)>>("B", "CubesFwd");
            var batch = woven.Get<Func<double, double, double, double, double, double, (double, double, double)>>("B", "CubesFwd2");
            // ∂x = 3x² + 3(xy)²·y, ∂y = 3(xy)²·x.
            var dx = 3 * x * x + 3 * (x * y) * (x * y) * y;
            var dy = 3 * (x * y) * (x * y) * x;
            Assert.That(single(x, 1, y, 0).Item2, Is.EqualTo(dx).Within(1e-12));
            Assert.That(single(x, 0, y, 1).Item2, Is.EqualTo(dy).Within(1e-12));
            // Lanes: (1, 0) and (0, 1).
            var (value, t0, t1) = batch(x, 1, 0, y, 0, 1);
            Assert.That(value, Is.EqualTo(x * x * x + Math.Pow(x * y, 3)).Within(1e-12));
            Assert.That(t0, Is.EqualTo(dx).Within(1e-12), "lane 0");
            Assert.That(t1, Is.EqualTo(dy).Within(1e-12), "lane 1");
        }
    }
}
