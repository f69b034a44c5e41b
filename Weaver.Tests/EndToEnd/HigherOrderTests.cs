using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Higher order: a method that calls a generated derivative carries an attribute itself, and
    /// the engine weaves the inner derivative first and differentiates through its woven IL.
    /// Forward over reverse gives Hessian-vector products (Rosenbrock's Hessian, both columns,
    /// against the analytic one); forward over forward, nested three times over a Taylor-series
    /// sine with loops and a factorial helper, gives its fourth derivative. Debug and Release IL.
    /// </summary>
    public sealed class HigherOrderTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class H
{
    [AutoDiffReverse(""RbRev"", Active, Active, Active)]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [AutoDiffForward(""HessianVector"", Dual, Dual, Dual)]
    public static (double, double) Gradient(double x, double y)
    {
        var (_, dx, dy) = RbRev(x, y, 1.0);
        return (dx, dy);
    }

    static double Factorial(int n) { double f = 1; for (int i = 2; i <= n; i++) f *= i; return f; }

    [AutoDiffForward(""SinD1"", Dual, Dual)]
    [AutoDiffReverse(""SinRev"", Active, Active)]
    public static double TaylorSin(double x)
    {
        double s = 0, p = x;
        for (int k = 0; k <= 6; k++)
        {
            s += (k % 2 == 0 ? 1 : -1) * p / Factorial(2 * k + 1);
            p *= x * x;
        }
        return s;
    }

    [AutoDiffForward(""SinSecond"", Dual, Dual)]
    public static double Slope(double x) => SinRev(x, 1.0).Item2;

    [AutoDiffForward(""SinD2"", Dual, Dual)]
    public static double FirstDerivative(double x) => SinD1(x, 1.0).Item2;

    [AutoDiffForward(""SinD3"", Dual, Dual)]
    public static double SecondDerivative(double x) => SinD2(x, 1.0).Item2;

