using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Branches in loops reversed whole (ReverseEmitter.Branches.cs): where the join's condition
    /// can be computed again from what the reverse block has without the tape (an induction
    /// variable, a value from before the loop, memory the function never writes), the reverse
    /// block branches on it and the forward sweep records nothing; where it cannot (a condition on
    /// a carried value, a join of three edges), the edge taken is still recorded. Each checked
    /// three ways: the plan, central differences (Debug and Release IL), and the gradient woven with
    /// every loop reversed whole.
    /// </summary>
    public sealed class BranchAskedAgainTests
    {
        // Every loop carries a product, so none is fused or run twice: each is reversed whole.
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class L
{
    // Both sides do work; the condition compares the induction variable with a bound from before the loop.
    [AutoDiffReverse(""HalvesRev"", Duplicated, Duplicated, Active, Active)]
    public static double Halves(double[] x, double[] y, double c)
    {
        double p = 1;
        int half = x.Length / 2;
        for (int i = 0; i < x.Length; i++)
        {
            if (i < half) p *= x[i] + c;
            else p *= Math.Sin(x[i]) + y[1];
        }
        return p;
    }

    // No else: one edge into the join comes straight from the branch. The condition reads x, which nothing writes.
    [AutoDiffReverse(""PositiveRev"", Duplicated, Duplicated, Active, Active)]
    public static double Positive(double[] x, double[] y, double c)
    {
        double p = c;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0.2) p *= x[i] * y[0];
            p = p * c + x[i];
        }
        return p;
    }

    // An inner loop reversed whole, branching on both induction variables.
    [AutoDiffReverse(""TriangleRev"", Duplicated, Duplicated, Active, Active)]
    public static double Triangle(double[] x, double[] y, double c)
    {
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < y.Length; j++)
            {
                if (j <= i) p *= 1 + x[i] * y[j];
                else p *= c - 0.1 * y[j];
            }
        }
        return p;
    }

    // Near miss: the condition is on the carried product, which the reverse block has only from the tape.
    [AutoDiffReverse(""OnCarriedRev"", Duplicated, Duplicated, Active, Active)]
    public static double OnCarried(double[] x, double[] y, double c)
    {
        double p = c;
        for (int i = 0; i < x.Length; i++)
        {
            if (p > 0.1) p *= x[i] + y[2];
            else p = p * 0.5 + x[i] * c;
        }
        return p;
    }

    // Near miss: the join has three edges in.
    [AutoDiffReverse(""ThreeWayRev"", Duplicated, Duplicated, Active, Active)]
    public static double ThreeWay(double[] x, double[] y, double c)
    {
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            double f;
            if (x[i] > 0.5) f = x[i] * c;
            else if (x[i] > -0.3) f = y[0] + x[i];
            else f = Math.Cos(x[i]);
            p *= f;
        }
        return p;
    }

    // Near miss: the condition reads memory the loop writes.
    [AutoDiffReverse(""OnWrittenRev"", Duplicated, Duplicated, Active, Active)]
    public static double OnWritten(double[] x, double[] y, double c)
    {
        var t = new double[x.Length + 1];
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            t[i + 1] = t[i] + x[i] - 0.35;
            if (t[i] > 0) p *= t[i + 1] * c;
            else p *= x[i] + y[1];
        }
        return p;
    }
}
";

        private static readonly string[] AskedAgain = { "Halves", "Positive", "Triangle" };

        private static readonly string[] Recorded = { "OnCarried", "ThreeWay", "OnWritten" };

        private static readonly double[][] Xs = { new[] { 0.4, -0.7, 1.1, 0.25, 0.8 }, new[] { 0.9 }, new double[0], new[] { 0.3, -1.6, -0.2 } };
        private static readonly double[] Ys = { 0.3, 1.4, -0.6 };

        [Test]
        public void The_reverse_sweep_asks_a_branch_again_exactly_where_it_can()
        {
            var plans = TestWeaver.Weave(Source, optimize: true).Result.Plans.ToDictionary(p => p.Derivative, p => p.ToString());
            foreach (var name in AskedAgain.Concat(Recorded))
            {
                Assert.That(plans["L." + name + "Rev"], Does.Not.Contain(": fused").And.Not.Contain("two-pass"), name + " is reversed whole");
            }
            foreach (var name in AskedAgain)
            {
                var plan = plans["L." + name + "Rev"];
                Assert.That(plan, Does.Not.Contain("came-from"), plan);
                Assert.That(plan, Does.Contain("(Compare) recompute"), plan);
            }
            foreach (var name in Recorded)
            {
                var plan = plans["L." + name + "Rev"];
                Assert.That(plan, Does.Contain("came-from of b"), plan);
            }
        }

        [TestCase(false), TestCase(true)]
        public void Gradients_match_central_differences_and_the_loop_reversed_whole(bool optimize) =>
            LoopStrategyChecks.GradientsMatchDifferencesAndWholeReversal(Source, optimize, AskedAgain.Concat(Recorded), Xs, Ys);
    }
}
