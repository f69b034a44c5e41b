using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>
    /// The points where the rule table chooses a value because the function has no derivative
    /// there, which the table-driven test (RuleTableTests) avoids on purpose: Abs at 0 (+1),
    /// Max and Min on a tie (the seed goes to the first argument), Hypot at the origin (0, not
    /// NaN), Pow where x or y is 0 (as Enzyme: Pow(0, 1) has derivatives (1, 0)). EdgeCaseTests
    /// checks Pow too, on the Fody-woven fixtures, which a mutant run does not weave again. Central differences cannot judge a kink, so each choice is pinned by hand, both modes,
    /// double and float, Debug and Release IL, woven in memory (so a mutant weaver sees them).
    /// Found by mutation testing (mutation/README.md): flipping any of these choices passed the suite.
    /// </summary>
    public sealed class RuleEdgeCaseTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class E
{
    [AutoDiffReverse(""AbsRev"", Active, Active)] [AutoDiffForward(""AbsFwd"", Dual, Dual)] public static double Abs(double x) => Math.Abs(x);
    [AutoDiffReverse(""MaxRev"", Active, Active, Active)] [AutoDiffForward(""MaxFwd"", Dual, Dual, Dual)] public static double Max(double x, double y) => Math.Max(x, y);
    [AutoDiffReverse(""MinRev"", Active, Active, Active)] [AutoDiffForward(""MinFwd"", Dual, Dual, Dual)] public static double Min(double x, double y) => Math.Min(x, y);
    [AutoDiffReverse(""HypotRev"", Active, Active, Active)] [AutoDiffForward(""HypotFwd"", Dual, Dual, Dual)] public static double Hypot(double x, double y) => double.Hypot(x, y);
    [AutoDiffReverse(""PowRev"", Active, Active, Active)] [AutoDiffForward(""PowFwd"", Dual, Dual, Dual)] public static double Pow(double x, double y) => Math.Pow(x, y);

    [AutoDiffReverse(""FAbsRev"", Active, Active)] public static float FAbs(float x) => MathF.Abs(x);
    [AutoDiffReverse(""FMaxRev"", Active, Active, Active)] public static float FMax(float x, float y) => MathF.Max(x, y);
    [AutoDiffReverse(""FMinRev"", Active, Active, Active)] public static float FMin(float x, float y) => MathF.Min(x, y);
    [AutoDiffReverse(""FHypotRev"", Active, Active, Active)] public static float FHypot(float x, float y) => float.Hypot(x, y);
}";

        private delegate (double, double, double) Binary(double x, double y, double seed);

        private delegate (double, double) BinaryForward(double x, double dx, double y, double dy);

        [TestCase(false), TestCase(true)]
        public void AbsAtZeroPassesTheSeedOnWithSignPlusOne(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var rev = woven.Get<Func<double, double, (double, double)>>("E", "AbsRev");
            var fwd = woven.Get<Func<double, double, (double, double)>>("E", "AbsFwd");
            Assert.That(rev(0, 2.5), Is.EqualTo((0.0, 2.5)));
            Assert.That(fwd(0, 2.5), Is.EqualTo((0.0, 2.5)));
            // Either side of the kink, for contrast: the sign of x.
            Assert.That(rev(-0.5, 2.5).Item2, Is.EqualTo(-2.5));
            Assert.That(rev(0.5, 2.5).Item2, Is.EqualTo(2.5));
            Assert.That(woven.Get<Func<float, float, (float, float)>>("E", "FAbsRev")(0f, 2.5f), Is.EqualTo((0f, 2.5f)));
        }

        [TestCase(false), TestCase(true)]
        public void MaxAndMinOnATieSendTheSeedToTheFirstArgument(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            foreach (var name in new[] { "Max", "Min" })
            {
                var rev = woven.Get<Binary>("E", name + "Rev");
                var fwd = woven.Get<BinaryForward>("E", name + "Fwd");
                Assert.That(rev(1.5, 1.5, 2.0), Is.EqualTo((1.5, 2.0, 0.0)), name + " reverse");
                Assert.That(fwd(1.5, 1, 1.5, 0).Item2, Is.EqualTo(1.0), name + " forward ∂x");
                Assert.That(fwd(1.5, 0, 1.5, 1).Item2, Is.EqualTo(0.0), name + " forward ∂y");
                var frev = woven.Get<Func<float, float, float, (float, float, float)>>("E", "F" + name + "Rev");
                Assert.That(frev(1.5f, 1.5f, 2f), Is.EqualTo((1.5f, 2f, 0f)), name + " float reverse");
            }
        }

        [TestCase(false), TestCase(true)]
        public void HypotAtTheOriginHasAZeroGradient(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            Assert.That(woven.Get<Binary>("E", "HypotRev")(0, 0, 1), Is.EqualTo((0.0, 0.0, 0.0)));
            var fwd = woven.Get<BinaryForward>("E", "HypotFwd");
            Assert.That(fwd(0, 1, 0, 0), Is.EqualTo((0.0, 0.0)));
            Assert.That(fwd(0, 0, 0, 1), Is.EqualTo((0.0, 0.0)));
            Assert.That(woven.Get<Func<float, float, float, (float, float, float)>>("E", "FHypotRev")(0f, 0f, 1f), Is.EqualTo((0f, 0f, 0f)));
        }

        [TestCase(false), TestCase(true)]
        public void PowWhereAnArgumentIsZero(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var rev = woven.Get<Binary>("E", "PowRev");
            var fwd = woven.Get<BinaryForward>("E", "PowFwd");
            // x = 0: ∂/∂x = y·0^(y−1) (1 for y = 1, 0 for y = 2); ∂/∂y = x^y·ln x is 0, not 0·(−∞) = NaN.
            Assert.That(rev(0, 1, 2), Is.EqualTo((0.0, 2.0, 0.0)));
            Assert.That(rev(0, 2, 2), Is.EqualTo((0.0, 0.0, 0.0)));
            Assert.That(fwd(0, 1, 1, 0), Is.EqualTo((0.0, 1.0)));
            Assert.That(fwd(0, 0, 1, 1), Is.EqualTo((0.0, 0.0)));
            // y = 0: ∂/∂x is 0 (not 0·x^−1), ∂/∂y is ln x.
            Assert.That(rev(3, 0, 2), Is.EqualTo((1.0, 0.0, 2 * Math.Log(3))));
            Assert.That(fwd(0, 1, 0, 0), Is.EqualTo((1.0, 0.0)));
        }
    }
}
