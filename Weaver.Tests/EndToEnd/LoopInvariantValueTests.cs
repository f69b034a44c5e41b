using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// A value made in an outer loop's body and read by an inner loop's reverse blocks is the same
    /// in every inner iteration: the reverse sweep reads it once where it enters the inner loop
    /// (ReverseEmitter.LoopInvariant) instead of keeping it on the tape once per inner iteration;
    /// a load of one slot in every inner iteration has its adjoint summed in a local and added into
    /// the shadow once per run of the inner loop (and not at all when it never ran).
    /// Checked on loops nested three deep, an inner loop inside a branch (its exit joins the other
    /// arm, where the value was never made), an inner loop left by a break, inner loops that never
    /// run, and a value that does change in the inner loop (the near miss): against central
    /// differences, from Debug and Release IL; and the tape's size, which shows what was kept.
    /// </summary>
    public sealed class LoopInvariantValueTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class V
{
    // sin x_i is made once per i and read by every j.
    [AutoDiffReverse(""NestedRev"", Duplicated, Duplicated, Active)]
    public static double Nested(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            var a = Math.Sin(x[i]);
            for (int j = 0; j < y.Length; j++) s += a * y[j] * y[j] + a;
        }
        return s;
    }

    // a from the outermost loop and b from the middle one, both read in the innermost.
    [AutoDiffReverse(""ThreeDeepRev"", Duplicated, Duplicated, Duplicated, Active)]
    public static double ThreeDeep(double[] x, double[] y, double[] z)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            var a = Math.Exp(0.3 * x[i]);
            for (int j = 0; j < y.Length; j++)
            {
                var b = Math.Sin(y[j] + a);
                for (int k = 0; k < z.Length; k++) s += a * b * Math.Tanh(z[k] * b);
            }
        }
        return s;
    }

    // The inner loop runs only on one arm: its exit joins the arm where a was never made.
    [AutoDiffReverse(""BranchRev"", Duplicated, Duplicated, Active)]
    public static double Branch(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                var a = Math.Log(1 + x[i]);
                for (int j = 0; j < y.Length; j++) s += a * y[j] * y[j];
            }
            else
            {
                s += x[i] * x[i];
            }
        }
        return s;
    }

    // Two ways out of the inner loop.
    [AutoDiffReverse(""BreakRev"", Duplicated, Duplicated, Active)]
    public static double Break(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            var a = Math.Sqrt(1 + x[i] * x[i]);
            for (int j = 0; j < y.Length; j++)
            {
                if (y[j] * a > 2.5) break;
                s += a * y[j];
            }
        }
        return s;
    }

    // t is refilled for every k; t[i] is read in the loop over j, which writes no t: once per run of that loop.
    [AutoDiffReverse(""TriangleRev"", Duplicated, Duplicated, Active)]
    public static double Triangle(double[] x, double[] y)
    {
        var t = new double[x.Length];
        double s = 0;
        for (int k = 0; k < y.Length; k++)
        {
            for (int i = 0; i < x.Length; i++) t[i] = Math.Sin(x[i] - y[k]);
            for (int i = 0; i < x.Length; i++)
                for (int j = i + 1; j < x.Length; j++) s += t[i] * x[j] * y[k];
        }
        return s;
    }

    // The near miss of Triangle: the loop over j writes t (t[j], never t[i], but the weaver cannot
    // tell), so t[i] may change between iterations and is kept per iteration.
    [AutoDiffReverse(""TriangleWritesRev"", Duplicated, Duplicated, Active)]
    public static double TriangleWrites(double[] x, double[] y)
    {
        var t = new double[x.Length];
        double s = 0;
        for (int k = 0; k < y.Length; k++)
        {
            for (int i = 0; i < x.Length; i++) t[i] = Math.Sin(x[i] - y[k]);
            for (int i = 0; i < x.Length; i++)
                for (int j = i + 1; j < x.Length; j++) { s += t[i] * x[j] * y[k]; t[j] += 0.5 * t[i]; }
        }
        return s;
    }

    // x[i] is read in every j where y[j] > 0: its adjoint is summed in a local over the loop over
    // j and added into dx[i] once; where no y[j] is positive, or y is empty, nothing is added.
    [AutoDiffReverse(""SummedRev"", Duplicated, Duplicated, Active)]
    public static double Summed(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < y.Length; j++)
                if (y[j] > 0) s += x[i] * y[j] * x[i];
        return s;
    }

    // The near miss: a changes in every inner iteration, so it must be kept per iteration.
    [AutoDiffReverse(""CarriedRev"", Duplicated, Duplicated, Active)]
    public static double Carried(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            var a = Math.Sin(x[i]);
            for (int j = 0; j < y.Length; j++)
            {
                a = Math.Sin(a * y[j]);
                s += a;
            }
        }
        return s;
    }
}";

        private delegate double Gradient2(double[] x, double[] dx, double[] y, double[] dy, double seed);

        private delegate double Gradient3(double[] x, double[] dx, double[] y, double[] dy, double[] z, double[] dz, double seed);

        private static readonly double[][] Xs = { new[] { 0.4, -0.7, 1.1 }, new[] { 0.9 }, new double[0] };
        private static readonly double[][] Ys = { new[] { 0.3, 1.4, -0.6, 2.2 }, new double[0], new[] { -1.5 } };

        [TestCase(false), TestCase(true)]
        public void Gradients_agree_with_central_differences(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            foreach (var name in new[] { "Nested", "Branch", "Break", "Carried", "Triangle", "TriangleWrites", "Summed" })
            {
                var primal = woven.Get<Func<double[], double[], double>>("V", name);
                var reverse = woven.Get<Gradient2>("V", name + "Rev");
                foreach (var x in Xs)
                {
                    foreach (var y in Ys)
                    {
                        var dx = new double[x.Length];
                        var dy = new double[y.Length];
                        var value = reverse(x, dx, y, dy, 1.0);
                        Assert.That(value, Is.EqualTo(primal(x, y)).Within(1e-13), name);
                        var expectedX = FiniteDifferences.Gradient(v => primal(v, y), x);
                        var expectedY = FiniteDifferences.Gradient(v => primal(x, v), y);
                        for (int k = 0; k < x.Length; k++) Assert.That(dx[k], Is.EqualTo(expectedX[k]).Within(FiniteDifferences.Tolerance(expectedX[k])), $"{name} ∂x[{k}], |x| = {x.Length}, |y| = {y.Length}");
                        for (int k = 0; k < y.Length; k++) Assert.That(dy[k], Is.EqualTo(expectedY[k]).Within(FiniteDifferences.Tolerance(expectedY[k])), $"{name} ∂y[{k}], |x| = {x.Length}, |y| = {y.Length}");
                    }
                }
            }

            var primal3 = woven.Get<Func<double[], double[], double[], double>>("V", "ThreeDeep");
            var reverse3 = woven.Get<Gradient3>("V", "ThreeDeepRev");
            var (px, py, pz) = (new[] { 0.2, -0.5 }, new[] { 0.7, 0.1, -0.3 }, new[] { 1.2, -0.4 });
            var (gx, gy, gz) = (new double[2], new double[3], new double[2]);
            var v3 = reverse3(px, gx, py, gy, pz, gz, 1.0);
            Assert.That(v3, Is.EqualTo(primal3(px, py, pz)).Within(1e-13));
            Assert.That(gx, Is.EqualTo(FiniteDifferences.Gradient(v => primal3(v, py, pz), px)).Within(1e-6));
            Assert.That(gy, Is.EqualTo(FiniteDifferences.Gradient(v => primal3(px, v, pz), py)).Within(1e-6));
            Assert.That(gz, Is.EqualTo(FiniteDifferences.Gradient(v => primal3(px, py, v), pz)).Within(1e-6));
        }

        [TestCase(false), TestCase(true)]
        public void A_value_made_outside_an_inner_loop_is_kept_once_per_run_of_it_not_once_per_iteration(bool optimize)
        {
            // Loops reversed whole (the sums here would otherwise be fused and keep nothing at all).
            using var woven = TestWeaver.WeaveAndLoadUnfused(Source, optimize);
            var x = Enumerable.Range(0, 8).Select(i => 0.1 * i - 0.3).ToArray();
            var y = Enumerable.Range(0, 2000).Select(j => Math.Sin(j)).ToArray();
            // Nested keeps nothing per inner iteration (x and y are read again, j comes from the
            // count): at most a count and sin x_i per outer iteration, far below one per inner one.
            int nested = TapeDoubles(() => woven.Get<Gradient2>("V", "NestedRev")(x, new double[8], y, new double[2000], 1.0));
            Assert.That(nested, Is.LessThanOrEqualTo(16), "doubles kept for 8 × 2000 iterations");
            // Triangle keeps t[i] once per run of the loop over j (60 · 59 / 2 = 1,770 iterations per k).
            var x60 = Enumerable.Range(0, 60).Select(i => 0.05 * i - 1).ToArray();
            var y4 = new[] { 0.3, -0.2, 0.9, 1.4 };
            int triangle = TapeDoubles(() => woven.Get<Gradient2>("V", "TriangleRev")(x60, new double[60], y4, new double[4], 1.0));
            Assert.That(triangle, Is.LessThanOrEqualTo(512), "about one double per (k, i): 240");
            int writes = TapeDoubles(() => woven.Get<Gradient2>("V", "TriangleWritesRev")(x60, new double[60], y4, new double[4], 1.0));
            Assert.That(writes, Is.GreaterThanOrEqualTo(4 * 1770), "t[i] per iteration when the loop writes t");
            // Summed adds x[i]'s adjoint into dx[i] once per run of the loop over j.
            var plan = TestWeaver.WeaveUnfused(Source, optimize).Result.Plans.Single(p => p.Derivative == "V.SummedRev").ToString();
            Assert.That(plan, Does.Match(@"adjoints summed once per run: %\d+ \(LoadElement\)"), plan);
            // Carried must keep its a for every inner iteration.
            int carried = TapeDoubles(() => woven.Get<Gradient2>("V", "CarriedRev")(x, new double[8], y, new double[2000], 1.0));
            Assert.That(carried, Is.GreaterThanOrEqualTo(8 * 2000));
        }

        /// <summary>
        /// How many doubles the tape held at most during <paramref name="call"/>, made on a new
        /// thread: Tape&lt;double&gt; remembers per thread the longest buffer it needed (its size, a
        /// power of two of at least 16, bounds the values kept).
        /// </summary>
        private static int TapeDoubles(Action call)
        {
            int needed = -1;
            Exception? failed = null;
            var thread = new Thread(() =>
            {
                try
                {
                    call();
                    var field = typeof(Tape<double>).GetField("s_capacityNeeded", BindingFlags.NonPublic | BindingFlags.Static)!;
                    needed = (int)field.GetValue(null)!;
                }
                catch (Exception e)
                {
                    failed = e;
                }
            });
            thread.Start();
            thread.Join();
            if (failed != null) throw new AssertionException("the derivative threw", failed);
            return needed;
        }
    }
}
