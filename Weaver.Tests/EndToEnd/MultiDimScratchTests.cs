using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// A local double[,] written in a loop over one of its indices is not scratch the loop fills
    /// afresh (IterationScratch): the other column keeps what an earlier iteration wrote, so the
    /// loop around must not be undone one iteration at a time (FusedLoops). Checked three ways:
    /// the plan does not fuse it, and the gradient matches central differences and the gradient
    /// woven with fusion off (Debug and Release IL).
    /// </summary>
    public sealed class MultiDimScratchTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class L
{
    // t[k, 0] is written for every k in each iteration, but t[0, 1] is written after the read
    // and read again in the next iteration.
    [AutoDiffReverse(""ColumnCarriedRev"", Duplicated, Duplicated, Active, Active)]
    public static double ColumnCarried(double[] x, double[] y, double c)
    {
        var t = new double[y.Length, 2];
        double s = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < y.Length; k++) t[k, 0] = x[r] * y[k] + c;
            s += t[0, 0] * t[0, 1];
            t[0, 1] = x[r] * c;
        }
        return s;
    }
}";

        private delegate (double, double) Gradient(double[] x, double[] dx, double[] y, double[] dy, double c, double seed);

        [Test]
        public void The_plan_does_not_fuse_a_loop_over_a_matrix_it_fills_one_column_of()
        {
            var plan = TestWeaver.Weave(Source, optimize: true).Result.Plans.Single(p => p.Derivative == "L.ColumnCarriedRev").ToString();
            Assert.That(plan, Does.Not.Contain("fused"), plan);
        }

        [TestCase(false), TestCase(true)]
        public void Gradient_matches_central_differences_and_the_loop_reversed_whole(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            using var whole = TestWeaver.WeaveAndLoadUnfused(Source, optimize);
            var primal = woven.Get<Func<double[], double[], double, double>>("L", "ColumnCarried");
            var (x, y, c) = (new[] { 0.4, -0.7, 1.1, 0.25 }, new[] { 0.3, 1.4, -0.6 }, 0.7);
            double F(double[] xv, double[] yv, double cv) => primal(xv.ToArray(), yv.ToArray(), cv);
            foreach (var (derivative, what) in new[] { (woven, "woven"), (whole, "reversed whole") })
            {
                var (dx, dy) = (new double[x.Length], new double[y.Length]);
                var (value, dc) = derivative.Get<Gradient>("L", "ColumnCarriedRev")(x.ToArray(), dx, y.ToArray(), dy, c, 1.0);
                Assert.That(value, Is.EqualTo(F(x, y, c)), what);
                var (ex, ey, ec) = (FiniteDifferences.Gradient(v => F(v, y, c), x), FiniteDifferences.Gradient(v => F(x, v, c), y), FiniteDifferences.Gradient(v => F(x, y, v[0]), c)[0]);
                for (int k = 0; k < x.Length; k++) Assert.That(dx[k], Is.EqualTo(ex[k]).Within(FiniteDifferences.Tolerance(ex[k])), $"{what}: ∂x[{k}]");
                for (int k = 0; k < y.Length; k++) Assert.That(dy[k], Is.EqualTo(ey[k]).Within(FiniteDifferences.Tolerance(ey[k])), $"{what}: ∂y[{k}]");
                Assert.That(dc, Is.EqualTo(ec).Within(FiniteDifferences.Tolerance(ec)), $"{what}: ∂c");
            }
        }
    }
}
