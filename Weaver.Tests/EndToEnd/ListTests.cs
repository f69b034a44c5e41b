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
    [AutoDiffForward(""MeanBatch"", 2, Dual, Const, DualOnly)]
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

    // foreach over lists (the struct enumerator): a log-sum-exp, and squares collected into a new list.
    [AutoDiffReverse(""LseRev"", Duplicated, Active)]
    [AutoDiffForward(""LseFwd"", Dual, Dual)]
    public static double LogSumExpOfSquares(List<double> xs)
    {
        var squares = new List<double>();
        foreach (var v in xs) squares.Add(v * v);
        double m = double.NegativeInfinity;
        foreach (var q in squares) m = Math.Max(m, q);
        double s = 0;
        foreach (var q in squares) s += Math.Exp(q - m);
        return m + Math.Log(s);
    }

    // A foreach writing another list by index.
    [AutoDiffReverse(""SquaresIntoRev"", Duplicated, Duplicated)]
    [AutoDiffForward(""SquaresIntoFwd"", Dual, Dual)]
    public static void SquaresInto(List<double> xs, List<double> ys)
    {
        int k = 0;
        foreach (var v in xs) ys[k++] = v * v * v;
    }

    // A foreach that adds to the list it walks: the enumerator throws, so must the derivative.
    [AutoDiffReverse(""GrowingRev"", Duplicated, Active)]
    public static double AddWhileWalking(List<double> xs)
    {
        double s = 0;
        foreach (var v in xs) { s += v; if (v > 1) xs.Add(v / 2); }
        return s;
    }

    // The list's memory as a span (CollectionsMarshal.AsSpan): the shadow is the shadow list's span.
    [AutoDiffReverse(""CubesRev"", Duplicated, Active)]
    [AutoDiffForward(""CubesFwd"", Dual, Dual)]
    public static double SumOfCubes(List<double> xs)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(xs);
        double t = 0;
        for (int i = 0; i < span.Length; i++) t += span[i] * span[i] * span[i];
        span[0] = t;
        return t + xs[0];
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

            // Batch forward mode, width 2: one tangent list per lane, each the gradient along its direction.
            var lane1 = xs.Select((_, k) => k == 2 ? 1.0 : 0.0).ToList();
            var (t0, t1) = Woven.Get<MeanBatch>("L", "MeanBatch")(xs, txs, lane1, ws);
            Near(t0, dxs.Zip(txs, (g, t) => g * t).Sum(), "lane 0", 1e-12);
            Near(t1, dxs[2], "lane 1: ∂/∂xs[2]", 1e-12);
        }

        private delegate (double, double) MeanBatch(List<double> xs, List<double> dxs0, List<double> dxs1, List<double> ws);

        private delegate double SmoothRev(double[] x, double[] dx, int window, double dret);

        private delegate (double, double) SmoothFwd(double[] x, double[] dx, int window);

        [Test]
        public void MovingAverageCollectedIntoALocalListThenReduced()
        {
            var x = new[] { 0.3, -1.2, 0.8, 1.9, -0.4, 0.6, 1.1 };
            var primal = Woven.Get<Func<double[], int, double>>("L", "SmoothedEnergy");
            var expected = FiniteDifferences.Gradient(p => primal(p, 3), (double[])x.Clone());
            var dx = new double[x.Length];
            var value = Woven.Get<SmoothRev>("L", "SmoothRev")((double[])x.Clone(), dx, 3, 1.0);
            Assert.That(value, Is.EqualTo(primal(x, 3)));
            for (int k = 0; k < x.Length; k++) Near(dx[k], expected[k], $"∂/∂x[{k}]");
            var tx = x.Select((_, k) => Math.Cos(3 * k + 0.5)).ToArray();
            var (fvalue, tangent) = Woven.Get<SmoothFwd>("L", "SmoothFwd")((double[])x.Clone(), tx, 3);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dx.Zip(tx, (g, t) => g * t).Sum(), "⟨∇, ẋ⟩", 1e-12);
        }

        private delegate (double, double) PolyRev(List<double> c, List<double> dc, double x, double dret);

        private delegate (double, double) PolyFwd(List<double> c, List<double> dc, double x, double dx);

        [Test]
        public void PolynomialWithListCoefficients()
        {
            var c = new List<double> { 0.5, -1.0, 0.25, 2.0, -0.75 };
            const double x = 1.3;
            var primal = Woven.Get<Func<List<double>, double, double>>("L", "Polynomial");
            var dc = Zeros(5);
            var (value, dx) = Woven.Get<PolyRev>("L", "PolyRev")(c, dc, x, 1.0);
            Assert.That(value, Is.EqualTo(primal(c, x)));
            for (int k = 0; k < 5; k++) Assert.That(dc[k], Is.EqualTo(Math.Pow(x, k)).Within(1e-12), $"∂p/∂c[{k}] = x^{k}");
            Near(dx, FiniteDifferences.Derivative(t => primal(c, t), x), "∂p/∂x");
            var tc = c.Select((_, k) => 0.1 * (k + 1)).ToList();
            var (fvalue, tangent) = Woven.Get<PolyFwd>("L", "PolyFwd")(c, tc, x, 0.7);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dc.Zip(tc, (g, t) => g * t).Sum() + 0.7 * dx, "⟨∇, (ċ, ẋ)⟩", 1e-12);
            Assert.That(c, Is.EqualTo(new List<double> { 0.5, -1.0, 0.25, 2.0, -0.75 }), "the coefficients are only read");
        }

        private delegate void AccumulateRev(List<double> acc, List<double> dacc, List<double> xs, List<double> dxs, double scale);

        private delegate void AccumulateFwd(List<double> acc, List<double> dacc, List<double> xs, List<double> dxs, double scale);

        [Test]
        public void AnOutputListUpdatedInPlaceInALoop()
        {
            var acc0 = new List<double> { 1.0, -2.0, 0.5, 3.0 };
            var xs = new List<double> { 0.4, 1.1, -0.7, 0.9 };
            var seed = new List<double> { 1.5, -0.5, 2.0, 0.25 };
            var primal = Woven.Get<Action<List<double>, List<double>, double>>("L", "Accumulate");
            double Loss(double[] p)
            {
                var acc = p.Take(4).ToList();
                primal(acc, p.Skip(4).ToList(), 0.8);
                return acc.Zip(seed, (a, w) => a * w).Sum();
            }
            var expected = FiniteDifferences.Gradient(Loss, acc0.Concat(xs).ToArray());
            var (acc, dacc, dxs) = (acc0.ToList(), seed.ToList(), Zeros(4));
            Woven.Get<AccumulateRev>("L", "AccumulateRev")(acc, dacc, xs, dxs, 0.8);
            var after = acc0.ToList();
            primal(after, xs, 0.8);
            Assert.That(acc, Is.EqualTo(after), "the primal ran");
            for (int k = 0; k < 4; k++)
            {
                Near(dacc[k], expected[k], $"∂L/∂acc[{k}] (the seed list, replaced by the gradient)");
                Near(dxs[k], expected[4 + k], $"∂L/∂xs[{k}]");
            }
            var (tacc, txs) = (new List<double> { 0.3, -0.2, 0.9, 0.1 }, new List<double> { -0.6, 0.4, 0.2, 1.0 });
            var forwardAcc = acc0.ToList();
            Woven.Get<AccumulateFwd>("L", "AccumulateFwd")(forwardAcc, tacc, xs, txs, 0.8);
            Assert.That(forwardAcc, Is.EqualTo(after));
            var tangentLoss = tacc.Zip(seed, (t, w) => t * w).Sum();
            Near(tangentLoss, dacc.Zip(new[] { 0.3, -0.2, 0.9, 0.1 }, (g, t) => g * t).Sum() + dxs.Zip(txs, (g, t) => g * t).Sum(), "⟨w, J·ṫ⟩ = ⟨Jᵀw, ṫ⟩", 1e-12);
        }

        private delegate (double, double) LogRev(List<double> log, List<double> dlog, double x, double dret);

        private delegate (double, double) LogFwd(List<double> log, List<double> dlog, double x, double dx);

        [Test]
        public void ADuplicatedListThatGrowsHasItsShadowGrowInStep()
        {
            var primal = Woven.Get<Func<List<double>, double, double>>("L", "AppendAndSum");
            const double x = 0.9;
            var start = new List<double> { 0.5, -1.5, 2.0 };
            var expected = FiniteDifferences.Gradient(p => primal(p.Take(3).ToList(), p[3]), start.Append(x).ToArray());
            var (log, dlog) = (start.ToList(), Zeros(3));
            var (value, dx) = Woven.Get<LogRev>("L", "LogRev")(log, dlog, x, 1.0);
            var primalLog = start.ToList();
            Assert.That(value, Is.EqualTo(primal(primalLog, x)));
            Assert.That(log, Is.EqualTo(primalLog), "the list grew as the primal's does");
            Assert.That(dlog, Has.Count.EqualTo(5), "the shadow grew in step");
            for (int k = 0; k < 3; k++) Near(dlog[k], expected[k], $"∂s/∂log[{k}]");
            Assert.That(dlog[3], Is.EqualTo(0.0), "an added element's slot ends cleared: its adjoint went to what was added");
            Assert.That(dlog[4], Is.EqualTo(0.0));
            Near(dx, expected[3], "∂s/∂x");

            var tlog = new List<double> { 0.2, 0.7, -0.4 };
            var forwardLog = start.ToList();
            var (fvalue, tangent) = Woven.Get<LogFwd>("L", "LogFwd")(forwardLog, tlog, x, 0.6);
            Assert.That(fvalue, Is.EqualTo(value));
            Assert.That(forwardLog, Is.EqualTo(primalLog));
            Assert.That(tlog, Has.Count.EqualTo(5), "the tangent list grew in step");
            Near(tlog[3], 2 * x * 0.6, "the tangent of the added x²");
            Near(tangent, dlog.Take(3).Zip(new[] { 0.2, 0.7, -0.4 }, (g, t) => g * t).Sum() + 0.6 * dx, "⟨∇, ṫ⟩", 1e-12);
        }

        private delegate float FloatRev(List<float> xs, List<float> dxs, List<float> weights, float dret);

        private delegate (float, float) FloatFwd(List<float> xs, List<float> dxs, List<float> weights);

        [Test]
        public void FloatListsWithAConstListOfWeights()
        {
            var xs = new List<float> { 0.5f, -1.25f, 2.0f };
            var weights = new List<float> { 1.5f, 0.25f, -0.5f };
            var dxs = new List<float> { 0f, 0f, 0f };
            var value = Woven.Get<FloatRev>("L", "FloatRev")(xs, dxs, weights, 1f);
            Assert.That(value, Is.EqualTo(Woven.Get<Func<List<float>, List<float>, float>>("L", "FloatDot")(xs, weights)));
            for (int k = 0; k < 3; k++) Assert.That(dxs[k], Is.EqualTo(2 * weights[k] * xs[k]).Within(1e-6), $"∂/∂xs[{k}] = 2·w·x exactly");
            var (fvalue, tangent) = Woven.Get<FloatFwd>("L", "FloatFwd")(xs, new List<float> { 1f, 0.5f, -2f }, weights);
            Assert.That(fvalue, Is.EqualTo(value));
            Assert.That(tangent, Is.EqualTo(dxs[0] * 1f + dxs[1] * 0.5f - dxs[2] * 2f).Within(1e-5));
            Assert.That(weights, Is.EqualTo(new List<float> { 1.5f, 0.25f, -0.5f }), "a Const list is only read");
        }

        [Test]
        public void AShadowListOfAnotherCountOrTheListItselfIsRefused()
        {
            var rev = Woven.Get<MeanRev>("L", "MeanRev");
            var fwd = Woven.Get<MeanFwd>("L", "MeanFwd");
            var (xs, ws) = (new List<double> { 1, 2, 3 }, new List<double> { 1, 1, 2 });
            var shorter = Assert.Throws<ArgumentException>(() => rev(xs, Zeros(2), ws, Zeros(3), 1.0))!;
            Assert.That(shorter.Message, Does.Contain("'dxs' of 'xs'").And.Contain("2 elements but the argument has 3"));
            Assert.Throws<ArgumentException>(() => rev(xs, Zeros(3), ws, Zeros(4), 1.0), "a longer shadow is refused too: an Add would put the shadow's slot elsewhere");
            Assert.Throws<ArgumentException>(() => fwd(xs, Zeros(3), ws, Zeros(1)), "forward mode checks its tangent lists too");
            var itself = Assert.Throws<ArgumentException>(() => rev(xs, xs, ws, Zeros(3), 1.0))!;
            Assert.That(itself.Message, Does.Contain("the shadow is the list itself"));
            Assert.Throws<ArgumentException>(() => rev(xs, Zeros(3), ws, null!, 1.0), "a null shadow");
            Assert.That(xs, Is.EqualTo(new List<double> { 1, 2, 3 }), "refused before anything ran");
        }

        private delegate double LseRev(List<double> xs, List<double> dxs, double dret);

        private delegate (double, double) LseFwd(List<double> xs, List<double> dxs);

        [Test]
        public void ForeachOverListsCollectingIntoANewList()
        {
            var xs = new List<double> { 0.5, -1.25, 1.5, 0.25 };
            var primal = Woven.Get<Func<List<double>, double>>("L", "LogSumExpOfSquares");
            var expected = FiniteDifferences.Gradient(p => primal(p.ToList()), xs.ToArray());
            var dxs = Zeros(4);
            var value = Woven.Get<LseRev>("L", "LseRev")(xs, dxs, 1.0);
            Assert.That(value, Is.EqualTo(primal(xs)));
            for (int k = 0; k < 4; k++) Near(dxs[k], expected[k], $"∂/∂xs[{k}]");
            var txs = new List<double> { 0.3, 0.9, -0.4, 1.2 };
            var (fvalue, tangent) = Woven.Get<LseFwd>("L", "LseFwd")(xs, txs);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dxs.Zip(txs, (g, t) => g * t).Sum(), "⟨∇, ẋ⟩", 1e-12);
        }

        private delegate double GrowingRev(List<double> xs, List<double> dxs, double dret);

        [Test]
        public void ForeachOverAListThatChangesThrowsAsTheEnumeratorDoes()
        {
            var primal = Woven.Get<Func<List<double>, double>>("L", "AddWhileWalking");
            var rev = Woven.Get<GrowingRev>("L", "GrowingRev");
            Assert.Throws<InvalidOperationException>(() => primal(new List<double> { 0.5, 2.0, 0.25 }));
            Assert.Throws<InvalidOperationException>(() => rev(new List<double> { 0.5, 2.0, 0.25 }, Zeros(3), 1.0));
            var dxs = Zeros(3);
            Assert.That(rev(new List<double> { 0.5, 0.75, 0.25 }, dxs, 1.0), Is.EqualTo(1.5), "nothing added: the loop runs to its end");
            Assert.That(dxs, Is.EqualTo(new List<double> { 1, 1, 1 }));
        }

        private delegate double CubesRev(List<double> xs, List<double> dxs, double dret);

        private delegate (double, double) CubesFwd(List<double> xs, List<double> dxs);

        [Test]
        public void TheListAsASpanThroughCollectionsMarshal()
        {
            var start = new List<double> { 0.5, -1.5, 1.25 };
            var primal = Woven.Get<Func<List<double>, double>>("L", "SumOfCubes");
            var expected = FiniteDifferences.Gradient(p => primal(p.ToList()), start.ToArray());
            var (xs, dxs) = (start.ToList(), Zeros(3));
            var value = Woven.Get<CubesRev>("L", "CubesRev")(xs, dxs, 1.0);
            var after = start.ToList();
            Assert.That(value, Is.EqualTo(primal(after)));
            Assert.That(xs, Is.EqualTo(after), "the span wrote into the list");
            for (int k = 0; k < 3; k++) Near(dxs[k], expected[k], $"∂/∂xs[{k}]");
            var txs = new List<double> { 0.4, 1.0, -0.3 };
            var (fvalue, tangent) = Woven.Get<CubesFwd>("L", "CubesFwd")(start.ToList(), txs);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, dxs.Zip(new[] { 0.4, 1.0, -0.3 }, (g, t) => g * t).Sum(), "⟨∇, ẋ⟩", 1e-12);
        }

        [Test]
        public void ForeachWritingAnotherListByIndex()
        {
            var xs = new List<double> { 0.5, -2.0, 1.5 };
            var (ys, seed) = (Zeros(3), new List<double> { 1.0, 0.5, -1.0 });
            var dxs = Zeros(3);
            Woven.Get<Action<List<double>, List<double>, List<double>, List<double>>>("L", "SquaresIntoRev")(xs, dxs, ys, seed);
            Assert.That(ys, Is.EqualTo(xs.Select(v => v * v * v).ToList()));
            Assert.That(seed, Is.EqualTo(Zeros(3)), "the output's shadow is its seed, reset by the call");
            for (int k = 0; k < 3; k++) Assert.That(dxs[k], Is.EqualTo(3 * xs[k] * xs[k] * new[] { 1.0, 0.5, -1.0 }[k]).Within(1e-12), $"∂/∂xs[{k}]");
            var (ty, forwardYs) = (Zeros(3), Zeros(3));
            Woven.Get<Action<List<double>, List<double>, List<double>, List<double>>>("L", "SquaresIntoFwd")(xs, new List<double> { 1, 1, 1 }, forwardYs, ty);
            for (int k = 0; k < 3; k++) Assert.That(ty[k], Is.EqualTo(3 * xs[k] * xs[k]).Within(1e-12), $"ẏ[{k}]");
        }
    }
}
