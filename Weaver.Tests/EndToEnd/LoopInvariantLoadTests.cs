using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Loads whose slot does not change inside a loop (`x[i]` in a loop over j): their adjoints
    /// reach the shadow slot from every iteration. Checked against central differences, with loops
    /// that run many times, once and never (where the invariant slot does not even exist), from
    /// Debug and Release IL.
    /// </summary>
    public sealed class LoopInvariantLoadTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class C {
    // Σ_{i<j} 1/((x_i − x_j)² + 1) + Σ_i Σ_j w·x_0·x_j: x_i is invariant in the inner loop, x_0 in both.
    [AutoDiffReverse(""PairsRev"", Duplicated, Active, Active)]
    [AutoDiffForward(""PairsFwd"", Dual, Dual, Dual)]
    public static double Pairs(double[] x, double w)
    {
        double e = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 1; j < x.Length; j++)
            {
                double d = x[i] - x[j];
                e += 1 / (d * d + 1) + w * x[0] * x[j];
            }
        }
        return e;
    }

    // The inner loop runs m times; when m = 0 the slot x[k] (k may be past the end) is never read.
    [AutoDiffReverse(""GuardedRev"", Duplicated, Const, Const, Active)]
    public static double Guarded(double[] x, int k, int m)
    {
        double s = 0;
        for (int j = 0; j < m; j++) s += x[k] * x[k] * (j + 1);
        return s;
    }
}";

        [TestCase(false), TestCase(true)]
        public void GradientsOfInvariantLoadsAgreeWithCentralDifferences(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double[], double, double>>("C", "Pairs");
            var reverse = woven.Get<Func<double[], double[], double, double, (double, double)>>("C", "PairsRev");
            var forward = woven.Get<Func<double[], double[], double, double, (double, double)>>("C", "PairsFwd");
            foreach (var x in new[] { new[] { 0.3, -1.2, 2.0, 0.7, -0.4 }, new[] { 1.5 }, new[] { 0.2, 0.9 } })
            {
                var dx = new double[x.Length];
                var (value, dw) = reverse(x, dx, 0.6, 1.0);
                Assert.That(value, Is.EqualTo(primal(x, 0.6)));
                var expected = FiniteDifferences.Gradient(v => primal(v, 0.6), x);
                for (int k = 0; k < x.Length; k++) Assert.That(dx[k], Is.EqualTo(expected[k]).Within(FiniteDifferences.Tolerance(expected[k])), $"∂x[{k}], n = {x.Length}");
                Assert.That(dw, Is.EqualTo(FiniteDifferences.Derivative(w => primal(x, w), 0.6)).Within(1e-6));
                var direction = new double[x.Length];
                direction[0] = 1;
                var (_, tangent) = forward(x, direction, 0.6, 0.0);
                Assert.That(tangent, Is.EqualTo(dx[0]).Within(1e-12), "forward = reverse");
            }
        }

        [TestCase(false), TestCase(true)]
        public void ALoopThatNeverRunsLeavesTheShadowAlone(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var reverse = woven.Get<Func<double[], double[], int, int, double, double>>("C", "GuardedRev");
            var dx = new double[] { 5, 5 };
            Assert.That(reverse(new[] { 1.0, 2.0 }, dx, 7, 0, 1.0), Is.EqualTo(0.0), "x[7] is never read, forward or reverse");
            Assert.That(dx, Is.EqualTo(new[] { 5.0, 5.0 }));
            // m = 3: s = x[1]²·(1 + 2 + 3), ∂x[1] = 12·x[1], added to what the shadow held.
            Assert.That(reverse(new[] { 1.0, 2.0 }, dx, 1, 3, 1.0), Is.EqualTo(24.0));
            Assert.That(dx, Is.EqualTo(new[] { 5.0, 5.0 + 24.0 }));
        }
    }
}
