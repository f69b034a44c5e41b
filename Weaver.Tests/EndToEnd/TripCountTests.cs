using System;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Loops reversed whole whose iteration count the reverse sweep computes from their bounds
    /// (SimpleLoop.HasTripCount): `for (int i = start; i &lt; limit; i++)` with no other way out runs
    /// limit − start times (0 when that is not positive), so the forward sweep neither counts it
    /// nor keeps the count on the tape once per run of the loop around it. Each program where that
    /// applies (a triangle j = i + 1 .. n, a start past the limit, `limit &gt; i`, a while loop, a
    /// limit computed in the header) and each near miss where the count must be kept (a break, a
    /// step of 2, `i &lt;= n`, a limit read from memory, a limit that changes in the loop, a count
    /// down) is checked: the plan says which, and the gradient matches central differences (Debug
    /// and Release IL) and the gradient woven with fusion off. The accumulators are not plain sums,
    /// so the loops are reversed whole and their counts are used.
    /// </summary>
    public sealed class TripCountTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class T
{
    [AutoDiffReverse(""TriangleRev"", Duplicated, Duplicated, Active, Active)]
    public static double Triangle(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 1; j < x.Length; j++) s = s * c + x[i] * x[j] * y[j % y.Length];
        }
        return s;
    }

    // Inner runs start past the limit (no iterations) for most i.
    [AutoDiffReverse(""PastLimitRev"", Duplicated, Duplicated, Active, Active)]
    public static double PastLimit(double[] x, double[] y, double c)
    {
        double s = 1;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 2; j < y.Length; j++) s = s * Math.Sin(x[i] * y[j]) + c;
            s = s * (1 + 0.1 * x[i]);
        }
        return s;
    }

    // The limit on the left: `n > i`.
    [AutoDiffReverse(""GreaterRev"", Duplicated, Duplicated, Active, Active)]
    public static double Greater(double[] x, double[] y, double c)
    {
        double s = c;
        int n = x.Length - 1;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = 1; n > j; j++) s = Math.Cos(s) * x[j] + y[i];
        }
        return s;
    }

    [AutoDiffReverse(""WhileRev"", Duplicated, Duplicated, Active, Active)]
    public static double While(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            int j = i;
            while (j < x.Length)
            {
                s = s * y[i] + x[j] * c;
                j++;
            }
        }
        return s;
    }

    // Near misses: the count is kept.
    [AutoDiffReverse(""BreakRev"", Duplicated, Duplicated, Active, Active)]
    public static double Break(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                if (x[j] > c + y[i]) break;
                s = s * c + x[j] * y[i];
            }
        }
        return s;
    }

    [AutoDiffReverse(""StepTwoRev"", Duplicated, Duplicated, Active, Active)]
    public static double StepTwo(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = i % 2; j < x.Length; j += 2) s = s * c + x[j] * y[i];
        }
        return s;
    }

    [AutoDiffReverse(""LessEqualRev"", Duplicated, Duplicated, Active, Active)]
    public static double LessEqual(double[] x, double[] y, double c)
    {
        double s = 0;
        int last = x.Length - 1;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = i; j <= last; j++) s = s * c + x[j] * y[i];
        }
        return s;
    }

    [AutoDiffReverse(""LimitInMemoryRev"", Duplicated, Duplicated, Active, Active)]
    public static double LimitInMemory(double[] x, double[] y, double c)
    {
        double s = 0;
        var limits = new int[] { x.Length, x.Length / 2 };
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = 0; j < limits[i % 2]; j++) s = s * c + x[j] * y[i];
        }
        return s;
    }

    [AutoDiffReverse(""LimitChangesRev"", Duplicated, Duplicated, Active, Active)]
    public static double LimitChanges(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            int n = x.Length;
            for (int j = 0; j < n; j++)
            {
                s = s * c + x[j] * y[i];
                if (x[j] > y[i]) n--;
            }
        }
        return s;
    }

    [AutoDiffReverse(""DownRev"", Duplicated, Duplicated, Active, Active)]
    public static double Down(double[] x, double[] y, double c)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = x.Length - 1; j >= i; j--) s = s * c + x[j] * y[i];
        }
        return s;
    }
}";

        private delegate (double Value, double Dc) Gradient(double[] x, double[] dx, double[] y, double[] dy, double c, double seed);

        /// <summary>Each program, and how many of its loops have counts computed from their bounds.</summary>
        private static readonly (string Name, int Computed, int Loops)[] Programs =
        {
            ("Triangle", 2, 2), ("PastLimit", 2, 2), ("Greater", 2, 2), ("While", 2, 2),
            ("Break", 1, 2), ("StepTwo", 1, 2), ("LessEqual", 1, 2), ("LimitInMemory", 1, 2), ("LimitChanges", 1, 2), ("Down", 1, 2),
        };

        private static readonly double[][] Xs = { new[] { 0.4, -0.7, 1.1, 0.25, 0.6 }, new[] { 0.9 }, new double[0], new[] { 0.3, 1.6, -0.2 } };
        private static readonly double[] Ys = { 0.3, 1.4, -0.6, 0.8 };

        [Test]
        public void The_plan_computes_the_counts_it_may_and_keeps_the_rest()
        {
            var plans = TestWeaver.Weave(Source, optimize: true).Result.Plans.ToDictionary(p => p.Derivative, p => p.ToString());
            foreach (var (name, computed, loops) in Programs)
            {
                var plan = plans["T." + name + "Rev"];
                Assert.That(Regex.Matches(plan, ": counted").Count, Is.EqualTo(loops), plan);
                Assert.That(Regex.Matches(plan, @"\(runs .* − .* times, computed where it is reversed\)").Count, Is.EqualTo(computed), plan);
                // The count of an inner loop is kept once per run of the outer one, only where it is not computed.
                Assert.That(plan.Contains("count of b"), Is.EqualTo(computed < loops), plan);
            }
        }

        [TestCase(false), TestCase(true)]
        public void Gradients_match_central_differences_and_the_unfused_weave(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            using var unfused = TestWeaver.WeaveAndLoadUnfused(Source, optimize);
            foreach (var (name, _, _) in Programs)
            {
                var primal = woven.Get<Func<double[], double[], double, double>>("T", name);
                foreach (var x in Xs)
                {
                    foreach (var c in new[] { 0.7, -0.45 })
                    {
                        var where = $"{name}, |x| = {x.Length}, c = {c}";
                        var (value, dx, dy, dc) = Run(woven.Get<Gradient>("T", name + "Rev"), x, c);
                        var (value2, dx2, dy2, dc2) = Run(unfused.Get<Gradient>("T", name + "Rev"), x, c);
                        double F(double[] xv, double[] yv, double cv) => primal(xv.ToArray(), yv.ToArray(), cv);
                        Assert.That(value, Is.EqualTo(F(x, Ys, c)).Within(1e-13), where);
                        var expectedX = FiniteDifferences.Gradient(v => F(v, Ys, c), x);
                        var expectedY = FiniteDifferences.Gradient(v => F(x, v, c), Ys);
                        var expectedC = FiniteDifferences.Gradient(v => F(x, Ys, v[0]), c)[0];
                        for (int k = 0; k < x.Length; k++) Assert.That(dx[k], Is.EqualTo(expectedX[k]).Within(FiniteDifferences.Tolerance(expectedX[k])), $"{where}: ∂x[{k}]");
                        for (int k = 0; k < Ys.Length; k++) Assert.That(dy[k], Is.EqualTo(expectedY[k]).Within(FiniteDifferences.Tolerance(expectedY[k])), $"{where}: ∂y[{k}]");
                        Assert.That(dc, Is.EqualTo(expectedC).Within(FiniteDifferences.Tolerance(expectedC)), $"{where}: ∂c");
                        Assert.That(value2, Is.EqualTo(value), where);
                        Assert.That(dx2.Concat(dy2).Append(dc2), Is.EqualTo(dx.Concat(dy).Append(dc)).Within(1e-12), $"{where}: unfused");
                    }
                }
            }
        }

        /// <summary>Calls a derivative on copies with seed 1.</summary>
        private static (double Value, double[] Dx, double[] Dy, double Dc) Run(Gradient gradient, double[] x, double c)
        {
            var (dx, dy) = (new double[x.Length], new double[Ys.Length]);
            var (value, dc) = gradient(x.ToArray(), dx, Ys.ToArray(), dy, c, 1.0);
            return (value, dx, dy, dc);
        }
    }
}
