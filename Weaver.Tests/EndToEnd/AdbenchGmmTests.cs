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
            var (d, k, n, alphas, means, icf, x, gamma, m, wishartConstant) = AdbenchInputs.Gmm(Path.Combine("gmm", "test.txt"));

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
    }
}
