using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Corpus
{
    /// <summary>
    /// More of issue 13's corpus (<see cref="RealCodeCorpusTests"/> has the first entries): functions
    /// in the style of the public code they come from — a game engine's smoothing, a Numerical
    /// Recipes cubic spline and series, image resampling on a 2-D grid, an implied-volatility
    /// solver, trading indicators, a classifier's loss — woven as written. Each gradient is checked
    /// against central differences, and where the mathematics gives an independent value (the
    /// implied volatility's derivative is 1/vega), against that too; Debug and Release IL.
    /// </summary>
    public sealed class SolversSplinesAndIndicatorsCorpusTests
    {
        private const string Source = "using System; using System.Linq; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class Corpus
{
    // Game engine: a camera following a target with the engine's critically damped SmoothDamp
    // (Game Programming Gems 4, ch. 1.10), called once per frame with the velocity by ref.
    [AutoDiffReverse(""FollowGrad"", Active, Active, Const, Active)]
    [AutoDiffForward(""FollowTangent"", Dual, Dual, Const, Dual)]
    public static double Follow(double smoothTime, double target, int frames)
    {
        double position = 0, velocity = 0;
        for (int f = 0; f < frames; f++)
        {
            double goal = target * (1 + 0.1 * Math.Sin(0.05 * f));
            position = SmoothDamp(position, goal, ref velocity, smoothTime, 50.0, 1.0 / 60);
        }
        return position;
    }

    private static double SmoothDamp(double current, double target, ref double currentVelocity, double smoothTime, double maxSpeed, double deltaTime)
    {
        smoothTime = Math.Max(0.0001, smoothTime);
        double omega = 2.0 / smoothTime;
        double x = omega * deltaTime;
        double exp = 1.0 / (1.0 + x + 0.48 * x * x + 0.235 * x * x * x);
        double change = current - target;
        double originalTo = target;
        double maxChange = maxSpeed * smoothTime;
        change = Math.Clamp(change, -maxChange, maxChange);
        target = current - change;
        double temp = (currentVelocity + omega * change) * deltaTime;
        currentVelocity = (currentVelocity - omega * temp) * exp;
        double output = target + (change + temp) * exp;
        if (originalTo - current > 0.0 == output > originalTo)
        {
            output = originalTo;
            currentVelocity = (output - originalTo) / deltaTime;
        }
        return output;
    }

    // Numerical Recipes: a natural cubic spline through (xs, ys) — second derivatives by the
    // tridiagonal sweep of `spline`, then `splint`'s bisection for the interval and the cubic.
    [AutoDiffReverse(""SplineGrad"", Const, Duplicated, Active, Active)]
    public static double Spline(double[] xs, double[] ys, double at)
    {
        int n = xs.Length;
        var y2 = new double[n];
        var u = new double[n];
        for (int i = 1; i < n - 1; i++)
        {
            double sig = (xs[i] - xs[i - 1]) / (xs[i + 1] - xs[i - 1]);
            double p = sig * y2[i - 1] + 2.0;
            y2[i] = (sig - 1.0) / p;
            u[i] = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) - (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]);
            u[i] = (6.0 * u[i] / (xs[i + 1] - xs[i - 1]) - sig * u[i - 1]) / p;
        }
        y2[n - 1] = 0;
        for (int k = n - 2; k >= 0; k--) y2[k] = y2[k] * y2[k + 1] + u[k];

        int klo = 0, khi = n - 1;
        while (khi - klo > 1)
        {
            int mid = (khi + klo) >> 1;
            if (xs[mid] > at) khi = mid; else klo = mid;
        }
        double h = xs[khi] - xs[klo];
        double a = (xs[khi] - at) / h, b = (at - xs[klo]) / h;
        return a * ys[klo] + b * ys[khi] + ((a * a * a - a) * y2[klo] + (b * b * b - b) * y2[khi]) * (h * h) / 6.0;
    }

    // Image resampling: bicubic (Catmull–Rom) interpolation of a grid at (x, y), edges clamped.
    [AutoDiffReverse(""BicubicGrad"", Duplicated, Active, Active, Active)]
    public static double Bicubic(double[,] grid, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        double result = 0;
        for (int m = -1; m <= 2; m++)
        {
            int row = Math.Clamp(y0 + m, 0, grid.GetLength(0) - 1);
            double line = 0;
            for (int n = -1; n <= 2; n++)
            {
                int col = Math.Clamp(x0 + n, 0, grid.GetLength(1) - 1);
                line += grid[row, col] * Kernel(n - fx);
            }
            result += line * Kernel(m - fy);
        }
        return result;
    }

    private static double Kernel(double t)
    {
        t = Math.Abs(t);
        if (t < 1) return 1.5 * t * t * t - 2.5 * t * t + 1;
        if (t < 2) return -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2;
        return 0;
    }

    // Finance: implied volatility by Newton's method on the Black–Scholes price, stopping at a
    // tolerance. Differentiated through the iterations, the result's derivative in the price is
    // 1/vega at the converged volatility.
    [AutoDiffReverse(""ImpliedVolGrad"", Active, Const, Const, Const, Const, Active)]
    [AutoDiffForward(""ImpliedVolTangent"", Dual, Const, Const, Const, Const, Dual)]
    public static double ImpliedVol(double price, double spot, double strike, double years, double rate)
    {
        double sigma = 0.3;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double sqrtT = Math.Sqrt(years);
            double d1 = (Math.Log(spot / strike) + (rate + 0.5 * sigma * sigma) * years) / (sigma * sqrtT);
            double d2 = d1 - sigma * sqrtT;
            double model = spot * Phi(d1) - strike * Math.Exp(-rate * years) * Phi(d2);
            double vega = spot * Math.Exp(-0.5 * d1 * d1) / Math.Sqrt(2 * Math.PI) * sqrtT;
            double diff = model - price;
            sigma -= diff / vega;
            if (Math.Abs(diff) < 1e-13) break;
        }
        return sigma;
    }

    private static double Phi(double x)
    {
        // Zelen & Severo (Abramowitz–Stegun 26.2.17), |error| < 7.5e-8.
        double t = 1 / (1 + 0.2316419 * Math.Abs(x));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI) * poly;
        return x >= 0 ? 1 - tail : tail;
    }

    // Trading indicators: Wilder's RSI over closing prices, and Bollinger %b of the last close
    // with the variance by Welford's one-pass update.
    [AutoDiffReverse(""RsiGrad"", Duplicated, Const, Active)]
    public static double Rsi(double[] closes, int period)
    {
        double gain = 0, loss = 0;
        for (int i = 1; i <= period; i++)
        {
            double change = closes[i] - closes[i - 1];
            gain += Math.Max(change, 0);
            loss += Math.Max(-change, 0);
        }
        gain /= period;
        loss /= period;
        for (int i = period + 1; i < closes.Length; i++)
        {
            double change = closes[i] - closes[i - 1];
            gain = (gain * (period - 1) + Math.Max(change, 0)) / period;
            loss = (loss * (period - 1) + Math.Max(-change, 0)) / period;
        }
        return loss == 0 ? 100 : 100 - 100 / (1 + gain / loss);
    }

    [AutoDiffReverse(""PercentBGrad"", Duplicated, Active, Active)]
    public static double PercentB(double[] closes, double width)
    {
        double mean = 0, m2 = 0;
        int count = 0;
        foreach (double c in closes)
        {
            count++;
            double delta = c - mean;
            mean += delta / count;
            m2 += delta * (c - mean);
        }
        double sd = Math.Sqrt(m2 / (count - 1));
        double lower = mean - width * sd, upper = mean + width * sd;
        return (closes[^1] - lower) / (upper - lower);
    }

    // A classifier's loss (ML tutorial code): softmax cross-entropy of one sample's logits.
    [AutoDiffReverse(""CrossEntropyGrad"", Duplicated, Const, Active)]
    public static double CrossEntropy(double[] logits, int label)
    {
        double max = logits.Max();
        double sum = 0;
        for (int k = 0; k < logits.Length; k++) sum += Math.Exp(logits[k] - max);
        return Math.Log(sum) + max - logits[label];
    }

    // Numerical Recipes: erfc by its Chebyshev fit (`erfccheb`, the coefficients in a static
    // table, Clenshaw's recurrence counting down), used for a Gaussian tail probability.
    [AutoDiffReverse(""TailGrad"", Active, Active)]
    [AutoDiffForward(""TailTangent"", Dual, Dual)]
    public static double Tail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    private static double Erfc(double z)
    {
        if (z < 0) return 2 - Erfc(-z);
        double t = 2 / (2 + z), ty = 4 * t - 2, d = 0, dd = 0;
        for (int j = Cof.Length - 1; j > 0; j--)
        {
            double tmp = d;
            d = ty * d - dd + Cof[j];
            dd = tmp;
        }
        return t * Math.Exp(-z * z + 0.5 * (Cof[0] + ty * d) - dd);
    }

    private static readonly double[] Cof =
    {
        -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
        3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.303655835580e-6,
        1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10,
        -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13,
        -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
    };
}";

        [Test]
        public void The_corpus_weaves_with_no_diagnostic()
        {
            var outcome = TestWeaver.Weave(Source, optimize: true);
            Assert.That(outcome.Diagnostics.Select(d => d.ToString()), Is.Empty);
        }

        [TestCase(false), TestCase(true)]
        public void Smooth_damp_camera(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var follow = woven.Get<Func<double, double, int, double>>("Corpus", "Follow");
            var grad = woven.Get<Func<double, double, int, double, (double, double, double)>>("Corpus", "FollowGrad");
            var tangent = woven.Get<Func<double, double, double, double, int, (double, double)>>("Corpus", "FollowTangent");
            // A near target (the speed limit never binds) and a far one (Clamp binds in early frames).
            foreach (var (smoothTime, target) in new[] { (0.3, 2.0), (0.25, 40.0) })
            {
                var (value, dSmooth, dTarget) = grad(smoothTime, target, 90, 1.0);
                Assert.That(value, Is.EqualTo(follow(smoothTime, target, 90)).Within(1e-12));
                FiniteDifferences.AssertGradient(new[] { dSmooth, dTarget }, v => follow(v[0], v[1], 90), new[] { smoothTime, target }, $"SmoothDamp to {target}");
                var (_, along) = tangent(smoothTime, 0.4, target, -1.5, 90);
                Assert.That(along, Is.EqualTo(0.4 * dSmooth - 1.5 * dTarget).Within(1e-9 * (1 + Math.Abs(along))));
            }
        }

        [TestCase(false), TestCase(true)]
        public void Natural_cubic_spline(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var spline = woven.Get<Func<double[], double[], double, double>>("Corpus", "Spline");
            var grad = woven.Get<Func<double[], double[], double[], double, double, (double, double)>>("Corpus", "SplineGrad");
            double[] xs = { 0, 0.7, 1.5, 2.1, 3.4, 4.0 }, ys = { 1.0, 0.4, -0.3, 0.8, 1.9, 1.2 };
            foreach (var at in new[] { 0.2, 1.8, 3.7 })
            {
                var dys = new double[ys.Length];
                var (value, dAt) = grad(xs, ys, dys, at, 1.0);
                Assert.That(value, Is.EqualTo(spline(xs, ys, at)).Within(1e-12));
                FiniteDifferences.AssertGradient(dys.Append(dAt).ToArray(), v => spline(xs, v.Take(ys.Length).ToArray(), v[^1]), ys.Append(at).ToArray(), $"spline at {at}");
            }
            // The spline interpolates: at a knot its value is the knot's y, and only that y moves it.
            var knot = new double[ys.Length];
            var (atKnot, _) = grad(xs, ys, knot, xs[2] + 1e-12, 1.0);
            Assert.That(atKnot, Is.EqualTo(ys[2]).Within(1e-9));
            Assert.That(knot[2], Is.EqualTo(1).Within(1e-9));
        }

        [TestCase(false), TestCase(true)]
        public void Bicubic_resampling_on_a_grid(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var bicubic = woven.Get<Func<double[,], double, double, double>>("Corpus", "Bicubic");
            var grad = woven.Get<Func<double[,], double[,], double, double, double, (double, double, double)>>("Corpus", "BicubicGrad");
            var grid = new double[5, 6];
            for (int r = 0; r < 5; r++) for (int c = 0; c < 6; c++) grid[r, c] = Math.Sin(0.7 * r) + 0.3 * Math.Cos(1.3 * c) + 0.1 * r * c;
            // Inside, and near a corner where the clamped edges repeat a row and a column.
            foreach (var (x, y) in new[] { (2.3, 1.6), (0.4, 3.8) })
            {
                var dgrid = new double[5, 6];
                var (value, dx, dy) = grad(grid, dgrid, x, y, 1.0);
                Assert.That(value, Is.EqualTo(bicubic(grid, x, y)).Within(1e-12));
                double[] flat = grid.Cast<double>().Append(x).Append(y).ToArray();
                double F(double[] v)
                {
                    var g = new double[5, 6];
                    Buffer.BlockCopy(v, 0, g, 0, 30 * sizeof(double));
                    return bicubic(g, v[30], v[31]);
                }
                FiniteDifferences.AssertGradient(dgrid.Cast<double>().Append(dx).Append(dy).ToArray(), F, flat, $"bicubic at ({x}, {y})");
            }
        }

        [TestCase(false), TestCase(true)]
        public void Implied_volatility_by_newton(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var vol = woven.Get<Func<double, double, double, double, double, double>>("Corpus", "ImpliedVol");
            var grad = woven.Get<Func<double, double, double, double, double, double, (double, double)>>("Corpus", "ImpliedVolGrad");
            var tangent = woven.Get<Func<double, double, double, double, double, double, (double, double)>>("Corpus", "ImpliedVolTangent");
            foreach (var price in new[] { 7.5, 12.0 })
            {
                var (sigma, dPrice) = grad(price, 100, 100, 0.5, 0.02, 1.0);
                Assert.That(sigma, Is.EqualTo(vol(price, 100, 100, 0.5, 0.02)).Within(1e-14));
                FiniteDifferences.AssertGradient(new[] { dPrice }, v => vol(v[0], 100, 100, 0.5, 0.02), new[] { price }, $"implied vol at {price}");
                // Independent value: at convergence dσ/dprice = 1 / vega(σ) (the Phi approximation's
                // derivative differs from the exact density by < 1e-6 relative here).
                double d1 = (Math.Log(1.0) + (0.02 + 0.5 * sigma * sigma) * 0.5) / (sigma * Math.Sqrt(0.5));
                double vega = 100 * Math.Exp(-0.5 * d1 * d1) / Math.Sqrt(2 * Math.PI) * Math.Sqrt(0.5);
                Assert.That(dPrice, Is.EqualTo(1 / vega).Within(1e-5 / vega));
                Assert.That(tangent(price, 1.0, 100, 100, 0.5, 0.02).Item2, Is.EqualTo(dPrice).Within(1e-10 * Math.Abs(dPrice)));
            }
        }

        [TestCase(false), TestCase(true)]
        public void Trading_indicators(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // No two consecutive closes equal: at a zero change Max(change, 0) has a kink, where central
            // differences average the two sides and no derivative is the right one.
            double[] closes = { 44.3, 44.1, 44.2, 43.6, 44.3, 44.8, 45.1, 45.4, 45.8, 46.1, 45.9, 46.3, 45.6, 46.3, 46.27, 46.0, 46.4, 46.2, 45.6, 46.2 };
            var rsi = woven.Get<Func<double[], int, double>>("Corpus", "Rsi");
            var rsiGrad = woven.Get<Func<double[], double[], int, double, double>>("Corpus", "RsiGrad");
            var dc = new double[closes.Length];
            Assert.That(rsiGrad(closes, dc, 14, 1.0), Is.EqualTo(rsi(closes, 14)).Within(1e-12));
            FiniteDifferences.AssertGradient(dc, v => rsi(v, 14), closes, "RSI");

            var percentB = woven.Get<Func<double[], double, double>>("Corpus", "PercentB");
            var percentBGrad = woven.Get<Func<double[], double[], double, double, (double, double)>>("Corpus", "PercentBGrad");
            var db = new double[closes.Length];
            var (value, dWidth) = percentBGrad(closes, db, 2.0, 1.0);
            Assert.That(value, Is.EqualTo(percentB(closes, 2.0)).Within(1e-12));
            FiniteDifferences.AssertGradient(db.Append(dWidth).ToArray(), v => percentB(v.Take(closes.Length).ToArray(), v[^1]), closes.Append(2.0).ToArray(), "%b");
        }

        [TestCase(false), TestCase(true)]
        public void Cross_entropy_of_logits(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var loss = woven.Get<Func<double[], int, double>>("Corpus", "CrossEntropy");
            var grad = woven.Get<Func<double[], double[], int, double, double>>("Corpus", "CrossEntropyGrad");
            double[] logits = { 1.2, -0.4, 3.1, 0.7 };
            var dl = new double[logits.Length];
            Assert.That(grad(logits, dl, 2, 1.0), Is.EqualTo(loss(logits, 2)).Within(1e-12));
            // Independent value: softmax(logits) − onehot(label).
            double sum = logits.Sum(Math.Exp);
            for (int k = 0; k < logits.Length; k++)
            {
                Assert.That(dl[k], Is.EqualTo(Math.Exp(logits[k]) / sum - (k == 2 ? 1 : 0)).Within(1e-12), $"∂[{k}]");
            }
        }

        [TestCase(false), TestCase(true)]
        public void Gaussian_tail_by_chebyshev_erfc(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var tail = woven.Get<Func<double, double>>("Corpus", "Tail");
            var grad = woven.Get<Func<double, double, (double, double)>>("Corpus", "TailGrad");
            var tangent = woven.Get<Func<double, double, (double, double)>>("Corpus", "TailTangent");
            foreach (var z in new[] { -1.3, 0.4, 2.2 })
            {
                var (value, dz) = grad(z, 1.0);
                Assert.That(value, Is.EqualTo(tail(z)).Within(1e-15));
                // Independent value: d/dz P(Z > z) = −φ(z) (the fit is good to ~1.2e-16 relative).
                Assert.That(dz, Is.EqualTo(-Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI)).Within(1e-12));
                Assert.That(tangent(z, 1.0).Item2, Is.EqualTo(dz).Within(1e-14));
            }
            Assert.That(tail(0), Is.EqualTo(0.5).Within(1e-15));
        }
    }
}