    [AutoDiffForward(""SinD4"", Dual, Dual)]
    public static double ThirdDerivative(double x) => SinD3(x, 1.0).Item2;
}";

        [TestCase(false), TestCase(true)]
        public void RosenbrocksHessianByForwardOverReverse(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var hvp = woven.Get<Func<double, double, double, double, ((double, double), (double, double))>>("H", "HessianVector");
            // f = (1−x)² + 100(y−x²)²; at (1, 3): ∇f = (−800, 400), H = [[2 − 400(y − x²) + 800x², −400x], [−400x, 200]] = [[2, −400], [−400, 200]].
            var (gradient, column1) = hvp(1, 1, 3, 0);
            Assert.That(gradient, Is.EqualTo((-800.0, 400.0)));
            Assert.That(column1, Is.EqualTo((2.0, -400.0)));
            var (_, column2) = hvp(1, 0, 3, 1);
            Assert.That(column2, Is.EqualTo((-400.0, 200.0)));
            var (_, mixed) = hvp(1, 2, 3, -1);
            Assert.That(mixed, Is.EqualTo((2 * 2.0 + 400, 2 * -400.0 - 200)), "H·(2, −1)");
        }

        [TestCase(false), TestCase(true)]
        public void TheSecondDerivativeOfATaylorSineByForwardOverReverse(bool optimize)
        {
            // The reverse derivative keeps the loop's powers on a tape; forward mode follows it with a tape of tangents.
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var x = 1.23;
            var (slope, second) = woven.Get<Func<double, double, (double, double)>>("H", "SinSecond")(x, 1.0);
            Assert.That(slope, Is.EqualTo(Math.Cos(x)).Within(1e-8));
            Assert.That(second, Is.EqualTo(-Math.Sin(x)).Within(1e-7));
        }

        [TestCase(false), TestCase(true)]
        public void TheFourthDerivativeOfATaylorSineByNesting(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var x = 1.23;
            // The series to x¹³: its derivatives are sin's to series accuracy (|x|^k/k! ≈ 1e-9 here).
            Assert.That(woven.Get<Func<double, double, (double, double)>>("H", "SinD1")(x, 1.0).Item2, Is.EqualTo(Math.Cos(x)).Within(1e-8));
            Assert.That(woven.Get<Func<double, double, (double, double)>>("H", "SinD2")(x, 1.0).Item2, Is.EqualTo(-Math.Sin(x)).Within(1e-7));
            Assert.That(woven.Get<Func<double, double, (double, double)>>("H", "SinD3")(x, 1.0).Item2, Is.EqualTo(-Math.Cos(x)).Within(1e-6));
            var (third, fourth) = woven.Get<Func<double, double, (double, double)>>("H", "SinD4")(x, 1.0);
            Assert.That(third, Is.EqualTo(-Math.Cos(x)).Within(1e-6));
            Assert.That(fourth, Is.EqualTo(Math.Sin(x)).Within(1e-5));
        }

        [Test]
        public void AD4008_ADerivativeThatNeedsItself()
        {
            var outcome = TestWeaver.Weave("using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffForward(""D"", Dual, Dual)]
    public static double F(double x) => x * D(x, 1.0).Item2;
}", optimize: true);
            Assert.That(outcome.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", outcome.Diagnostics));
            Assert.That(outcome.Diagnostics[0].Code, Is.EqualTo("AD4008"));
            Assert.That(outcome.Diagnostics[0].Message, Does.Contain("would need itself"));
            Assert.That(outcome.Diagnostics[0].Location!.Line, Is.EqualTo(4));
        }

        [TestCase(false), TestCase(true)]
        public void ForwardOverAReverseDerivativeWhoseLoopNeedsNoTape(bool optimize)
        {
            // The reverse sweep of Σx² reads x again rather than keeping it: no tape, so forward mode
            // goes through it. ∂/∂x of (∇f)₀ = 2x₀ along ẋ is 2ẋ₀.
            using var woven = TestWeaver.WeaveAndLoad("using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""SumRev"", Duplicated, Active)]
    public static double Sum(double[] x) { double s = 0; foreach (var v in x) s += v * v * v; return s; }

    [AutoDiffForward(""Hvp"", Dual, Dual)]
    public static double FirstGradient(double[] x)
    {
        var g = new double[x.Length];
        SumRev(x, g, 1.0);
        return g[0] + g[1];
    }
}", optimize);
            var (value, t) = woven.Get<Func<double[], double[], (double, double)>>("C", "Hvp")(new[] { 2.0, -1.0, 4.0 }, new[] { 1.0, 3.0, 5.0 });
            // ∇(Σx³) = 3x²: g₀ + g₁ = 3·4 + 3·1; its tangent 6x₀ẋ₀ + 6x₁ẋ₁ = 12 − 18.
            Assert.That((value, t), Is.EqualTo((15.0, -6.0)));
        }

        private const string Product = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""ProductRev"", Duplicated, Active)]
    public static double Product(double[] x) { double p = 1; foreach (var v in x) p = Math.Sin(p * v + 0.5); return p; }

    [AutoDiffForward(""Hvp"", Dual, Dual)]
    public static double GradientSum(double[] x)
    {
        var g = new double[x.Length];
        ProductRev(x, g, 1.0);
        return g[0] + 2 * g[1] - g[2];
    }
}";

        // Each iteration keeps several doubles and an int (a recorded branch), which go on the tape
        // in one Push per type and come off in one PopFrame per type; forward mode follows both.
        private const string SeveralPerIteration = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""ChainRev"", Duplicated, Active)]
    public static double Chain(double[] x)
    {
        double p = 1, q = 0.5;
        for (int i = 0; i < x.Length; i++)
        {
            double a = Math.Sin(p * x[i] + q), b = Math.Exp(0.3 * q - p);
            if (a > b) p = a * b + q; else p = a - b * q;
            q = Math.Tanh(q * a + p * b);
        }
        return p * q;
    }

    [AutoDiffForward(""Hvp"", Dual, Dual)]
    public static double GradientSum(double[] x)
    {
        var g = new double[x.Length];
        ChainRev(x, g, 1.0);
        return g[0] + 2 * g[1] - g[2] + 0.5 * g[3];
    }
}";

        [TestCase(false), TestCase(true)]
        public void ForwardOverAReverseDerivativeThatKeepsSeveralValuesPerIteration(bool optimize)
        {
            var plan = TestWeaver.Weave(SeveralPerIteration, optimize).Result.Plans.Single(p => p.Derivative == "C.ChainRev");
            Assert.That(plan.Count(AutoDiff.Weaver.Differentiation.Reverse.Crossing.Tape), Is.GreaterThanOrEqualTo(4), plan.ToString());
            var calls = TestWeaver.Weave(SeveralPerIteration, optimize).Module.GetType("C").Methods.Single(m => m.Name == "ChainRev").Body.Instructions
                .Select(i => i.Operand).OfType<Mono.Cecil.MethodReference>().Where(m => m.DeclaringType.Name == "Tape`1")
                .Select(m => m.Name + "/" + m.Parameters.Count).ToList();
            Assert.That(calls, Does.Contain("Reserve/2").And.Contain("Push/4").And.Contain("PopFrame/1").And.Contain("At/1"), string.Join(", ", calls));
            using var woven = TestWeaver.WeaveAndLoad(SeveralPerIteration, optimize);
            var gradientSum = woven.Get<Func<double[], double>>("C", "GradientSum");
            var (x, v) = (new[] { 0.7, -1.1, 0.4, 1.3, -0.2 }, new[] { 1.0, 0.5, -2.0, 0.25, 1.5 });
            var (value, t) = woven.Get<Func<double[], double[], (double, double)>>("C", "Hvp")((double[])x.Clone(), v);
            Assert.That(value, Is.EqualTo(gradientSum(x)));
            // The gradient itself against central differences of the primal, then its tangent against
            // central differences of the woven gradient along v.
            var chain = woven.Get<Func<double[], double>>("C", "Chain");
            var g = new double[x.Length];
            woven.Get<Func<double[], double[], double, double>>("C", "ChainRev")((double[])x.Clone(), g, 1.0);
            var expected = FiniteDifferences.Gradient(chain, x);
            for (int k = 0; k < x.Length; k++) Assert.That(g[k], Is.EqualTo(expected[k]).Within(FiniteDifferences.Tolerance(expected[k])), $"∂x[{k}]");
            const double h = 1e-6;
            var up = gradientSum(x.Select((e, k) => e + h * v[k]).ToArray());
            var down = gradientSum(x.Select((e, k) => e - h * v[k]).ToArray());
            Assert.That(t, Is.EqualTo((up - down) / (2 * h)).Within(1e-6 * Math.Max(1, Math.Abs(t))));
        }

        [TestCase(false), TestCase(true)]
        public void ForwardOverAReverseDerivativeThatKeepsATape(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Product, optimize);
            var gradientSum = woven.Get<Func<double[], double>>("C", "GradientSum");
            var (x, v) = (new[] { 0.7, -1.1, 0.4 }, new[] { 1.0, 0.5, -2.0 });
            var (value, t) = woven.Get<Func<double[], double[], (double, double)>>("C", "Hvp")((double[])x.Clone(), v);
            Assert.That(value, Is.EqualTo(gradientSum(x)));
            // Central differences of the woven gradient along v: ⟨(1, 2, −1), H·v⟩.
            const double h = 1e-6;
            var up = gradientSum(x.Select((e, k) => e + h * v[k]).ToArray());
            var down = gradientSum(x.Select((e, k) => e - h * v[k]).ToArray());
            Assert.That(t, Is.EqualTo((up - down) / (2 * h)).Within(1e-6));
        }

        [Test]
        public void ReverseOverAReverseDerivativeThatKeepsATapeIsRefusedAndNothingIsWritten()
        {
            var outcome = TestWeaver.Weave(Product.Replace("[AutoDiffForward(\"Hvp\", Dual, Dual)]", "[AutoDiffReverse(\"Hvp\", Duplicated, Active)]"), optimize: true);
            Assert.That(outcome.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", outcome.Diagnostics));
            Assert.That(outcome.Diagnostics[0].Code, Is.EqualTo("AD4004"));
            Assert.That(outcome.Diagnostics[0].Message, Does.Contain("keeps a tape"));
            Assert.That(outcome.Result.DerivativesWritten, Is.EqualTo(0));
            var inner = outcome.Module.GetType("C").Methods.Single(m => m.Name == "ProductRev");
            Assert.That(inner.Body.Instructions.Any(i => i.OpCode == Mono.Cecil.Cil.OpCodes.Throw), Is.True,
                "the inner derivative, woven first, is put back as the generator made it");
        }
    }
}
