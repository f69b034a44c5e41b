using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Fused loops (Differentiation/Reverse/FusedLoops.cs): a loop whose accumulators' adjoints are
    /// the same in every iteration and known before it starts is undone inside each iteration, with
    /// no tape. Each program where the strategy applies, and each near miss where it must not (an
    /// adjoint that changes round the loop, memory written in the loop or after it, an accumulator
    /// read inside the loop, an adjoint known only after the loop, a use on one path only, a break,
    /// a factor made after the loop, scratch memory that carries a value from one iteration to the
    /// next, is not filled whole, or is read after the loop), is checked three ways: the plan says which strategy was taken;
    /// the gradient matches central differences (Debug and Release IL); and it matches the gradient
    /// woven with fusion off, which reverses every loop whole.
    /// </summary>
    public sealed class FusedLoopTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class L
{
    [AutoDiffReverse(""DotRev"", Duplicated, Duplicated, Active, Active)]
    public static double Dot(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i % y.Length] * c;
        return s;
    }

    [AutoDiffReverse(""NestedRev"", Duplicated, Duplicated, Active, Active)]
    public static double Nested(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            var a = Math.Sin(x[i]);
            for (int j = 0; j < y.Length; j++) s += a * y[j] * y[j] + c * x[i];
        }
        return s;
    }

    // The length is converted after the loop: computed again where the loop starts.
    [AutoDiffReverse(""MeanRev"", Duplicated, Duplicated, Active, Active)]
    public static double Mean(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i] * c);
        return s / (x.Length + 1);
    }

    [AutoDiffReverse(""ScaledRev"", Duplicated, Duplicated, Active, Active)]
    public static double Scaled(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s -= Math.Cos(x[i]) * c;
        return 3 - 2 * s * c;
    }

    [AutoDiffReverse(""BranchyRev"", Duplicated, Duplicated, Active, Active)]
    public static double Branchy(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > c) s += x[i] * x[i];
            else s -= Math.Sin(x[i] * c);
        }
        return s;
    }

    [AutoDiffReverse(""TwoSumsRev"", Duplicated, Duplicated, Active, Active)]
    public static double TwoSums(double[] x, double[] y, double c)
    {
        double s1 = 0, s2 = 1;
        for (int i = 0; i < x.Length; i++)
        {
            s1 += x[i];
            s2 += x[i] * y[i % y.Length];
        }
        return s1 * c + s2;
    }

    [AutoDiffReverse(""SequentialRev"", Duplicated, Duplicated, Active, Active)]
    public static double Sequential(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        double t = c;
        for (int j = 0; j < y.Length; j++) t += y[j] * c;
        return s + t;
    }

    // a is made before the loop: its adjoint is summed over the iterations, then flows to c.
    [AutoDiffReverse(""OutsideRev"", Duplicated, Duplicated, Active, Active)]
    public static double Outside(double[] x, double[] y, double c)
    {
        double a = Math.Exp(c);
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += a * x[i] * x[i];
        return s;
    }

    // The inner sum feeds tanh (its adjoint is known only after it): the inner loop is reversed whole, inside each outer iteration.
    [AutoDiffReverse(""InnerNotFusedRev"", Duplicated, Duplicated, Active, Active)]
    public static double InnerNotFused(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double z = c;
            for (int j = 0; j < y.Length; j++) z += x[i] * y[j];
            s += Math.Tanh(z);
        }
        return s;
    }

    // t is filled afresh in every iteration before it is read: the outer loop is fused, its inner loops reversed whole inside it.
    [AutoDiffReverse(""ScratchRev"", Duplicated, Duplicated, Active, Active)]
    public static double Scratch(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double s = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < y.Length; k++) t[k] = x[r] * y[k] + c;
            for (int k = 1; k < t.Length; k++) t[k] += t[k - 1] * 0.5;
            double m = 0;
            for (int k = 0; k < t.Length; k++) m += Math.Sin(t[k]) * t[k];
            s += Math.Exp(m);
        }
        return s;
    }

    // Found by the random programs: the inner sum's final value is used on both arms of a switch
    // after it (added to on one arm only). Counted once per use, its adjoint was doubled; the inner
    // loop must be reversed whole, inside the fused outer one.
    [AutoDiffReverse(""InnerExitOnOneArmRev"", Duplicated, Duplicated, Active, Active)]
    public static double InnerExitOnOneArm(double[] x, double[] y, double c)
    {
        double a = c, b = 0;
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            if (i % 2 == 1) continue;
            for (int j = 0; j < n; j++) a += x[j] * c;
            switch (n % 3)
            {
                case 0: b = c; break;
                default: a += c; break;
            }
        }
        return c + a * 0.5 + (b > 1 ? 1 : 0);
    }

    // Near misses: each must be reversed whole.

    [AutoDiffReverse(""ProductRev"", Duplicated, Duplicated, Active, Active)]
    public static double Product(double[] x, double[] y, double c)
    {
        double s = 1;
        for (int i = 0; i < x.Length; i++) s = s * (1 + x[i] * c);
        return s;
    }

    // Only the write keeps this loop whole: t is new memory, so nothing the loop reads may be it.
    [AutoDiffReverse(""WritesInLoopRev"", Duplicated, Duplicated, Active, Active)]
    public static double WritesInLoop(double[] x, double[] y, double c)
    {
        var t = new double[x.Length + 1];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            t[i] = x[i] * c;
            s += x[i];
        }
        return s + t[0] * t[0];
    }

    [AutoDiffReverse(""ReadInsideRev"", Duplicated, Duplicated, Active, Active)]
    public static double ReadInside(double[] x, double[] y, double c)
    {
        double s = 0, t = 0;
        for (int i = 0; i < x.Length; i++)
        {
            t += s * x[i];
            s += x[i] * c;
        }
        return t + s;
    }

    [AutoDiffReverse(""LogAfterRev"", Duplicated, Duplicated, Active, Active)]
    public static double LogAfter(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i] * c;
        return Math.Log(1 + s * s);
    }

    [AutoDiffReverse(""OnePathRev"", Duplicated, Duplicated, Active, Active)]
    public static double OnePath(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += Math.Sin(x[i]) * c;
        if (c > 0) return s;
        return c;
    }

    [AutoDiffReverse(""WriteAfterRev"", Duplicated, Duplicated, Active, Active)]
    public static double WriteAfter(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        if (x.Length > 0) x[0] = c * c;
        return s + (x.Length > 0 ? x[0] * y[0] : 0);
    }

    [AutoDiffReverse(""BreakRev"", Duplicated, Duplicated, Active, Active)]
    public static double Break(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 1) break;
            s += x[i] * c;
        }
        return s;
    }

    // t[0] is read before the loop fills t again: what one iteration wrote flows into the next.
    [AutoDiffReverse(""ScratchCarriedRev"", Duplicated, Duplicated, Active, Active)]
    public static double ScratchCarried(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double s = 0;
        for (int r = 0; r < x.Length; r++)
        {
            s += t[0] * x[r];
            for (int k = 0; k < y.Length; k++) t[k] = x[r] * y[k] + c;
        }
        return s;
    }

    // The fill starts at 1: t[0], written in the first iteration only, is read in all of them.
    [AutoDiffReverse(""ScratchShortRev"", Duplicated, Duplicated, Active, Active)]
    public static double ScratchShort(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double s = 0;
        for (int r = 0; r < x.Length; r++)
        {
            if (r == 0) t[0] = c * x[r];
            for (int k = 1; k < t.Length; k++) t[k] = x[r] * y[k];
            for (int k = 0; k < t.Length; k++) s += t[k] * t[k];
        }
        return s;
    }

    // t is read after the loop: what the last iteration wrote is used later.
    [AutoDiffReverse(""ScratchAfterRev"", Duplicated, Duplicated, Active, Active)]
    public static double ScratchAfter(double[] x, double[] y, double c)
    {
        var t = new double[y.Length];
        double s = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * y[k] + c;
            for (int k = 0; k < t.Length; k++) s += t[k] * x[r];
        }
        return s + t[0] * c;
    }

    [AutoDiffReverse(""FactorAfterRev"", Duplicated, Duplicated, Active, Active)]
    public static double FactorAfter(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        double e = Math.Exp(c);
        return s * e;
    }
}";

        private static readonly string[] Fused = { "Dot", "Nested", "Mean", "Scaled", "Branchy", "TwoSums", "Sequential", "Outside", "InnerNotFused", "Scratch", "InnerExitOnOneArm" };

        private static readonly string[] NearMisses = { "Product", "WritesInLoop", "ReadInside", "LogAfter", "OnePath", "WriteAfter", "Break", "FactorAfter", "ScratchCarried", "ScratchShort", "ScratchAfter" };

        private static readonly double[][] Xs = { new[] { 0.4, -0.7, 1.1, 0.25 }, new[] { 0.9 }, new double[0], new[] { 0.3, 1.6, -0.2 } };
        private static readonly double[] Ys = { 0.3, 1.4, -0.6 };

        [Test]
        public void The_plan_fuses_exactly_the_loops_it_may()
        {
            var plans = TestWeaver.Weave(Source, optimize: true).Result.Plans.ToDictionary(p => p.Derivative, p => p.ToString());
            foreach (var name in Fused)
            {
                var plan = plans["L." + name + "Rev"];
                Assert.That(plan, Does.Contain(": fused"), plan);
                if (name is "InnerNotFused" or "Scratch" or "InnerExitOnOneArm") Assert.That(plan, Does.Contain(": counted"), plan);
                else Assert.That(plan, Does.Not.Contain(": counted").And.Contain("taped per iteration: 0 values"), plan);
            }
            foreach (var name in NearMisses)
            {
                var plan = plans["L." + name + "Rev"];
                Assert.That(plan, Does.Not.Contain("fused"), plan);
            }
        }

        [TestCase(false), TestCase(true)]
        public void Gradients_match_central_differences_and_the_loop_reversed_whole(bool optimize) =>
            LoopStrategyChecks.GradientsMatchDifferencesAndWholeReversal(Source, optimize, Fused.Concat(NearMisses), Xs, Ys);
    }
}
