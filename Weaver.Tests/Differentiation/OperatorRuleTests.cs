using System;
using System.Linq;
using AutoDiff.Weaver.Differentiation.Rules;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>
    /// The operator entries of the rule table (+ − × ÷ %, negation, float↔double conversions),
    /// each in float and double, both modes, from Debug and Release IL, against hand-derived
    /// partials and central differences; and a check that every operator entry has a case here,
    /// so a new or changed operator rule is always exercised.
    /// </summary>
    public sealed class OperatorRuleTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class O
{
    [AutoDiffReverse(""AddRev"", Active, Active, Active)] [AutoDiffForward(""AddFwd"", Dual, Dual, Dual)] public static double Add(double x, double y) => x + y;
    [AutoDiffReverse(""SubRev"", Active, Active, Active)] [AutoDiffForward(""SubFwd"", Dual, Dual, Dual)] public static double Sub(double x, double y) => x - y;
    [AutoDiffReverse(""MulRev"", Active, Active, Active)] [AutoDiffForward(""MulFwd"", Dual, Dual, Dual)] public static double Mul(double x, double y) => x * y;
    [AutoDiffReverse(""DivRev"", Active, Active, Active)] [AutoDiffForward(""DivFwd"", Dual, Dual, Dual)] public static double Div(double x, double y) => x / y;
    [AutoDiffReverse(""RemRev"", Active, Active, Active)] [AutoDiffForward(""RemFwd"", Dual, Dual, Dual)] public static double Rem(double x, double y) => x % y;
    [AutoDiffReverse(""NegRev"", Active, Active, Active)] [AutoDiffForward(""NegFwd"", Dual, Dual, Dual)] public static double Neg(double x, double y) => -x * y;
    [AutoDiffReverse(""ConvRev"", Active, Active, Active)] [AutoDiffForward(""ConvFwd"", Dual, Dual, Dual)] public static double Conv(double x, double y) => (double)((float)x * (float)y);

    [AutoDiffReverse(""FAddRev"", Active, Active, Active)] public static float FAdd(float x, float y) => x + y;
    [AutoDiffReverse(""FSubRev"", Active, Active, Active)] public static float FSub(float x, float y) => x - y;
    [AutoDiffReverse(""FMulRev"", Active, Active, Active)] public static float FMul(float x, float y) => x * y;
    [AutoDiffReverse(""FDivRev"", Active, Active, Active)] public static float FDiv(float x, float y) => x / y;
    [AutoDiffReverse(""FRemRev"", Active, Active, Active)] public static float FRem(float x, float y) => x % y;
    [AutoDiffReverse(""FNegRev"", Active, Active, Active)] public static float FNeg(float x, float y) => -x * y;
    [AutoDiffReverse(""FConvRev"", Active, Active, Active)] public static float FConv(float x, float y) => (float)((double)x * y);
}";

        /// <summary>Each case: the primal's name, and ∂/∂x, ∂/∂y by hand.</summary>
        private static readonly (string Name, Op Op, Func<double, double, (double, double)> Partials)[] Cases =
        {
            ("Add", Op.Add, (x, y) => (1, 1)),
            ("Sub", Op.Sub, (x, y) => (1, -1)),
            ("Mul", Op.Mul, (x, y) => (y, x)),
            ("Div", Op.Div, (x, y) => (1 / y, -x / (y * y))),
            ("Rem", Op.Rem, (x, y) => (1, -Math.Truncate(x / y))),
            ("Neg", Op.Neg, (x, y) => (-y, -x)),
            ("Conv", Op.Conv, (x, y) => (y, x)),
        };

        [Test]
        public void EveryOperatorRuleHasACase()
        {
            Assert.That(DerivativeRules.OpEntries, Is.EquivalentTo(Cases.Select(c => c.Op)));
        }

        [TestCase(false, 7.3, 2.1), TestCase(true, 7.3, 2.1), TestCase(false, -5.7, 1.6), TestCase(true, -5.7, 1.6)]
        public void DoublesInBothModes(bool optimize, double x, double y)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            foreach (var (name, _, partials) in Cases)
            {
                var primal = woven.Get<Func<double, double, double>>("O", name);
                var (dx, dy) = partials(x, y);
                var (value, rx, ry) = woven.Get<Func<double, double, double, (double, double, double)>>("O", name + "Rev")(x, y, 1.0);
                Assert.That(value, Is.EqualTo(primal(x, y)), name);
                var tolerance = name == "Conv" ? 1e-6 : 1e-12;
                Assert.That(rx, Is.EqualTo(dx).Within(tolerance * Math.Max(1, Math.Abs(dx))), name + " ∂x");
                Assert.That(ry, Is.EqualTo(dy).Within(tolerance * Math.Max(1, Math.Abs(dy))), name + " ∂y");
                if (name != "Conv") // rounding to float makes differences of 1e-6 steps meaningless; the exact partials above hold
                {
                    Assert.That(rx, Is.EqualTo(FiniteDifferences.Derivative(v => primal(v, y), x)).Within(1e-5), name + " ∂x by differences");
                    Assert.That(ry, Is.EqualTo(FiniteDifferences.Derivative(v => primal(x, v), y)).Within(1e-5), name + " ∂y by differences");
                }
                var fwd = woven.Get<Func<double, double, double, double, (double, double)>>("O", name + "Fwd");
                Assert.That(fwd(x, 1, y, 0).Item2, Is.EqualTo(rx).Within(1e-12), name + " forward ∂x");
                Assert.That(fwd(x, 0, y, 1).Item2, Is.EqualTo(ry).Within(1e-12), name + " forward ∂y");
            }
        }

        [TestCase(false), TestCase(true)]
        public void Floats(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var (x, y) = (7.3f, 2.1f);
            foreach (var (name, _, partials) in Cases)
            {
                var (dx, dy) = partials(x, y);
                var (_, rx, ry) = woven.Get<Func<float, float, float, (float, float, float)>>("O", "F" + name + "Rev")(x, y, 1f);
                Assert.That(rx, Is.EqualTo(dx).Within(1e-5 * Math.Max(1, Math.Abs(dx))), name + " ∂x");
                Assert.That(ry, Is.EqualTo(dy).Within(1e-5 * Math.Max(1, Math.Abs(dy))), name + " ∂y");
            }
        }
    }
}
