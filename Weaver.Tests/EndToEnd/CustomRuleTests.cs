using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Hand-written derivatives: [CustomDerivative] on a method whose body cannot be
    /// differentiated (the fast inverse square root's bit trick), used inside loops over arrays;
    /// a rule that replaces a derivative the weaver could compute (straight-through clamp); a
    /// forward-only rule; the assembly-level form for a framework method without a rule
    /// (Math.ScaleB). Checked against the math and the other mode, from Debug and Release IL;
    /// a rule with the wrong signature is AD4007.
    /// </summary>
    public sealed class CustomRuleTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
[assembly: CustomDerivativeFor(typeof(Math), nameof(Math.ScaleB), typeof(ScaleRules), Forward = nameof(ScaleRules.ScaleBFwd), Reverse = nameof(ScaleRules.ScaleBRev))]

public static class ScaleRules
{
    public static (double, double) ScaleBFwd(double x, double dx, int n) => (Math.ScaleB(x, n), Math.ScaleB(dx, n));
    public static (double, double) ScaleBRev(double x, int n, double dret) => (Math.ScaleB(x, n), Math.ScaleB(dret, n));
}

public static partial class Fast
{
    [CustomDerivative(Forward = nameof(InvSqrtFwd), Reverse = nameof(InvSqrtRev))]
    public static float InvSqrt(float x)
    {
        float half = 0.5f * x;
        int i = BitConverter.SingleToInt32Bits(x);
        i = 0x5f3759df - (i >> 1);
        float y = BitConverter.Int32BitsToSingle(i);
        y = y * (1.5f - half * y * y);
        y = y * (1.5f - half * y * y);
        return y;
    }

    // d/dx x^(-1/2) = -x^(-3/2)/2 = -y³/2
    public static (float, float) InvSqrtFwd(float x, float dx) { var y = InvSqrt(x); return (y, -0.5f * y * y * y * dx); }
    public static (float, float) InvSqrtRev(float x, float dret) { var y = InvSqrt(x); return (y, -0.5f * y * y * y * dret); }

    [CustomDerivative(Reverse = nameof(ClampRev))]
    public static double Clamp01(double x) => x < 0 ? 0 : x > 1 ? 1 : x;
    public static (double, double) ClampRev(double x, double dret) => (Clamp01(x), dret); // straight-through

    [CustomDerivative(Forward = nameof(CubeFwd))]
    public static double Cube(double x) => x * x * x;
    public static (double, double) CubeFwd(double x, double dx) => (x * x * x, 3 * x * x * dx);

    [AutoDiffReverse(""InvNormRev"", Duplicated, Active)]
    [AutoDiffForward(""InvNormFwd"", Dual, Dual)]
    public static float InvNorm(float[] a)
    {
        float s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * a[i];
        return InvSqrt(s);
    }

    [AutoDiffReverse(""SoftRev"", Duplicated, Active)]
    [AutoDiffForward(""SoftFwd"", Dual, Dual)]
    public static float Softsign(float[] a)
    {
        float s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * InvSqrt(1 + a[i] * a[i]);
        return s;
    }

    [AutoDiffReverse(""ClampRevD"", Active, Active)]
    public static double Clamped(double x) => 3 * Clamp01(x);

    [AutoDiffReverse(""CubeRevD"", Active, Active)]
    [AutoDiffForward(""CubeFwdD"", Dual, Dual)]
    public static double Cubed(double x) => Cube(x) + Cube(2 * x);

