using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Corpus
{
    /// <summary>
    /// More of issue 13's corpus (after <see cref="RealCodeCorpusTests"/> and
    /// <see cref="SolversSplinesAndIndicatorsCorpusTests"/>): functions in the style of the public
    /// code they come from — a Kalman filter's likelihood, a Gaussian process's marginal likelihood
    /// by Cholesky, the haversine distance, a Huber regression, a Verlet spring chain, a
    /// numerically stable logistic loss, Kepler's equation by Newton's method, one head of
    /// scaled dot-product attention — woven as written. Each gradient is checked against central
    /// differences, and where the mathematics gives an independent value (Kepler's ∂E/∂M =
    /// 1/(1 − e cos E), the haversine's ∂d/∂lat₂ at equal longitudes), against that too; Debug and
    /// Release IL, and forward mode against reverse where both are declared.
    /// </summary>
    public sealed class FiltersGeodesyAndModelsCorpusTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class Corpus
{
    // Tracking (as in Labbe's Kalman and Bayesian Filters in Python, ported to C#): a
    // constant-velocity Kalman filter over noisy positions; the log-likelihood of the innovations
    // is what a noise-parameter fit maximises.
    [AutoDiffReverse(""KalmanGrad"", Const, Active, Active, Active, Active)]
    [AutoDiffForward(""KalmanTangent"", Const, Dual, Dual, Dual, Dual)]
    public static double KalmanLogLikelihood(double[] z, double q, double r, double dt)
    {
        double x = z[0], v = 0;
        double p00 = 1, p01 = 0, p11 = 1;
        double logLikelihood = 0;
        for (int k = 1; k < z.Length; k++)
        {
            // Predict.
            x += dt * v;
            p00 += dt * (2 * p01 + dt * p11) + q * dt * dt * dt / 3;
            p01 += dt * p11 + q * dt * dt / 2;
            p11 += q * dt;
            // Update with the position measurement.
            double y = z[k] - x;
            double s = p00 + r;
            double k0 = p00 / s, k1 = p01 / s;
            x += k0 * y;
            v += k1 * y;
            p11 -= k1 * p01;
            p01 -= k0 * p01;
            p00 -= k0 * p00;
            logLikelihood -= 0.5 * (Math.Log(2 * Math.PI * s) + y * y / s);
        }
        return logLikelihood;
    }

    // Gaussian process regression (the textbook algorithm 2.1 of Rasmussen and Williams): the
    // log marginal likelihood of an RBF kernel, by Cholesky factorisation and two triangular solves.
    [AutoDiffReverse(""GpGrad"", Const, Const, Active, Active, Active, Active)]
    public static double GpLogMarginal(double[] xs, double[] ys, double lengthScale, double signal, double noise)
    {
        int n = xs.Length;
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double d = xs[i] - xs[j];
                double kij = signal * signal * Math.Exp(-d * d / (2 * lengthScale * lengthScale));
                if (i == j) kij += noise * noise;
                double sum = kij;
                for (int m = 0; m < j; m++) sum -= l[i, m] * l[j, m];
                l[i, j] = i == j ? Math.Sqrt(sum) : sum / l[j, j];
            }
        }
        var alpha = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = ys[i];
            for (int m = 0; m < i; m++) sum -= l[i, m] * alpha[m];
            alpha[i] = sum / l[i, i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = alpha[i];
            for (int m = i + 1; m < n; m++) sum -= l[m, i] * alpha[m];
            alpha[i] = sum / l[i, i];
        }
        double fit = 0, logDet = 0;
        for (int i = 0; i < n; i++)
        {
            fit += ys[i] * alpha[i];
            logDet += Math.Log(l[i, i]);
        }
        return -0.5 * fit - logDet - 0.5 * n * Math.Log(2 * Math.PI);
    }

    // Geodesy: the haversine great-circle distance in kilometres, from degrees.
    [AutoDiffReverse(""HaversineGrad"", Active, Active, Active, Active, Active)]
    [AutoDiffForward(""HaversineTangent"", Dual, Dual, Dual, Dual, Dual)]
    public static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double EarthRadiusKm = 6371.0;
        double ToRadians(double degrees) => degrees * Math.PI / 180.0;
        double dLat = ToRadians(lat2 - lat1);
        double dLon = ToRadians(lon2 - lon1);
        double a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                   Math.Cos(ToRadians(lat1)) * Math.Cos(ToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        double c = 2 * Math.Atan2(Math.Sqrt(a), Math.Sqrt(1 - a));
        return EarthRadiusKm * c;
    }

    // Robust regression: the Huber loss of a linear model's residuals.
    [AutoDiffReverse(""HuberGrad"", Duplicated, Const, Const, Const, Active)]
    public static double HuberLoss(double[] w, double[] x, double[] y, double delta)
    {
        int features = w.Length;
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double prediction = 0;
            for (int j = 0; j < features; j++) prediction += w[j] * x[i * features + j];
            double residual = Math.Abs(y[i] - prediction);
            loss += residual <= delta ? 0.5 * residual * residual : delta * (residual - 0.5 * delta);
        }
        return loss / y.Length;
    }

    // Game physics: a chain of springs integrated by velocity Verlet; the energy at the end.
    [AutoDiffReverse(""ChainGrad"", Duplicated, Active, Const, Const, Active)]
    public static double SpringChain(double[] positions, double stiffness, double dt, int steps)
    {
        int n = positions.Length;
        var x = (double[])positions.Clone();
        var v = new double[n];
        var a = new double[n];
        for (int step = 0; step < steps; step++)
        {
            for (int i = 0; i < n; i++)
            {
                double left = i > 0 ? x[i - 1] : 0.0;
                double right = i < n - 1 ? x[i + 1] : x[i];
                a[i] = stiffness * (left + right - 2 * x[i]);
            }
            for (int i = 0; i < n; i++)
            {
                v[i] += 0.5 * dt * a[i];
                x[i] += dt * v[i];
            }
            for (int i = 0; i < n; i++)
            {
                double left = i > 0 ? x[i - 1] : 0.0;
                double right = i < n - 1 ? x[i + 1] : x[i];
                v[i] += 0.5 * dt * stiffness * (left + right - 2 * x[i]);
            }
        }
        double energy = 0;
        for (int i = 0; i < n; i++)
        {
            double stretch = x[i] - (i > 0 ? x[i - 1] : 0.0);
            energy += 0.5 * v[i] * v[i] + 0.5 * stiffness * stretch * stretch;
        }
        return energy;
    }

    // Machine learning: the mean logistic loss, with the softplus written the stable way.
    [AutoDiffReverse(""LogisticGrad"", Duplicated, Const, Const, Active, Active)]
    public static double LogisticLoss(double[] w, double[] x, int[] labels, double l2)
    {
        int features = w.Length;
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double z = 0;
            for (int j = 0; j < features; j++) z += w[j] * x[i * features + j];
            double margin = labels[i] == 1 ? z : -z;
            loss += margin > 0 ? Math.Log(1 + Math.Exp(-margin)) : -margin + Math.Log(1 + Math.Exp(margin));
        }
        double penalty = 0;
        foreach (var wj in w) penalty += wj * wj;
        return loss / labels.Length + 0.5 * l2 * penalty;
    }

    // Astronomy: Kepler's equation E − e sin E = M by Newton's method, then the true anomaly.
    [AutoDiffReverse(""KeplerGrad"", Active, Active, Active)]
    [AutoDiffForward(""KeplerTangent"", Dual, Dual, Dual)]
    public static double EccentricAnomaly(double meanAnomaly, double eccentricity)
    {
        double e = meanAnomaly + eccentricity * Math.Sin(meanAnomaly);
        for (int iteration = 0; iteration < 50; iteration++)
        {
            double delta = (e - eccentricity * Math.Sin(e) - meanAnomaly) / (1 - eccentricity * Math.Cos(e));
            e -= delta;
            if (Math.Abs(delta) < 1e-14) break;
        }
        return e;
    }

    [AutoDiffReverse(""TrueAnomalyGrad"", Active, Active, Active)]
    public static double TrueAnomaly(double meanAnomaly, double eccentricity)
    {
        double e = EccentricAnomaly(meanAnomaly, eccentricity);
        return 2 * Math.Atan2(Math.Sqrt(1 + eccentricity) * Math.Sin(e / 2), Math.Sqrt(1 - eccentricity) * Math.Cos(e / 2));
    }

    // Transformers: one query's scaled dot-product attention over a sequence, read out by a vector.
    [AutoDiffReverse(""AttentionGrad"", Duplicated, Const, Const, Const, Const, Active)]
    public static double Attention(double[] query, double[] keys, double[] values, double[] readout, int length)
    {
        int d = query.Length;
        var weights = new double[length];
        double scale = 1.0 / Math.Sqrt(d);
        double max = double.NegativeInfinity;
        for (int t = 0; t < length; t++)
        {
            double score = 0;
            for (int k = 0; k < d; k++) score += query[k] * keys[t * d + k];
            weights[t] = score * scale;
            max = Math.Max(max, weights[t]);
        }
        double total = 0;
        for (int t = 0; t < length; t++)
        {
            weights[t] = Math.Exp(weights[t] - max);
            total += weights[t];
        }
        double output = 0;
        for (int k = 0; k < d; k++)
        {
            double mixed = 0;
            for (int t = 0; t < length; t++) mixed += weights[t] / total * values[t * d + k];
            output += readout[k] * mixed;
        }
        return output;
    }
}";

        [Test]
        public void The_corpus_weaves_with_no_diagnostic()
        {
            var outcome = TestWeaver.Weave(Source, optimize: true);
            Assert.That(outcome.Diagnostics.Select(d => d.ToString()), Is.Empty);
        }

        [TestCase(false), TestCase(true)]
        public void Kalman_filter_likelihood(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double[], double, double, double, double>>("Corpus", "KalmanLogLikelihood");
            var grad = woven.Get<Func<double[], double, double, double, double, (double, double, double, double)>>("Corpus", "KalmanGrad");
            var tangent = woven.Get<Func<double[], double, double, double, double, double, double, (double, double)>>("Corpus", "KalmanTangent");
            var z = Enumerable.Range(0, 40).Select(k => 0.3 * k + Math.Sin(1.7 * k)).ToArray();
            var (value, dq, dr, ddt) = grad(z, 0.05, 0.8, 0.5, 1.0);
            Assert.That(value, Is.EqualTo(f(z, 0.05, 0.8, 0.5)).Within(1e-10));
            FiniteDifferences.AssertGradient(new[] { dq, dr, ddt }, p => f(z, p[0], p[1], p[2]), new[] { 0.05, 0.8, 0.5 }, "Kalman");
            var (_, along) = tangent(z, 0.05, 1.0, 0.8, -0.5, 0.5, 0.25);
            Assert.That(along, Is.EqualTo(dq - 0.5 * dr + 0.25 * ddt).Within(1e-9 * (1 + Math.Abs(along))));
        }

        [TestCase(false), TestCase(true)]
        public void Gaussian_process_marginal_likelihood(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double[], double[], double, double, double, double>>("Corpus", "GpLogMarginal");
            var grad = woven.Get<Func<double[], double[], double, double, double, double, (double, double, double, double)>>("Corpus", "GpGrad");
            double[] xs = { -1.5, -0.7, 0.1, 0.4, 1.3, 2.0, 2.6 };
            var ys = xs.Select(x => Math.Sin(2 * x) + 0.1 * x).ToArray();
            var (value, dl, ds, dn) = grad(xs, ys, 0.8, 1.2, 0.3, 1.0);
            Assert.That(value, Is.EqualTo(f(xs, ys, 0.8, 1.2, 0.3)).Within(1e-10));
            FiniteDifferences.AssertGradient(new[] { dl, ds, dn }, p => f(xs, ys, p[0], p[1], p[2]), new[] { 0.8, 1.2, 0.3 }, "GP");
        }

        [TestCase(false), TestCase(true)]
        public void Haversine_distance(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double, double, double, double, double>>("Corpus", "Haversine");
            var grad = woven.Get<Func<double, double, double, double, double, (double, double, double, double, double)>>("Corpus", "HaversineGrad");
            var tangent = woven.Get<Func<double, double, double, double, double, double, double, double, (double, double)>>("Corpus", "HaversineTangent");
            // Paris to New York.
            var (value, a, b, c, d) = grad(48.8566, 2.3522, 40.7128, -74.0060, 1.0);
            Assert.That(value, Is.EqualTo(f(48.8566, 2.3522, 40.7128, -74.0060)).Within(1e-9));
            Assert.That(value, Is.EqualTo(5837).Within(5), "about 5,837 km");
            FiniteDifferences.AssertGradient(new[] { a, b, c, d }, p => f(p[0], p[1], p[2], p[3]), new[] { 48.8566, 2.3522, 40.7128, -74.0060 }, "haversine");
            var (_, along) = tangent(48.8566, 1.0, 2.3522, 0.0, 40.7128, -1.0, -74.0060, 0.5);
            Assert.That(along, Is.EqualTo(a - c + 0.5 * d).Within(1e-9 * (1 + Math.Abs(along))));
            // Independent value: along a meridian the distance is R·|Δlat| in radians, so ∂d/∂lat₂ = R·π/180.
            var (_, _, _, dLat2, _) = grad(10.0, 30.0, 25.0, 30.0, 1.0);
            Assert.That(dLat2, Is.EqualTo(6371.0 * Math.PI / 180).Within(1e-9));
        }

        [TestCase(false), TestCase(true)]
        public void Huber_regression(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double[], double[], double[], double, double>>("Corpus", "HuberLoss");
            var grad = woven.Get<Func<double[], double[], double[], double[], double, double, double>>("Corpus", "HuberGrad");
            double[] w = { 0.5, -1.2, 0.8 };
            var x = Enumerable.Range(0, 30).Select(k => Math.Sin(0.9 * k + 0.2)).ToArray();
            var y = Enumerable.Range(0, 10).Select(k => k % 3 == 0 ? 4.0 : 0.3 * k - 1).ToArray(); // outliers in the quadratic and linear parts
            var dw = new double[w.Length];
            Assert.That(grad(w, dw, x, y, 1.0, 1.0), Is.EqualTo(f(w, x, y, 1.0)).Within(1e-12));
            FiniteDifferences.AssertGradient(dw, v => f(v, x, y, 1.0), w, "Huber");
        }

        [TestCase(false), TestCase(true)]
        public void Verlet_spring_chain(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double[], double, double, int, double>>("Corpus", "SpringChain");
            var grad = woven.Get<Func<double[], double[], double, double, int, double, (double, double)>>("Corpus", "ChainGrad");
            double[] positions = { 0.9, 2.1, 2.8, 4.3, 5.0 };
            var dp = new double[positions.Length];
            var (value, dk) = grad(positions, dp, 1.7, 0.05, 60, 1.0);
            Assert.That(value, Is.EqualTo(f(positions, 1.7, 0.05, 60)).Within(1e-12));
            FiniteDifferences.AssertGradient(dp.Append(dk).ToArray(), v => f(v.Take(positions.Length).ToArray(), v[^1], 0.05, 60), positions.Append(1.7).ToArray(), "spring chain");
            Assert.That(positions, Is.EqualTo(new[] { 0.9, 2.1, 2.8, 4.3, 5.0 }), "the primal works on a clone");
        }

        [TestCase(false), TestCase(true)]
        public void Stable_logistic_loss(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double[], double[], int[], double, double>>("Corpus", "LogisticLoss");
            var grad = woven.Get<Func<double[], double[], double[], int[], double, double, (double, double)>>("Corpus", "LogisticGrad");
            double[] w = { 0.4, -0.9, 1.5, 0.2 };
            var x = Enumerable.Range(0, 48).Select(k => Math.Cos(1.3 * k) * 2).ToArray();
            var labels = Enumerable.Range(0, 12).Select(k => k % 2).ToArray();
            var dw = new double[w.Length];
            var (value, dl2) = grad(w, dw, x, labels, 0.1, 1.0);
            Assert.That(value, Is.EqualTo(f(w, x, labels, 0.1)).Within(1e-12));
            FiniteDifferences.AssertGradient(dw.Append(dl2).ToArray(), v => f(v.Take(w.Length).ToArray(), x, labels, v[^1]), w.Append(0.1).ToArray(), "logistic");
            // Independent value: ∂/∂l2 is half the squared norm of w.
            Assert.That(dl2, Is.EqualTo(0.5 * w.Sum(v => v * v)).Within(1e-12));
        }

        [TestCase(false), TestCase(true)]
        public void Kepler_equation_by_newton(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double, double, double>>("Corpus", "EccentricAnomaly");
            var grad = woven.Get<Func<double, double, double, (double, double, double)>>("Corpus", "KeplerGrad");
            var tangent = woven.Get<Func<double, double, double, double, (double, double)>>("Corpus", "KeplerTangent");
            var trueAnomaly = woven.Get<Func<double, double, double>>("Corpus", "TrueAnomaly");
            var trueGrad = woven.Get<Func<double, double, double, (double, double, double)>>("Corpus", "TrueAnomalyGrad");
            foreach (var (m, ecc) in new[] { (0.3, 0.1), (2.0, 0.6), (4.5, 0.85) })
            {
                var (e, dm, de) = grad(m, ecc, 1.0);
                Assert.That(e, Is.EqualTo(f(m, ecc)).Within(1e-15));
                // Independent values, from the implicit function theorem on E − e sin E = M.
                Assert.That(dm, Is.EqualTo(1 / (1 - ecc * Math.Cos(e))).Within(1e-9), $"∂E/∂M at M = {m}, e = {ecc}");
                Assert.That(de, Is.EqualTo(Math.Sin(e) / (1 - ecc * Math.Cos(e))).Within(1e-9), $"∂E/∂e at M = {m}, e = {ecc}");
                Assert.That(tangent(m, 1.0, ecc, -2.0).Item2, Is.EqualTo(dm - 2 * de).Within(1e-9));
                var (nu, dnuM, dnuE) = trueGrad(m, ecc, 1.0);
                Assert.That(nu, Is.EqualTo(trueAnomaly(m, ecc)).Within(1e-15));
                FiniteDifferences.AssertGradient(new[] { dnuM, dnuE }, p => trueAnomaly(p[0], p[1]), new[] { m, ecc }, "true anomaly");
            }
        }

        [TestCase(false), TestCase(true)]
        public void Scaled_dot_product_attention(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double[], double[], double[], double[], int, double>>("Corpus", "Attention");
            var grad = woven.Get<Func<double[], double[], double[], double[], double[], int, double, double>>("Corpus", "AttentionGrad");
            const int d = 4, length = 6;
            var query = new[] { 0.3, -0.8, 1.1, 0.5 };
            var keys = Enumerable.Range(0, d * length).Select(k => Math.Sin(0.7 * k)).ToArray();
            var values = Enumerable.Range(0, d * length).Select(k => Math.Cos(0.4 * k + 1)).ToArray();
            var readout = new[] { 1.0, -0.5, 0.25, 2.0 };
            var dq = new double[d];
            Assert.That(grad(query, dq, keys, values, readout, length, 1.0), Is.EqualTo(f(query, keys, values, readout, length)).Within(1e-12));
            FiniteDifferences.AssertGradient(dq, v => f(v, keys, values, readout, length), query, "attention");
        }
    }
}
