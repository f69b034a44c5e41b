extern alias FixturesUnwoven;

using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.AdbenchInputs;
using Primal = FixturesUnwoven::Fixtures.Kernels;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// The kernels of issue 12 (Fixtures.Kernels) and their hand-written gradients
    /// (Fixtures.KernelsManual, the baselines Benchmarks/Kernels times the woven code against), on
    /// small deterministic inputs: the woven gradient against central differences on sampled
    /// entries, the hand-written gradient against the woven one on every entry (shadows that start
    /// non-zero and a seed that is not 1, so adding is told apart from storing), and the primal
    /// value each returns against the primal and against a formula written another way.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class KernelTests
    {
        private readonly FixtureBuild _build;

        public KernelTests(FixtureBuild build) => _build = build;

        public static readonly string[] Kernels = { "LogSinChain", "SoftmaxCrossEntropy", "PairProduct", "PairCosine", "DenseLayerLoss" };

        /// <summary>A gradient run: the differentiable inputs, their shadows (added into), the seed; returns the primal value.</summary>
        private delegate double Gradient(double[][] inputs, double[][] shadows, double dret);

        /// <summary>
        /// One kernel: its differentiable inputs, the primal over them (the unwoven build), the
        /// same value by another formula, and its woven and hand-written gradients in this build.
        /// </summary>
        private sealed record Kernel(double[][] Inputs, Func<double[][], double> Primal, Func<double[][], double> Independent, Gradient Woven, Gradient Manual);

        private delegate double ChainGrad(double[] x, double[] dx, double dret);
        private delegate double SoftmaxGrad(double[] w, double[] dw, double[] x, int[] labels, int classes, int features, double dret);
        private delegate double PairGrad(double[] a, double[] da, double[] b, double[] db, double dret);
        private delegate double DenseGrad(double[] w, double[] dw, double[] b, double[] db, double[] x, double[] y, int inputs, int outputs, double dret);

        private T Woven<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, "Fixtures.Kernels", name + "Grad");

        private T Manual<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, "Fixtures.KernelsManual", name + "Grad");

        private Kernel Of(string name)
        {
            switch (name)
            {
                case "LogSinChain":
                {
                    Gradient Run(ChainGrad g) => (p, s, seed) => g(p[0], s[0], seed);
                    return new Kernel(new[] { Values(12, 1) }, p => Primal.LogSinChain(p[0]),
                        p => Enumerable.Range(0, p[0].Length - 1).Sum(i => Math.Log(1 + p[0][i] * p[0][i]) * Math.Sin(p[0][i + 1]) + p[0][i] * p[0][i + 1]),
                        Run(Woven<ChainGrad>(name)), Run(Manual<ChainGrad>(name)));
                }
                case "SoftmaxCrossEntropy":
                {
                    const int classes = 4, features = 3, rows = 7;
                    var x = Values(rows * features, 2);
                    var labels = Enumerable.Range(0, rows).Select(r => (3 * r + 1) % classes).ToArray();
                    Gradient Run(SoftmaxGrad g) => (p, s, seed) => g(p[0], s[0], x, labels, classes, features, seed);
                    // Without the max subtracted: fine for scores this small, and a different formula.
                    double Plain(double[] w) => Enumerable.Range(0, rows).Average(r =>
                    {
                        double Score(int k) => Enumerable.Range(0, features).Sum(j => w[k * features + j] * x[r * features + j]);
                        return Math.Log(Enumerable.Range(0, classes).Sum(k => Math.Exp(Score(k)))) - Score(labels[r]);
                    });
                    return new Kernel(new[] { Values(classes * features, 3) }, p => Primal.SoftmaxCrossEntropy(p[0], x, labels, classes, features),
                        p => Plain(p[0]), Run(Woven<SoftmaxGrad>(name)), Run(Manual<SoftmaxGrad>(name)));
                }
                case "PairProduct":
                case "PairCosine":
                {
                    // Different lengths, so a gradient that mixes up a and b cannot pass.
                    Gradient Run(PairGrad g) => (p, s, seed) => g(p[0], s[0], p[1], s[1], seed);
                    Func<double[][], double> primal = name == "PairProduct" ? p => Primal.PairProduct(p[0], p[1]) : p => Primal.PairCosine(p[0], p[1]);
                    // Both double sums factor: Σa·Σb, and cos(a − b) = cos a cos b + sin a sin b.
                    Func<double[][], double> factored = name == "PairProduct"
                        ? p => p[0].Sum() * p[1].Sum()
                        : p => p[0].Sum(a => a * Math.Cos(a)) * p[1].Sum(b => b * Math.Cos(b)) + p[0].Sum(a => a * Math.Sin(a)) * p[1].Sum(b => b * Math.Sin(b));
                    return new Kernel(new[] { Values(5, 4), Values(7, 5) }, primal, factored, Run(Woven<PairGrad>(name)), Run(Manual<PairGrad>(name)));
                }
                case "DenseLayerLoss":
                {
                    const int inputs = 3, outputs = 4, samples = 5;
                    var x = Values(samples * inputs, 6);
                    var y = Values(samples * outputs, 7).Select(v => v / 2).ToArray(); // targets inside tanh's range
                    Gradient Run(DenseGrad g) => (p, s, seed) => g(p[0], s[0], p[1], s[1], x, y, inputs, outputs, seed);
                    double Plain(double[] w, double[] b) => Enumerable.Range(0, samples).Sum(s => Enumerable.Range(0, outputs).Sum(o =>
                    {
                        double e = Math.Tanh(b[o] + Enumerable.Range(0, inputs).Sum(i => w[o * inputs + i] * x[s * inputs + i])) - y[s * outputs + o];
                        return e * e / 2;
                    }));
                    return new Kernel(new[] { Values(outputs * inputs, 8), Values(outputs, 9) }, p => Primal.DenseLayerLoss(p[0], p[1], x, y, inputs, outputs),
                        p => Plain(p[0], p[1]), Run(Woven<DenseGrad>(name)), Run(Manual<DenseGrad>(name)));
                }
                default:
                    throw new ArgumentException(name, nameof(name));
            }
        }

        [TestCaseSource(nameof(Kernels))]
        public void PrimalValuesAgree(string name)
        {
            var k = Of(name);
            double primal = k.Primal(k.Inputs);
            AssertNear(primal, k.Independent(k.Inputs), 1e-12, $"{name} against the same value computed another way");
            AssertNear(k.Woven(k.Inputs, Shadows(k.Inputs), 1), primal, 1e-12, $"{name}: value returned by the woven gradient");
            AssertNear(k.Manual(k.Inputs, Shadows(k.Inputs), 1), primal, 1e-12, $"{name}: value returned by the hand-written gradient");
        }

        [TestCaseSource(nameof(Kernels))]
        public void WovenMatchesCentralDifferencesOnSampledEntries(string name)
        {
            var k = Of(name);
            var gradient = Shadows(k.Inputs);
            k.Woven(k.Inputs, gradient, 1);
            for (int a = 0; a < k.Inputs.Length; a++)
            {
                var input = k.Inputs[a];
                foreach (var i in new[] { 0, 1, input.Length / 2, input.Length - 2, input.Length - 1 }.Distinct())
                {
                    double Moved(double v)
                    {
                        var moved = k.Inputs.Select(p => (double[])p.Clone()).ToArray();
                        moved[a][i] = v;
                        return k.Primal(moved);
                    }
                    AssertNear(gradient[a][i], FiniteDifferences.Derivative(Moved, input[i]), 1e-6, $"{name}: ∂/∂input{a}[{i}] against central differences");
                }
            }
        }

        [TestCaseSource(nameof(Kernels))]
        public void ManualMatchesWovenOnEveryEntry(string name)
        {
            var k = Of(name);
            var start = k.Inputs.Select((p, a) => Values(p.Length, 100 + a)).ToArray();
            var woven = start.Select(s => (double[])s.Clone()).ToArray();
            var manual = start.Select(s => (double[])s.Clone()).ToArray();
            AssertNear(k.Manual(k.Inputs, manual, 0.75), k.Woven(k.Inputs, woven, 0.75), 1e-12, $"{name}: values returned");
            for (int a = 0; a < woven.Length; a++)
            {
                AssertNear(manual[a], woven[a], 1e-10, $"{name}: hand-written against woven, input{a}");
            }
        }

        private static double[][] Shadows(double[][] inputs) => inputs.Select(p => new double[p.Length]).ToArray();

        /// <summary>Values in [-1.5, 1.5) from a fixed seed.</summary>
        private static double[] Values(int n, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => 3 * random.NextDouble() - 1.5).ToArray();
        }
    }
}