    [AutoDiffReverse(""ScaledRev"", Active, Active)]
    [AutoDiffForward(""ScaledFwd"", Dual, Dual)]
    public static double Scaled(double x) => Math.ScaleB(x * x, 3);
}";

        [TestCase(false), TestCase(true)]
        public void TheFastInverseSquareRootWithItsRules(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var a = new[] { 1f, 2f, 3f };
            var da = new float[3];
            var value = woven.Get<Func<float[], float[], float, float>>("Fast", "InvNormRev")(a, da, 1f);
            var norm = Math.Sqrt(14);
            Assert.That(value, Is.EqualTo(1 / norm).Within(1e-5 / norm));
            // ∂(1/|a|)/∂aᵢ = −aᵢ·14^(−3/2); the rule's y is the bit trick's (to ~5e-6 relative).
            for (int i = 0; i < 3; i++) Assert.That(da[i], Is.EqualTo(-a[i] * Math.Pow(14, -1.5)).Within(2e-5 * Math.Abs(a[i] * Math.Pow(14, -1.5))), $"∂a{i}");
            var (_, t) = woven.Get<Func<float[], float[], (float, float)>>("Fast", "InvNormFwd")(a, new[] { 1f, -1f, 2f });
            Assert.That(t, Is.EqualTo(da[0] - da[1] + 2 * da[2]).Within(1e-6), "forward agrees with reverse");
        }

        [TestCase(false), TestCase(true)]
        public void ARuleCalledInsideALoop(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var a = new[] { 0.5f, -1.5f, 2f, 0.25f };
            var da = new float[4];
            woven.Get<Func<float[], float[], float, float>>("Fast", "SoftRev")(a, da, 1f);
            // d/da a/√(1+a²) = (1+a²)^(−3/2)
            for (int i = 0; i < 4; i++) Assert.That(da[i], Is.EqualTo(Math.Pow(1 + a[i] * a[i], -1.5)).Within(1e-4), $"∂a{i}");
            var fwd = woven.Get<Func<float[], float[], (float, float)>>("Fast", "SoftFwd");
            for (int i = 0; i < 4; i++)
            {
                var direction = new float[4];
                direction[i] = 1;
                Assert.That(fwd(a, direction).Item2, Is.EqualTo(da[i]).Within(1e-6), $"forward ∂a{i}");
            }
        }

        [TestCase(false, 1.7), TestCase(true, -0.3), TestCase(false, 0.4)]
        public void ARuleReplacesADerivativeTheWeaverCouldCompute(bool optimize, double x)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // Straight-through: 3 everywhere, where the body's derivative is 0 outside [0, 1].
            var (value, dx) = woven.Get<Func<double, double, (double, double)>>("Fast", "ClampRevD")(x, 1.0);
            Assert.That(value, Is.EqualTo(3 * Math.Clamp(x, 0, 1)));
            Assert.That(dx, Is.EqualTo(3.0));
        }

        [TestCase(false), TestCase(true)]
        public void AForwardOnlyRuleLeavesReverseModeToTheBody(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // x³ + 8x³: 27x².
            var x = 1.5;
            Assert.That(woven.Get<Func<double, double, (double, double)>>("Fast", "CubeFwdD")(x, 1.0), Is.EqualTo((9 * x * x * x, 27 * x * x)));
            Assert.That(woven.Get<Func<double, double, (double, double)>>("Fast", "CubeRevD")(x, 1.0), Is.EqualTo((9 * x * x * x, 27 * x * x)));
        }

        [TestCase(false), TestCase(true)]
        public void AnAssemblyLevelRuleForAFrameworkMethod(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // ScaleB(x², 3) = 8x²: 16x.
            var x = 0.75;
            Assert.That(woven.Get<Func<double, double, (double, double)>>("Fast", "ScaledRev")(x, 1.0), Is.EqualTo((8 * x * x, 16 * x)));
            Assert.That(woven.Get<Func<double, double, (double, double)>>("Fast", "ScaledFwd")(x, 1.0), Is.EqualTo((8 * x * x, 16 * x)));
        }

        [Test]
        public void AD4007_ARuleWithTheWrongSignature()
        {
            // Built without the generator (which reports AD1014 in the IDE), so the weaver's own check answers.
            var source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [CustomDerivative(Reverse = nameof(GRev))]
    static double G(double x) => x + 1;
    static (double, double) GRev(double x) => (x + 1, 1);
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x)
    {
        return G(x) * 2;
    }
    public static (double, double) D(double x, double dret) => throw new NotImplementedException();
}";
            var outcome = TestWeaver.Weave(source, optimize: true, runGenerator: false);
            Assert.That(outcome.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "AD4007" }), string.Join("\n", outcome.Diagnostics));
            var d = outcome.Diagnostics[0];
            Assert.That(d.Location!.Line, Is.EqualTo(9), "the call");
            Assert.That(d.Message, Does.Contain("static (double, double) GRev(double x, double dret)"));
            Assert.That(outcome.Result.DerivativesWritten, Is.EqualTo(0));
        }
    }
}
