using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// List&lt;double&gt; and List&lt;float&gt; as differentiated memory, on real-style functions: a
    /// Duplicated/Dual list parameter (its shadow a list of the same type and Count), a Const list,
    /// a local list built with Add and then reduced, a list parameter that grows during the call
    /// (its shadow grows in step), the indexer read and written (`list[i] += …`) inside loops.
    /// Each derivative is checked against central differences of the primal and against the other
    /// mode, from Debug and Release IL.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class ListTests
    {
        private readonly bool _optimize;

        public ListTests(bool optimize) => _optimize = optimize;

        private const string Source = @"using System; using System.Collections.Generic; using AutoDiff; using static AutoDiff.Activity;
public static partial class L
{
    // A weighted mean, as statistics code writes it over lists.
    [AutoDiffReverse(""MeanRev"", Duplicated, Duplicated, Active)]
    [AutoDiffForward(""MeanFwd"", Dual, Dual, Dual)]
    public static double WeightedMean(List<double> xs, List<double> ws)
    {
        double num = 0, den = 0;
        for (int i = 0; i < xs.Count; i++)
        {
            num += ws[i] * xs[i];
            den += ws[i];
        }
        return num / den;
    }

    // A moving average collected into a new list, then reduced (collect, then reduce).
    [AutoDiffReverse(""SmoothRev"", Duplicated, Const, Active)]
    [AutoDiffForward(""SmoothFwd"", Dual, Const, Dual)]
    public static double SmoothedEnergy(double[] x, int window)
    {
        var averages = new List<double>();
        for (int i = 0; i + window <= x.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < window; j++) s += x[i + j];
            averages.Add(s / window);
        }
        double e = 0;
        for (int i = 0; i < averages.Count; i++) e += averages[i] * averages[i] * Math.Sin(averages[i]);
        return e;
    }

    // A polynomial whose coefficients are a list (Horner), at an active point.
    [AutoDiffReverse(""PolyRev"", Duplicated, Active, Active)]
    [AutoDiffForward(""PolyFwd"", Dual, Dual, Dual)]
    public static double Polynomial(List<double> coefficients, double x)
    {
        double y = 0;
        for (int k = coefficients.Count - 1; k >= 0; k--) y = y * x + coefficients[k];
        return y;
    }

    // An output list updated in place: acc[i] += ...; the shadow of acc is its seed.
    [AutoDiffReverse(""AccumulateRev"", Duplicated, Duplicated, Const)]
    [AutoDiffForward(""AccumulateFwd"", Dual, Dual, Const)]
    public static void Accumulate(List<double> acc, List<double> xs, double scale)
    {
        for (int i = 0; i < acc.Count; i++)
        {
            acc[i] += scale * xs[i] * xs[i];
            acc[i] = acc[i] * Math.Cos(xs[(i + 1) % xs.Count]);
        }
    }

    // A Duplicated list the method adds to: its shadow grows in step.
    [AutoDiffReverse(""LogRev"", Duplicated, Active, Active)]
    [AutoDiffForward(""LogFwd"", Dual, Dual, Dual)]
    public static double AppendAndSum(List<double> log, double x)
    {
        log.Add(x * x);
        log.Add(Math.Sin(x) * log[0]);
        double s = 0;
        for (int i = 0; i < log.Count; i++) s += log[i] * log[i];
        return s;
    }

    // float lists, a Const list of weights.
    [AutoDiffReverse(""FloatRev"", Duplicated, Const, Active)]
    [AutoDiffForward(""FloatFwd"", Dual, Const, Dual)]
    public static float FloatDot(List<float> xs, List<float> weights)
    {
        var squares = new List<float>(xs.Count);
        for (int i = 0; i < xs.Count; i++) squares.Add(xs[i] * xs[i]);
        float s = 0;
        for (int i = 0; i < squares.Count; i++) s += weights[i] * squares[i];
        return s;
    }
}";

        private static WovenAssembly? _debug, _release;

        private WovenAssembly Woven => _optimize ? _release ??= TestWeaver.WeaveAndLoad(Source, true) : _debug ??= TestWeaver.WeaveAndLoad(Source, false);

        [OneTimeTearDown]
        public void Unload()
        {
            if (_optimize) { _release?.Dispose(); _release = null; }
            else { _debug?.Dispose(); _debug = null; }
        }

        private static List<double> Zeros(int n) => Enumerable.Repeat(0.0, n).ToList();

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        private delegate double MeanRev(List<double> xs, List<double> dxs, List<double> ws, List<double> dws, double dret);

        private delegate (double, double) MeanFwd(List<double> xs, List<double> dxs, List<double> ws, List<double> dws);

        [Test]
        public void WeightedMeanOfTwoDuplicatedLists()
        {
            var xs = new List<double> { 1.5, -0.25, 2.0, 0.75, 3.0 };
            var ws = new List<double> { 0.5, 1.25, 2.0, 0.25, 1.0 };
            var primal = Woven.Get<Func<List<double>, List<double>, double>>("L", "WeightedMean");
            var expected = FiniteDifferences.Gradient(p => primal(p.Take(5).ToList(), p.Skip(5).ToList()), xs.Concat(ws).ToArray());
            var (dxs, dws) = (Zeros(5), Zeros(5));
            var value = Woven.Get<MeanRev>("L", "MeanRev")(xs, dxs, ws, dws, 1.0);
            Assert.That(value, Is.EqualTo(primal(xs, ws)));
            for (int k = 0; k < 5; k++)
            {
                Near(dxs[k], expected[k], $"∂/∂xs[{k}]");
                Near(dws[k], expected[5 + k], $"∂/∂ws[{k}]");
            }
            var (txs, tws) = (xs.Select((_, k) => Math.Cos(k + 0.3)).ToList(), ws.Select((_, k) => Math.Sin(2 * k + 1)).ToList());
            var (fvalue, tangent) = Woven.Get<MeanFwd>("L", "MeanFwd")(xs, txs, ws, tws);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dxs.Zip(txs, (g, t) => g * t).Sum() + dws.Zip(tws, (g, t) => g * t).Sum(), "⟨∇, ṫ⟩", 1e-12);
        }
    }
}
