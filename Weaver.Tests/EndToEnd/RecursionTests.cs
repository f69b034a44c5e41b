using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Recursive callees, which are not inlined: the weaver makes one derivative per callee and
    /// mode (Fib__AutoDiffReverse...) and calls it, recursively. Direct and mutual recursion,
    /// an annotated method that calls itself, fast exponentiation by halving, divide and conquer
    /// over a read-only array. Hand-derived values, central differences, the other mode; Debug
    /// and Release IL.
    /// </summary>
    public sealed class RecursionTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class R
{
    public static double H(double a, double b, int n) => n <= 0 ? a + b : H(a, b, n - 1) + H(a, b, n - 2);

    [AutoDiffReverse(""HRev"", Active, Active, Const, Active)]
    [AutoDiffForward(""HFwd"", Dual, Dual, Const, Dual)]
    public static double Top(double a, double b, int n) => H(a, b, n);

    [AutoDiffReverse(""FibRev"", Active, Active, Const, Active)]
    public static double Fib(double a, double b, int n) => n <= 0 ? a * b : Fib(a, b, n - 1) + Fib(b, a, n - 2);

    static double Even(double x, int n) => n == 0 ? 1 : x * Odd(x, n - 1);
    static double Odd(double x, int n) => n == 0 ? x : Math.Sin(x) * Even(x, n - 1);

    [AutoDiffReverse(""MutualRev"", Active, Const, Active)]
    [AutoDiffForward(""MutualFwd"", Dual, Const, Dual)]
    public static double Mutual(double x, int n) => Even(x, n) + 1;

    static double Power(double x, int n)
    {
        if (n == 0) return 1;
        var half = Power(x, n / 2);
        var r = half * half;
        if (n % 2 == 1) r *= x;
        return r;
    }

    [AutoDiffReverse(""PowerRev"", Active, Const, Active)]
    [AutoDiffForward(""PowerFwd"", Dual, Const, Dual)]
    public static double PowerOf(double x, int n) => 2 * Power(x, n);

    static double SquaresIn(double[] a, int lo, int hi) =>
        hi - lo == 1 ? a[lo] * a[lo] : SquaresIn(a, lo, (lo + hi) / 2) + Math.Sin(SquaresIn(a, (lo + hi) / 2, hi));

