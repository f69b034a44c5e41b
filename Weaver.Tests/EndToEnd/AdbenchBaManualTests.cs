extern alias FixturesUnwoven;

using System;
using System.IO;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.AdbenchInputs;
using Primal = FixturesUnwoven::Fixtures.BundleAdjustment;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// The hand-written bundle-adjustment Jacobian blocks (Fixtures.BundleAdjustmentManual, ADBench's
    /// "Manual" baseline) against ADBench's reference sparse Jacobian on its test input, against the
    /// woven ReprojectionGrad (one reverse sweep per row) on every observation of ba1 with cameras
    /// and points spread out from the one the file gives (camera 0 unrotated, r = 0, the
    /// objective's other branch), and against central differences.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class AdbenchBaManualTests
    {
        private readonly FixtureBuild _build;

        public AdbenchBaManualTests(FixtureBuild build) => _build = build;

        private delegate void ReprojectionJacobian(double[] cam, double[] x, double w, double[] feat, double[] err, double[] jacobian);

        private delegate double ReprojectionGrad(double[] cam, double[] dcam, double[] x, double[] dx, double w, double[] feat, double[] err, double[] derr);

        private const string Type = "Fixtures.BundleAdjustmentManual";

        private ReprojectionJacobian Manual => FixtureAssemblies.Get<ReprojectionJacobian>(_build, Type, "ReprojectionJacobian");

        private static string[] Lines(string path) => File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();

        [Test]
        public void BlocksMatchAdbenchReference()
        {
            var ba = Ba(Path.Combine("ba", "test.txt"));
            var reference = Path.Combine(FixturePaths.Adbench(), "reference");
            var expectedF = Lines(Path.Combine(reference, "ba_test_F_expected.txt")).Where(l => !l.Contains(':')).Select(l => FixturePaths.Numbers(l)[0]).ToArray();
            var j = Lines(Path.Combine(reference, "ba_test_J_expected.txt"));
            var rowStarts = FixturePaths.Numbers(j[2]).Select(v => (int)v).ToArray();
            var cols = FixturePaths.Numbers(j[4]).Select(v => (int)v).ToArray();
            var vals = FixturePaths.Numbers(j[5]);

            var manual = Manual;
            var weightGrad = FixtureAssemblies.Get<Func<double, double, (double, double)>>(_build, Type, "WeightGrad");
            for (int obs = 0; obs < ba.P; obs++)
            {
                int camIndex = obs % ba.N, pointIndex = obs % ba.M;
                var err = new double[2];
                var block = new double[2 * 15];
                manual(ba.Cam, ba.X, ba.W, ba.Feat, err, block);
                for (int r = 0; r < 2; r++)
                {
                    int row = 2 * obs + r;
                    AssertNear(err[r], expectedF[row], 1e-8, $"residual {row}");
                    var expected = Enumerable.Range(rowStarts[row], rowStarts[row + 1] - rowStarts[row]).ToDictionary(e => cols[e], e => vals[e]);
                    Assert.That(expected.Count, Is.EqualTo(15), $"row {row}");
                    for (int c = 0; c < 15; c++)
                    {
                        int col = c < 11 ? 11 * camIndex + c : c < 14 ? 11 * ba.N + 3 * pointIndex + (c - 11) : 11 * ba.N + 3 * ba.M + obs;
                        AssertNear(block[2 * c + r], expected[col], 1e-8, $"J[{row}, {col}]");
                    }
                }

                var (value, dweight) = weightGrad(ba.W, 1.0);
                int weightRow = 2 * ba.P + obs;
                AssertNear(value, expectedF[weightRow], 1e-8, "weight residual");
                Assert.That(rowStarts[weightRow + 1] - rowStarts[weightRow], Is.EqualTo(1));
                AssertNear(dweight, vals[rowStarts[weightRow]], 1e-8, "weight row");
            }
        }

        /// <summary>ba1's sizes, its camera, point, weight and feature spread out so no two observations are alike.</summary>
        private static (double[][] Cams, double[][] Points, double[] Weights, double[][] Feats, int P) Spread()
        {
            var ba = Ba(Path.Combine("ba", "ba1_n49_m7776_p31843.txt"));
            var random = new Random(1);
            double Jitter(double scale) => scale * (2 * random.NextDouble() - 1);
            var cams = Enumerable.Range(0, ba.N).Select(i =>
            {
                var cam = (double[])ba.Cam.Clone();
                for (int c = 0; c < 3; c++) cam[c] = i == 0 ? 0 : cam[c] + Jitter(1);
                for (int c = 3; c < 6; c++) cam[c] += Jitter(5);
                cam[6] *= 1 + Jitter(0.2);
                cam[7] += Jitter(2);
                cam[8] += Jitter(2);
                cam[9] += Jitter(0.05);
                cam[10] += Jitter(0.005);
                return cam;
            }).ToArray();
            var points = Enumerable.Range(0, ba.M).Select(_ => ba.X.Select(v => v + Jitter(5)).ToArray()).ToArray();
            var weights = Enumerable.Range(0, ba.P).Select(_ => 0.2 + 0.8 * random.NextDouble()).ToArray();
            var feats = Enumerable.Range(0, ba.P).Select(_ => ba.Feat.Select(v => v + Jitter(50)).ToArray()).ToArray();
            return (cams, points, weights, feats, ba.P);
        }

        [Test]
        public void BlocksMatchWovenOnEveryBa1Observation()
        {
            var (cams, points, weights, feats, p) = Spread();
            var manual = Manual;
            var woven = FixtureAssemblies.Get<ReprojectionGrad>(_build, "Fixtures.BundleAdjustment", "ReprojectionGrad");
            var err = new double[2];
            var block = new double[2 * 15];
            var wovenErr = new double[2];
            var dcam = new double[11];
            var dx = new double[3];
            var derr = new double[2];
            for (int obs = 0; obs < p; obs++)
            {
                var (cam, x, w, feat) = (cams[obs % cams.Length], points[obs % points.Length], weights[obs], feats[obs]);
                manual(cam, x, w, feat, err, block);
                for (int r = 0; r < 2; r++)
                {
                    Array.Clear(dcam);
                    Array.Clear(dx);
                    derr[r] = 1;
                    var dw = woven(cam, dcam, x, dx, w, feat, wovenErr, derr);
                    AssertNear(err[r], wovenErr[r], 1e-12, $"observation {obs}: residual {r}");
                    var row = dcam.Concat(dx).Append(dw).ToArray();
                    for (int c = 0; c < 15; c++) AssertNear(block[2 * c + r], row[c], 1e-10, $"observation {obs}: J[{r}, {c}]");
                }
            }
        }

        [Test]
        public void BlocksMatchCentralDifferences()
        {
            var (cams, points, weights, feats, _) = Spread();
            var manual = Manual;
            var err = new double[2];
            var block = new double[2 * 15];
            // Observation 0 sees camera 0 (r = 0); the others rotated cameras.
            foreach (var obs in new[] { 0, 1, 17, 30000 })
            {
                var (cam, x, w, feat) = (cams[obs % cams.Length], points[obs % points.Length], weights[obs], feats[obs]);
                manual(cam, x, w, feat, err, block);
                var parameters = cam.Concat(x).Append(w).ToArray();
                for (int r = 0; r < 2; r++)
                {
                    double Residual(double[] q)
                    {
                        var e = new double[2];
                        Primal.Reprojection(q.Take(11).ToArray(), q.Skip(11).Take(3).ToArray(), q[14], feat, e);
                        return e[r];
                    }
                    for (int c = 0; c < 15; c++)
                    {
                        var fd = FiniteDifferences.Derivative(v => { var q = (double[])parameters.Clone(); q[c] = v; return Residual(q); }, parameters[c]);
                        AssertNear(block[2 * c + r], fd, 1e-6, $"observation {obs}: J[{r}, {c}] against central differences");
                    }
                }
            }
        }
    }
}
