using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Two-pass loops (Differentiation/Reverse/SecondPasses.cs): an accumulating loop whose
    /// adjoint is known only after it, which would keep values on the tape if reversed whole, is
    /// run again forwards by the reverse sweep, each iteration undone right after it. Programs
    /// where the strategy applies (a norm of memory the function wrote, a log-sum inside a fused
    /// loop over rows, two nested two-pass loops (one of which could be fused on its own), a carried index that is not an induction variable, branches, an adjoint
    /// summed over the iterations, a loop that runs no times) and near misses where it must not (a
    /// write to what the loop read after it, a call in the loop, a write in the loop, memory read
    /// again anyway, a loop around that is reversed whole, a loop inside that cannot be two-pass),
    /// each checked three ways: the plan says which strategy was taken; the gradient matches
    /// central differences (Debug and Release IL); and it matches the gradient woven with fusion
    /// off, which reverses every loop whole.
    /// </summary>
    public sealed class SecondPassLoopTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class L
{
    // In each row, t is filled afresh and its squares summed under a square root. The rows loop
    // is fused; reversed whole, the sum would tape t[k] (the function writes t in every row).
    [AutoDiffReverse(""RowNormsRev"", Duplicated, Duplicated, Active, Active)]
    public static double RowNorms(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * c + y[k];
            double s = c * c;
            for (int k = 0; k < t.Length; k++) s += t[k] * t[k];
            total += Math.Sqrt(1 + s);
        }
        return total;
    }

    [AutoDiffReverse(""LogSumRowsRev"", Duplicated, Duplicated, Active, Active)]
    public static double LogSumRows(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double s = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * y[k] + c;
            double m = 1;
            for (int k = 0; k < t.Length; k++) m += t[k] * t[k] * x[r];
            s += Math.Log(m * m + 1);
        }
        return s;
    }

    // Two nested two-pass loops inside the fused rows loop.
    [AutoDiffReverse(""NestedRev"", Duplicated, Duplicated, Active, Active)]
    public static double Nested(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * y[k] * c + 0.25 * k;
            double s = 0;
            for (int i = 0; i < t.Length; i++)
            {
                for (int j = 0; j < t.Length; j++) s += t[i] * t[j] * (i - j + x[r]);
            }
            total += Math.Tanh(s);
        }
        return total;
    }

    // The inner loop reads only x, and its sum's adjoint is that of the loop around: it could be
    // fused, but inside a loop that runs twice it must run twice too (fused, its first run would
    // undo its iterations with an adjoint not known yet).
    [AutoDiffReverse(""InnerOverParameterRev"", Duplicated, Duplicated, Active, Active)]
    public static double InnerOverParameter(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * y[k] + c;
            double s = 0;
            for (int k = 0; k < t.Length; k++)
            {
                var a = t[k] * t[k];
                for (int j = 0; j < x.Length; j++) s += a * x[j];
            }
            total += Math.Sqrt(1 + s * s);
        }
        return total;
    }

    // k goes round the loop but is not an induction variable: reversed whole, it would be taped.
    [AutoDiffReverse(""StridedRev"", Duplicated, Duplicated, Active, Active)]
    public static double Strided(double[] x, double[] y, double c)
    {
        double s = 0;
        int k = 0;
        for (int i = 0; i < 2 * x.Length; i++)
        {
            s += x[k] * c * (i + 1);
            k = (k + 3) % x.Length;
        }
        return Math.Exp(s * 0.1);
    }

    [AutoDiffReverse(""BranchyRev"", Duplicated, Duplicated, Active, Active)]
    public static double Branchy(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] - y[k] * c;
            double s = 0;
            for (int k = 0; k < t.Length; k++)
            {
                if (t[k] > 0) s += t[k] * t[k];
                else s -= t[k] * c;
            }
            total += Math.Log(2 + s * s);
        }
        return total;
    }

    // y[0] is read in every iteration: its adjoint is summed and added once, where the second run ends.
    [AutoDiffReverse(""SummedRev"", Duplicated, Duplicated, Active, Active)]
    public static double Summed(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * x[r] * y[k];
            double s = c;
            for (int k = 0; k < t.Length; k++) s += t[k] * y[0];
            total += Math.Sin(s);
        }
        return total;
    }

    // Near misses: none may run twice.

    // t[0] is written after the sum, in the same row.
    [AutoDiffReverse(""WriteAfterRev"", Duplicated, Duplicated, Active, Active)]
    public static double WriteAfter(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * y[k];
            double s = 0;
            for (int k = 0; k < t.Length; k++) s += t[k] * t[k];
            t[0] = Math.Sqrt(1 + s);
            total += t[0] * c;
        }
        return total;
    }

    [AutoDiffReverse(""CallInLoopRev"", Duplicated, Duplicated, Active, Active)]
    public static double CallInLoop(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * y[k] * c;
            double s = 0;
            for (int k = 0; k < t.Length; k++) s += Math.Exp(t[k]);
            total += Math.Log(s + 1);
        }
        return total;
    }

    [AutoDiffReverse(""WritesInLoopRev"", Duplicated, Duplicated, Active, Active)]
    public static double WritesInLoop(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * y[k] * c;
            double s = 0;
            for (int k = 0; k < t.Length; k++)
            {
                s += t[k] * t[k];
                t[k] = s;
            }
            total += Math.Sqrt(1 + s) + t[0];
        }
        return total;
    }

    // Memory the function never writes is read again by a loop reversed whole: no second run needed.
    [AutoDiffReverse(""RereadRev"", Duplicated, Duplicated, Active, Active)]
    public static double Reread(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i] * c;
        return Math.Log(1 + s * s);
    }

    // The loop around is a product, reversed whole: the values of its iteration would be gone.
    [AutoDiffReverse(""AroundWholeRev"", Duplicated, Duplicated, Active, Active)]
    public static double AroundWhole(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = y[k] * x[i] + c;
            double s = 0;
            for (int k = 0; k < t.Length; k++) s += t[k] * t[k];
            p *= 1 + Math.Sin(s);
        }
        return p;
    }

    // The inner loop calls Exp, so it is not run twice; then the loop around it cannot be either.
    [AutoDiffReverse(""InnerCallRev"", Duplicated, Duplicated, Active, Active)]
    public static double InnerCall(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * y[k] * c;
            double s = 0;
            for (int i = 0; i < t.Length; i++)
            {
                for (int j = 0; j < t.Length; j++) s += t[i] * Math.Exp(t[j] * 0.5);
            }
            total += Math.Sqrt(1 + s * s);
        }
        return total;
    }
}";

        private static readonly string[] TwoPass = { "RowNorms", "LogSumRows", "Nested", "InnerOverParameter", "Strided", "Branchy", "Summed" };

        private static readonly string[] NearMisses = { "WriteAfter", "CallInLoop", "WritesInLoop", "Reread", "AroundWhole", "InnerCall" };

        private static readonly double[][] Xs = { new[] { 0.4, -0.7, 1.1, 0.25 }, new[] { 0.9 }, new double[0], new[] { 0.3, 1.6, -0.2 } };
        private static readonly double[] Ys = { 0.3, 1.4, -0.6 };

        [Test]
        public void The_plan_runs_twice_exactly_the_loops_it_may()
        {
            var plans = TestWeaver.Weave(Source, optimize: true).Result.Plans.ToDictionary(p => p.Derivative, p => p.ToString());
            foreach (var name in TwoPass)
            {
                var plan = plans["L." + name + "Rev"];
                Assert.That(plan, Does.Contain(": two-pass").And.Contain("taped per iteration: 0 values"), plan);
            }
            foreach (var name in new[] { "Nested", "InnerOverParameter" }) Assert.That(plans["L." + name + "Rev"].Split(": two-pass").Length, Is.EqualTo(3), name);
            foreach (var name in TwoPass.Where(n => n != "Strided")) Assert.That(plans["L." + name + "Rev"], Does.Contain(": fused"), name);
            Assert.That(plans["L.SummedRev"], Does.Contain("adjoints summed once per run"), plans["L.SummedRev"]);
            foreach (var name in NearMisses)
            {
                var plan = plans["L." + name + "Rev"];
                Assert.That(plan, Does.Not.Contain("two-pass"), plan);
            }
        }

        [TestCase(false), TestCase(true)]
        public void Gradients_match_central_differences_and_the_loop_reversed_whole(bool optimize) =>
            LoopStrategyChecks.GradientsMatchDifferencesAndWholeReversal(Source, optimize, TwoPass.Concat(NearMisses), Xs, Ys);
    }
}