    [AutoDiffReverse(""SquaresRev"", Duplicated, Active)]
    [AutoDiffForward(""SquaresFwd"", Dual, Dual)]
    public static double Squares(double[] a) => SquaresIn(a, 0, a.Length);
}";

        [TestCase(false), TestCase(true)]
        public void FibonacciShapedRecursion(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // h(N) adds up Fib(N + 2) copies of a + b: with N = 20 and seed 2, each gradient is 2·17711.
            var (value, da, db) = woven.Get<Func<double, double, int, double, (double, double, double)>>("R", "HRev")(1.5, 0.25, 20, 2.0);
            Assert.That(value, Is.EqualTo(17711 * 1.75));
            Assert.That((da, db), Is.EqualTo((2.0 * 17711, 2.0 * 17711)));
            var (fvalue, t) = woven.Get<Func<double, double, double, double, int, (double, double)>>("R", "HFwd")(1.5, 1.0, 0.25, 3.0, 20);
            Assert.That((fvalue, t), Is.EqualTo((value, 4.0 * 17711)));
        }

        [TestCase(false), TestCase(true)]
        public void AnAnnotatedMethodThatCallsItself(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double, double, int, double>>("R", "Fib");
            var (a, b) = (1.25, -0.5);
            var g = FiniteDifferences.Gradient(p => primal(p[0], p[1], 9), a, b);
            var (value, da, db) = woven.Get<Func<double, double, int, double, (double, double, double)>>("R", "FibRev")(a, b, 9, 1.0);
            Assert.That(value, Is.EqualTo(primal(a, b, 9)));
            // Every leaf is a·b: ∂a = (leaves)·b, ∂b = (leaves)·a, with Fib(11) = 89 leaves.
            Assert.That((da, db), Is.EqualTo((89 * b, 89 * a)));
            Assert.That(da, Is.EqualTo(g[0]).Within(1e-6));
            Assert.That(db, Is.EqualTo(g[1]).Within(1e-6));
        }

        [TestCase(false, 0), TestCase(true, 1), TestCase(false, 6), TestCase(true, 7)]
        public void MutualRecursion(bool optimize, int n)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double, int, double>>("R", "Mutual");
            var x = 0.7;
            var expected = FiniteDifferences.Derivative(v => primal(v, n), x);
            var (value, dx) = woven.Get<Func<double, int, double, (double, double)>>("R", "MutualRev")(x, n, 1.0);
            Assert.That(value, Is.EqualTo(primal(x, n)));
            Assert.That(dx, Is.EqualTo(expected).Within(1e-7));
            Assert.That(woven.Get<Func<double, double, int, (double, double)>>("R", "MutualFwd")(x, 1.0, n).Item2, Is.EqualTo(dx).Within(1e-14));
        }

        [TestCase(false, 13), TestCase(true, 13), TestCase(true, 0), TestCase(false, 1)]
        public void ExponentiationByHalving(bool optimize, int n)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var x = 1.1;
            // 2xⁿ: 2n·xⁿ⁻¹.
            var (value, dx) = woven.Get<Func<double, int, double, (double, double)>>("R", "PowerRev")(x, n, 1.0);
            Assert.That(value, Is.EqualTo(2 * Math.Pow(x, n)).Within(1e-12 * Math.Pow(x, n)));
            Assert.That(dx, Is.EqualTo(2 * n * Math.Pow(x, n - 1)).Within(1e-12 * Math.Pow(x, n)));
            Assert.That(woven.Get<Func<double, double, int, (double, double)>>("R", "PowerFwd")(x, 1.0, n).Item2, Is.EqualTo(dx).Within(1e-12 * Math.Pow(x, n)));
        }

        [TestCase(false), TestCase(true)]
        public void DivideAndConquerOverAReadOnlyArray(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double[], double>>("R", "Squares");
            var a = new[] { 0.5, -1.25, 0.75, 2.0, -0.3 };
            var g = FiniteDifferences.Gradient(p => primal(p), a);
            var da = new double[5];
            var value = woven.Get<Func<double[], double[], double, double>>("R", "SquaresRev")(a, da, 1.0);
            Assert.That(value, Is.EqualTo(primal(a)));
            for (int k = 0; k < 5; k++) Assert.That(da[k], Is.EqualTo(g[k]).Within(1e-6), $"∂a{k}");
            var fwd = woven.Get<Func<double[], double[], (double, double)>>("R", "SquaresFwd");
            for (int k = 0; k < 5; k++)
            {
                var direction = new double[5];
                direction[k] = 1;
                Assert.That(fwd(a, direction).Item2, Is.EqualTo(da[k]).Within(1e-12), $"forward ∂a{k}");
            }
        }

        [Test]
        public void OneDerivativePerCalleeModeAndPatternNamedAfterIt()
        {
            var outcome = TestWeaver.Weave(Source, optimize: true);
            Assert.That(outcome.Diagnostics, Is.Empty);
            var names = outcome.Module.GetType("R").Methods.Select(m => m.Name).Where(n => n.Contains("__AutoDiff")).OrderBy(n => n).ToArray();
            // A: Active or Dual, D: Duplicated, C: Const — per parameter, then the result.
            Assert.That(names, Is.EqualTo(new[]
            {
                "Even__AutoDiffForward_AC_A", "Even__AutoDiffReverse_AC_A", "Fib__AutoDiffReverse_AAC_A", "H__AutoDiffForward_AAC_A", "H__AutoDiffReverse_AAC_A",
                "Odd__AutoDiffForward_AC_A", "Odd__AutoDiffReverse_AC_A", "Power__AutoDiffForward_AC_A", "Power__AutoDiffReverse_AC_A",
                "SquaresIn__AutoDiffForward_ACC_A", "SquaresIn__AutoDiffReverse_DCC_A",
            }));
        }

        [TestCase(false), TestCase(true)]
        public void APatternWithAConstantArgument(bool optimize)
        {
            // Fib's second argument is a constant here: its derivative is made without it.
            using var woven = TestWeaver.WeaveAndLoad(Source.Replace("public static double Top(double a, double b, int n) => H(a, b, n);",
                "public static double Top(double a, double b, int n) => H(a, b, n) + Fib(a, 2.0, n);"), optimize);
            var primal = woven.Get<Func<double, double, int, double>>("R", "Top");
            var (value, da, db) = woven.Get<Func<double, double, int, double, (double, double, double)>>("R", "HRev")(1.5, 0.25, 6, 1.0);
            Assert.That(value, Is.EqualTo(primal(1.5, 0.25, 6)));
            Assert.That(da, Is.EqualTo(FiniteDifferences.Derivative(a => primal(a, 0.25, 6), 1.5)).Within(1e-6));
            Assert.That(db, Is.EqualTo(FiniteDifferences.Derivative(b => primal(1.5, b, 6), 0.25)).Within(1e-6));
        }
    }
}
