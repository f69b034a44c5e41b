using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// ADBench's GMM test input (shared/adbench/gmm/test.txt: d = 2, K = 3, n = 1) against ADBench's
    /// reference objective and gradient (shared/adbench/reference, absolute tolerance 1e-8 as
    /// ADBench's own tests use), in reverse mode and, one direction per parameter, forward mode.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class AdbenchGmmTests
    {
        private readonly FixtureBuild _build;

        public AdbenchGmmTests(FixtureBuild build) => _build = build;

        private delegate double Grad(int d, int k, int n, double[] alphas, double[] dalphas, double[] means, double[] dmeans,
            double[] icf, double[] dicf, double[] x, double gamma, int m, double wishartConstant, double dret);

        private delegate (double, double) Tangent(int d, int k, int n, double[] alphas, double[] dalphas, double[] means, double[] dmeans,
            double[] icf, double[] dicf, double[] x, double gamma, int m, double wishartConstant);

        [Test]
        public void ObjectiveAndGradientMatchAdbenchReference()
        {
            var root = FixturePaths.Adbench();
            var input = FixturePaths.Numbers(File.ReadAllText(Path.Combine(root, "gmm", "test.txt")));
            int d = (int)input[0], k = (int)input[1], n = (int)input[2];
            int at = 3;
            double[] Take(int count) { var a = input.Skip(at).Take(count).ToArray(); at += count; return a; }
            int icfSize = d * (d + 1) / 2;
            var alphas = Take(k);
            var means = Take(k * d);
            var icf = Take(k * icfSize);
            var x = Take(n * d);
            double gamma = input[at];
            int m = (int)input[at + 1];

            // The prior's constant: n_·d·(ln γ − ½ ln 2) − ln Γ_d(n_/2), with n_ = d + m + 1.
            int nPrime = d + m + 1;
            double logGammaD = 0.25 * d * (d - 1) * Math.Log(Math.PI);
            for (int q = 1; q <= d; q++) logGammaD += LogGamma(0.5 * nPrime + 0.5 * (1 - q));
            double wishartConstant = nPrime * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - logGammaD;

            var expectedF = FixturePaths.Numbers(File.ReadAllText(Path.Combine(root, "reference", "gmm_test_F_expected.txt")))[0];
            var expectedJ = FixturePaths.Numbers(File.ReadAllText(Path.Combine(root, "reference", "gmm_test_J_expected.txt")));

            var grad = FixtureAssemblies.Get<Grad>(_build, "Fixtures.Gmm", "ObjectiveGrad");
            var dalphas = new double[alphas.Length];
            var dmeans = new double[means.Length];
            var dicf = new double[icf.Length];
            var f = grad(d, k, n, alphas, dalphas, means, dmeans, icf, dicf, x, gamma, m, wishartConstant, 1.0);
            Assert.That(f, Is.EqualTo(expectedF).Within(1e-8));
            var j = dalphas.Concat(dmeans).Concat(dicf).ToArray();
            Assert.That(j.Length, Is.EqualTo(expectedJ.Length));
            for (int i = 0; i < j.Length; i++) Assert.That(j[i], Is.EqualTo(expectedJ[i]).Within(1e-8), $"gradient entry {i}");

            var tangent = FixtureAssemblies.Get<Tangent>(_build, "Fixtures.Gmm", "ObjectiveTangent");
            for (int i = 0; i < j.Length; i++)
            {
                var t = new double[j.Length];
                t[i] = 1;
                var (value, directional) = tangent(d, k, n, alphas, t.Take(k).ToArray(), means, t.Skip(k).Take(k * d).ToArray(),
                    icf, t.Skip(k + k * d).ToArray(), x, gamma, m, wishartConstant);
                Assert.That(value, Is.EqualTo(f));
                Assert.That(directional, Is.EqualTo(expectedJ[i]).Within(1e-8), $"forward entry {i}");
            }
        }

        /// <summary>ln Γ(z) for z &gt; 0 (Lanczos, g = 7, n = 9): only the prior's constant needs it.</summary>
        private static double LogGamma(double z)
        {
            double[] c =
            {
                0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
                12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
            };
            if (z < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * z)) - LogGamma(1 - z);
            z -= 1;
            double a = c[0];
            double t = z + 7.5;
            for (int i = 1; i < 9; i++) a += c[i] / (z + i);
            return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(a);
        }
    }
}
