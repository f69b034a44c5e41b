extern alias FixturesUnwoven;

using System;
using System.IO;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.AdbenchInputs;
using Primal = FixturesUnwoven::Fixtures.Gmm;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// The hand-written GMM gradient (Fixtures.GmmManual, ADBench's "Manual" baseline) against
    /// ADBench's reference on its test input, against the woven Gmm.ObjectiveGrad on ADBench's 1k
    /// inputs (every entry, with shadows that start non-zero and a seed that is not 1), and against
    /// central differences of the objective on sampled entries.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class AdbenchGmmManualTests
    {
        private readonly FixtureBuild _build;

        public AdbenchGmmManualTests(FixtureBuild build) => _build = build;

        private delegate double Grad(int d, int k, int n, double[] alphas, double[] dalphas, double[] means, double[] dmeans,
            double[] icf, double[] dicf, double[] x, double gamma, int m, double wishartConstant, double dret);

        private Grad Manual => FixtureAssemblies.Get<Grad>(_build, "Fixtures.GmmManual", "ObjectiveGrad");

        private Grad Woven => FixtureAssemblies.Get<Grad>(_build, "Fixtures.Gmm", "ObjectiveGrad");

        /// <summary>The objective and the gradient (α, μ, icf in ADBench's order), shadows starting at <paramref name="start"/>.</summary>
        private static (double F, double[] J) Run(Grad grad, GmmInput g, double dret = 1, double[]? start = null)
        {
            int icfLength = g.Icf.Length;
            var j = start != null ? (double[])start.Clone() : new double[g.Alphas.Length + g.Means.Length + icfLength];
            var dalphas = j.Take(g.K).ToArray();
            var dmeans = j.Skip(g.K).Take(g.Means.Length).ToArray();
            var dicf = j.Skip(g.K + g.Means.Length).ToArray();
            var f = grad(g.D, g.K, g.N, g.Alphas, dalphas, g.Means, dmeans, g.Icf, dicf, g.X, g.Gamma, g.M, g.WishartConstant, dret);
            return (f, dalphas.Concat(dmeans).Concat(dicf).ToArray());
        }

        [Test]
        public void GradientMatchesAdbenchReference()
        {
            var g = Gmm(Path.Combine("gmm", "test.txt"));
            var reference = Path.Combine(FixturePaths.Adbench(), "reference");
            var expectedF = FixturePaths.Numbers(File.ReadAllText(Path.Combine(reference, "gmm_test_F_expected.txt")))[0];
            var expectedJ = FixturePaths.Numbers(File.ReadAllText(Path.Combine(reference, "gmm_test_J_expected.txt")));
            var (f, j) = Run(Manual, g);
            AssertNear(f, expectedF, 1e-8, "objective");
            AssertNear(j, expectedJ, 1e-8, "gradient");
        }

        [TestCase("gmm_d2_K5.txt")]
        [TestCase("gmm_d10_K25.txt")]
        [TestCase("gmm_d32_K10.txt")]
        public void GradientMatchesWovenOn1k(string file)
        {
            var g = Gmm(Path.Combine("gmm", "1k", file));
            var random = new Random(11);
            var start = Enumerable.Range(0, g.Alphas.Length + g.Means.Length + g.Icf.Length).Select(_ => random.NextDouble() - 0.5).ToArray();
            var (f, j) = Run(Manual, g, 0.75, start);
            var (wovenF, wovenJ) = Run(Woven, g, 0.75, start);
            AssertNear(f, wovenF, 1e-10, "objective");
            AssertNear(j, wovenJ, 1e-10, "gradient");
            Assert.That(f, Is.EqualTo(Primal.Objective(g.D, g.K, g.N, g.Alphas, g.Means, g.Icf, g.X, g.Gamma, g.M, g.WishartConstant)).Within(1e-9 * Math.Abs(f)));
        }

        [Test]
        public void SampledEntriesMatchCentralDifferences()
        {
            var g = Gmm(Path.Combine("gmm", "1k", "gmm_d10_K25.txt"), points: 100);
            var (_, j) = Run(Manual, g);
            var parameters = g.Alphas.Concat(g.Means).Concat(g.Icf).ToArray();
            double Objective(double[] p) => Primal.Objective(g.D, g.K, g.N, p.Take(g.K).ToArray(), p.Skip(g.K).Take(g.Means.Length).ToArray(),
                p.Skip(g.K + g.Means.Length).ToArray(), g.X, g.Gamma, g.M, g.WishartConstant);
            int icfSize = g.D * (g.D + 1) / 2, icfAt = g.K + g.Means.Length;
            // α; μ; a log-diagonal and a lower entry of Q, each for a few components.
            var entries = new[] { 0, 7, 24, g.K, g.K + 13, g.K + 249, icfAt, icfAt + 3 * icfSize + 9, icfAt + 5 * icfSize + g.D, icfAt + 24 * icfSize + icfSize - 1 };
            foreach (var i in entries)
            {
                var fd = FiniteDifferences.Derivative(v => { var p = (double[])parameters.Clone(); p[i] = v; return Objective(p); }, parameters[i]);
                AssertNear(j[i], fd, 1e-6, $"gradient entry {i} against central differences");
            }
        }
    }
}
