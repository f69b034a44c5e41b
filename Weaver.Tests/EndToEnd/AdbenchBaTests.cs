using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// ADBench's bundle-adjustment test input (shared/adbench/ba/test.txt) against ADBench's
    /// reference residuals and sparse Jacobian (absolute tolerance 1e-8): each reprojection row is
    /// one reverse sweep seeded through the output array's shadow, and each column one forward
    /// sweep; the weight rows come from the scalar derivative.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class AdbenchBaTests
    {
        private readonly FixtureBuild _build;

        public AdbenchBaTests(FixtureBuild build) => _build = build;

        private delegate double ReprojectionGrad(double[] cam, double[] dcam, double[] x, double[] dx, double w, double[] feat, double[] err, double[] derr);

        private delegate void ReprojectionTangent(double[] cam, double[] dcam, double[] x, double[] dx, double w, double dw, double[] feat, double[] err, double[] derr);

        private static string[] Lines(string path) => File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();

        [Test]
        public void ResidualsAndJacobianMatchAdbenchReference()
        {
            var root = Path.Combine(FixturePaths.Adbench(), "ba");
            var input = Lines(Path.Combine(root, "test.txt"));
            var sizes = FixturePaths.Numbers(input[0]);
            int n = (int)sizes[0], m = (int)sizes[1], p = (int)sizes[2];
            var cam = FixturePaths.Numbers(input[1]);
            var x = FixturePaths.Numbers(input[2]);
            var w = FixturePaths.Numbers(input[3])[0];
            var feat = FixturePaths.Numbers(input[4]);

            var reference = Path.Combine(FixturePaths.Adbench(), "reference");
            var expectedF = Lines(Path.Combine(reference, "ba_test_F_expected.txt")).Where(l => !l.Contains(':')).Select(l => FixturePaths.Numbers(l)[0]).ToArray();
            var j = Lines(Path.Combine(reference, "ba_test_J_expected.txt"));
            var shape = FixturePaths.Numbers(j[0]);
            var rowStarts = FixturePaths.Numbers(j[2]).Select(v => (int)v).ToArray();
            var cols = FixturePaths.Numbers(j[4]).Select(v => (int)v).ToArray();
            var vals = FixturePaths.Numbers(j[5]);
            Assert.That(((int)shape[0], (int)shape[1]), Is.EqualTo((2 * p + p, 11 * n + 3 * m + p)));

            var grad = FixtureAssemblies.Get<ReprojectionGrad>(_build, "Fixtures.BundleAdjustment", "ReprojectionGrad");
            var tangent = FixtureAssemblies.Get<ReprojectionTangent>(_build, "Fixtures.BundleAdjustment", "ReprojectionTangent");
            var weightGrad = FixtureAssemblies.Get<Func<double, double, (double, double)>>(_build, "Fixtures.BundleAdjustment", "WeightGrad");

            for (int obs = 0; obs < p; obs++)
            {
                int camIndex = obs % n, pointIndex = obs % m;
                for (int r = 0; r < 2; r++)
                {
                    // Reverse: the output's shadow is the seed e_r; gradients are added into zeroed shadows.
                    var err = new double[2];
                    var derr = new double[2];
                    derr[r] = 1;
                    var dcam = new double[11];
                    var dx = new double[3];
                    var dw = grad(cam, dcam, x, dx, w, feat, err, derr);
                    Assert.That(err[r], Is.EqualTo(expectedF[2 * obs + r]).Within(1e-8), $"residual {2 * obs + r}");
                    Assert.That(derr, Is.EqualTo(new double[2]), "the seed is reset by the call");
                    var row = 2 * obs + r;
                    var expected = Enumerable.Range(rowStarts[row], rowStarts[row + 1] - rowStarts[row]).ToDictionary(e => cols[e], e => vals[e]);
                    var actual = dcam.Select((v, c) => (Col: 11 * camIndex + c, v))
                        .Concat(dx.Select((v, c) => (Col: 11 * n + 3 * pointIndex + c, v)))
                        .Append((Col: 11 * n + 3 * m + obs, v: dw));
                    foreach (var (col, value) in actual)
                    {
                        Assert.That(value, Is.EqualTo(expected[col]).Within(1e-8), $"J[{row}, {col}] (reverse)");
                    }
                }
            }

            // Forward: one column at a time for the first observation's parameters.
            for (int c = 0; c < 15; c++)
            {
                var dcam = new double[11];
                var dx = new double[3];
                double dw = 0;
                if (c < 11) dcam[c] = 1; else if (c < 14) dx[c - 11] = 1; else dw = 1;
                var derr = new double[2];
                tangent(cam, dcam, x, dx, w, dw, feat, new double[2], derr);
                int col = c < 11 ? c : c < 14 ? 11 * n + (c - 11) : 11 * n + 3 * m;
                for (int r = 0; r < 2; r++)
                {
                    var e = Enumerable.Range(rowStarts[r], rowStarts[r + 1] - rowStarts[r]).Single(k => cols[k] == col);
                    Assert.That(derr[r], Is.EqualTo(vals[e]).Within(1e-8), $"J[{r}, {col}] (forward)");
                }
            }

            for (int obs = 0; obs < p; obs++)
            {
                var (value, dweight) = weightGrad(w, 1.0);
                Assert.That(value, Is.EqualTo(expectedF[2 * p + obs]).Within(1e-8), "weight residual");
                var row = 2 * p + obs;
                Assert.That(rowStarts[row + 1] - rowStarts[row], Is.EqualTo(1));
                Assert.That(dweight, Is.EqualTo(vals[rowStarts[row]]).Within(1e-8), "weight row");
            }
        }
    }
}
