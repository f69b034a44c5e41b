using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// LINQ's Sum, Average, Max and Min on a double[] or float[] inside differentiated code: the
    /// weaver inlines AutoDiff.Aggregates' element loop in place of the call. Values are checked
    /// equal to LINQ's own (NaN, ties, float sums kept in double), derivatives against central
    /// differences, hand-derived values (a sum's seed reaches every element; a maximum's, the first
    /// element equal to it) and the other mode, in Debug and Release IL; empty and null input throw
    /// what LINQ throws; a selector lambda stays refused.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class LinqAggregateTests
    {
        private readonly bool _optimize;

        public LinqAggregateTests(bool optimize) => _optimize = optimize;

        private const string Source = "using System; using System.Linq; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class L
{
    [AutoDiffReverse(""StatsRev"", Duplicated, Active)]
    [AutoDiffForward(""StatsFwd"", Dual, Dual)]
    public static double Stats(double[] v) => v.Sum() * 0.5 + v.Average() * v.Max() - Math.Sin(v.Min());

    [AutoDiffReverse(""MaxRev"", Duplicated, Active)]
    public static double MaxOf(double[] v) => v.Max();

    [AutoDiffReverse(""MinRev"", Duplicated, Active)]
    public static double MinOf(double[] v) => v.Min();

    [AutoDiffReverse(""StatsFRev"", Duplicated, Active)]
    [AutoDiffForward(""StatsFFwd"", Dual, Dual)]
    public static float StatsF(float[] v) => v.Sum() * 0.5f + v.Average() * v.Max() - MathF.Sin(v.Min());

    // A local array built in the method and reduced, as real code collects then reduces.
    [AutoDiffReverse(""SquaresRev"", Duplicated, Active)]
    public static double SumOfSquares(double[] v)
    {
        var squares = new double[v.Length];
        for (int i = 0; i < v.Length; i++) squares[i] = v[i] * v[i];
        return squares.Sum() / squares.Max();
    }
}";

        private delegate double Rev(double[] v, double[] dv, double dret);

        private delegate (double, double) Fwd(double[] v, double[] dv);

        private delegate float RevF(float[] v, float[] dv, float dret);

        private delegate (float, float) FwdF(float[] v, float[] dv);

        private static double Stats(double[] v) => v.Sum() * 0.5 + v.Average() * v.Max() - Math.Sin(v.Min());

        [Test]
        public void Double_aggregates_in_both_modes()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            double[] v = { 0.4, -1.2, 2.3, 0.9, -0.1 };
            var dv = new double[v.Length];
            Assert.That(woven.Get<Rev>("L", "StatsRev")(v, dv, 1.0), Is.EqualTo(Stats(v)));
            var expected = FiniteDifferences.Gradient(Stats, (double[])v.Clone());
            for (int k = 0; k < v.Length; k++) Assert.That(dv[k], Is.EqualTo(expected[k]).Within(1e-7), $"∂v[{k}]");
            double[] u = { 0.3, -0.7, 1.1, 0.2, 0.5 };
            var (value, tangent) = woven.Get<Fwd>("L", "StatsFwd")(v, u);
            Assert.That(value, Is.EqualTo(Stats(v)));
            Assert.That(tangent, Is.EqualTo(dv.Zip(u, (g, w) => g * w).Sum()).Within(1e-12));
        }

        [Test]
        public void Float_aggregates_keep_linqs_double_accumulation()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            // Large and small values: a float accumulator would round 1e8f + 1 + 1 differently.
            float[] v = { 1e8f, 1f, 1f, -3f, 0.5f };
            var dv = new float[v.Length];
            float expectedValue = v.Sum() * 0.5f + v.Average() * v.Max() - MathF.Sin(v.Min());
            Assert.That(woven.Get<RevF>("L", "StatsFRev")(v, dv, 1f), Is.EqualTo(expectedValue));
            // Hand-derived: ∂/∂v_k = 0.5 + max/n + avg·[k = argmax] − cos(min)·[k = argmin].
            double avg = v.Select(x => (double)x).Sum() / v.Length, max = 1e8, min = -3;
            for (int k = 0; k < v.Length; k++)
            {
                double g = 0.5 + max / v.Length + (k == 0 ? avg : 0) - (k == 3 ? Math.Cos(min) : 0);
                Assert.That(dv[k], Is.EqualTo(g).Within(1e-6 * Math.Abs(g) + 1e-6), $"∂v[{k}]");
            }
            var (value, tangent) = woven.Get<FwdF>("L", "StatsFFwd")(v, new[] { 0f, 0f, 0f, 1f, 0f });
            Assert.That(value, Is.EqualTo(expectedValue));
            Assert.That(tangent, Is.EqualTo(dv[3]).Within(1e-3f));
        }

        [Test]
        public void Ties_and_nan_are_linqs()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            var max = woven.Get<Rev>("L", "MaxRev");
            var min = woven.Get<Rev>("L", "MinRev");
            // Equal maxima: the first gets the seed, as the first is what LINQ returns.
            double[] ties = { 1.0, 3.0, -2.0, 3.0, -2.0 };
            var dmax = new double[5];
            Assert.That(max(ties, dmax, 1.0), Is.EqualTo(ties.Max()));
            Assert.That(dmax, Is.EqualTo(new[] { 0.0, 1, 0, 0, 0 }));
            var dmin = new double[5];
            Assert.That(min(ties, dmin, 1.0), Is.EqualTo(ties.Min()));
            Assert.That(dmin, Is.EqualTo(new[] { 0.0, 0, 1, 0, 0 }));
            // Max skips NaN; Min returns the first NaN; all NaN: Max returns the last.
            foreach (var values in new[] { new[] { double.NaN, 2.0, 5.0 }, new[] { 1.0, double.NaN, -4.0, double.NaN }, new[] { double.NaN, double.NaN } })
            {
                Assert.That(max(values, new double[values.Length], 1.0), Is.EqualTo(values.Max()), string.Join(", ", values));
                Assert.That(min(values, new double[values.Length], 1.0), Is.EqualTo(values.Min()), string.Join(", ", values));
            }
        }

        [Test]
        public void Empty_and_null_input_throw_what_linq_throws()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            var max = woven.Get<Rev>("L", "MaxRev");
            Assert.Throws<InvalidOperationException>(() => max(Array.Empty<double>(), Array.Empty<double>(), 1.0));
            Assert.Throws<InvalidOperationException>(() => woven.Get<Fwd>("L", "StatsFwd")(Array.Empty<double>(), Array.Empty<double>()));
            Assert.Throws<ArgumentNullException>(() => max(null!, null!, 1.0));
        }

        [Test]
        public void A_local_array_reduced()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            double[] v = { 0.4, -1.2, 2.3, 0.9 };
            static double F(double[] x) { var s = x.Select(e => e * e).ToArray(); return s.Sum() / s.Max(); }
            var dv = new double[v.Length];
            Assert.That(woven.Get<Rev>("L", "SquaresRev")(v, dv, 1.0), Is.EqualTo(F(v)).Within(1e-15));
            var expected = FiniteDifferences.Gradient(F, (double[])v.Clone());
            for (int k = 0; k < v.Length; k++) Assert.That(dv[k], Is.EqualTo(expected[k]).Within(1e-7), $"∂v[{k}]");
        }

        [Test]
        public void A_selector_lambda_stays_refused()
        {
            TestWeaver.Refused("using System; using System.Linq; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class R {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] v) => v.Sum(x => x * x);
}", _optimize, "AD2001", "a lambda passed as a delegate", 4);
        }
    }
}
