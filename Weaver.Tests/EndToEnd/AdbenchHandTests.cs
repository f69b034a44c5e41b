extern alias FixturesUnwoven;

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using Manual = FixturesUnwoven::Fixtures.HandManual;
using Primal = FixturesUnwoven::Fixtures.Hand;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// ADBench's hand-tracking objective (Fixtures.Hand) against ADBench's reference residuals and
    /// Jacobians for its simple and complicated test inputs (shared/adbench/hand, 2 points each),
    /// and, on the first small input of each variant (100 points), against central differences of
    /// the unwoven primal and against the reverse derivative.
    /// <para>
    /// The Jacobian comes from batch forward mode of width 4: 7 sweeps give all 26 θ columns, and
    /// in the complicated variant the two u columns too (seeding u₀ of every point in one lane and
    /// u₁ in another is exact, as each point's u moves only that point's 3 rows). Measured roughly
    /// with a Stopwatch on the 544-vertex model (Release, best of 5 × 30 calls, a busy 2-core
    /// machine), per Jacobian, primal 0.06–0.16 ms: width 4 (7 sweeps) 1.7–2.6 ms; width 8 (4 sweeps)
    /// 2.4–3.2 ms; width 1 (26–28 sweeps) 2.9–4.5 ms; reverse, one sweep per residual row, 8–13 ms for
    /// the 2-point test inputs (6 rows) and 400–450 ms for 100 points (300 rows): each reverse sweep
    /// skins the whole mesh again, and the row count grows with the points while the column count
    /// stays 26 + 2. Width 8 loses to width 4 because each lane has its own tangent arrays, so the
    /// shared primal work no longer dominates a sweep. The reverse derivative stays as the
    /// cross-check: forward and reverse must agree. (The hand-written Jacobian, Fixtures.HandManual,
    /// takes 0.03–0.05 ms: it skins only the vertices the residuals read, where the objective, as
    /// ADBench writes it, poses all 544.)
    /// </para>
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class AdbenchHandTests
    {
        private const int ThetaCount = 26;

        private readonly FixtureBuild _build;

        public AdbenchHandTests(FixtureBuild build) => _build = build;

        private delegate void ObjectiveTangent4(double[] theta, double[] dtheta0, double[] dtheta1, double[] dtheta2, double[] dtheta3,
            int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes, double[] basePositions, double[] weights, bool isMirrored,
            int[] correspondences, double[] points, double[] err, double[] derr0, double[] derr1, double[] derr2, double[] derr3);

        private delegate void ObjectiveGrad(double[] theta, double[] dtheta,
            int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes, double[] basePositions, double[] weights, bool isMirrored,
            int[] correspondences, double[] points, double[] err, double[] derr);

        private delegate void ComplicatedTangent4(double[] theta, double[] dtheta0, double[] dtheta1, double[] dtheta2, double[] dtheta3,
            double[] us, double[] dus0, double[] dus1, double[] dus2, double[] dus3,
            int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes, double[] basePositions, double[] weights, bool isMirrored,
            int[] triangles, int[] correspondences, double[] points, double[] err, double[] derr0, double[] derr1, double[] derr2, double[] derr3);

        private delegate void ComplicatedGrad(double[] theta, double[] dtheta, double[] us, double[] dus,
            int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes, double[] basePositions, double[] weights, bool isMirrored,
            int[] triangles, int[] correspondences, double[] points, double[] err, double[] derr);

        [TestCase("test.txt", "hand_test_simple_")]
        [TestCase("hand_complicated.txt", "hand_test_complicated_")]
        public void ResidualsAndJacobianMatchAdbenchReference(string inputFile, string referencePrefix)
        {
            var root = FixturePaths.Adbench();
            var input = HandInput.Read(Path.Combine(root, "hand", "model"), Path.Combine(root, "hand", inputFile));
            var reference = Path.Combine(root, "reference");
            var expectedF = FixturePaths.Numbers(File.ReadAllText(Path.Combine(reference, referencePrefix + "F_expected.txt")));
            var expectedJ = FixturePaths.Numbers(File.ReadAllText(Path.Combine(reference, referencePrefix + "J_expected.txt")));
            Assert.That(expectedF.Length, Is.EqualTo(input.Rows));
            Assert.That(expectedJ.Length, Is.EqualTo(input.Rows * input.Columns));

            var (f, j) = ForwardJacobian(input, isMirrored: false);
            for (int r = 0; r < input.Rows; r++)
            {
                AssertClose(f[r], expectedF[r], 1e-8, $"residual {r}");
                AssertClose(input.Residuals(false)[r], expectedF[r], 1e-8, $"residual {r} of the primal");
                for (int c = 0; c < input.Columns; c++) AssertClose(j[r, c], expectedJ[r * input.Columns + c], 1e-8, $"J[{r}, {c}] (forward)");
            }

            for (int r = 0; r < input.Rows; r++)
            {
                var row = ReverseRow(input, false, r, out var residuals);
                AssertClose(residuals[r], expectedF[r], 1e-8, $"residual {r} (reverse)");
                for (int c = 0; c < input.Columns; c++) AssertClose(row[c], expectedJ[r * input.Columns + c], 1e-8, $"J[{r}, {c}] (reverse)");
            }
        }

        /// <summary>
        /// The first small input of each variant (100 points), mirrored and not: a seeded sample of
        /// Jacobian entries against central differences of the unwoven primal, and a sample of rows
        /// against reverse sweeps.
        /// </summary>
        [TestCase("simple_small", false)]
        [TestCase("simple_small", true)]
        [TestCase("complicated_small", false)]
        [TestCase("complicated_small", true)]
        public void JacobianMatchesCentralDifferencesAndReverseMode(string folder, bool isMirrored)
        {
            var dir = Path.Combine(FixturePaths.Adbench(), "hand", folder);
            var input = HandInput.Read(Path.Combine(dir, "model"), Path.Combine(dir, "hand1_t26_c100.txt"));
            var (f, j) = ForwardJacobian(input, isMirrored);
            var primal = input.Residuals(isMirrored);
            for (int r = 0; r < input.Rows; r++) Assert.That(f[r], Is.EqualTo(primal[r]), $"residual {r}");

            var random = new Random(20251207);
            for (int sample = 0; sample < 40; sample++)
            {
                int r = random.Next(input.Rows), c = random.Next(input.Columns);
                var parameters = input.ParameterOf(r, c);
                var at = parameters.Array[parameters.Index];
                double Residual(double v)
                {
                    parameters.Array[parameters.Index] = v;
                    try { return input.Residuals(isMirrored)[r]; }
                    finally { parameters.Array[parameters.Index] = at; }
                }
                var expected = FiniteDifferences.Derivative(Residual, at);
                Assert.That(j[r, c], Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected)), $"J[{r}, {c}] against central differences");
            }

            for (int sample = 0; sample < 6; sample++)
            {
                int r = random.Next(input.Rows);
                var row = ReverseRow(input, isMirrored, r, out _);
                for (int c = 0; c < input.Columns; c++) AssertClose(row[c], j[r, c], 1e-12, $"J[{r}, {c}] reverse against forward");
            }
        }

        /// <summary>The hand-written Jacobian (Fixtures.HandManual) against ADBench's references.</summary>
        [TestCase("test.txt", "hand_test_simple_")]
        [TestCase("hand_complicated.txt", "hand_test_complicated_")]
        public void ManualJacobianMatchesAdbenchReference(string inputFile, string referencePrefix)
        {
            var root = FixturePaths.Adbench();
            var input = HandInput.Read(Path.Combine(root, "hand", "model"), Path.Combine(root, "hand", inputFile));
            var reference = Path.Combine(root, "reference");
            var expectedF = FixturePaths.Numbers(File.ReadAllText(Path.Combine(reference, referencePrefix + "F_expected.txt")));
            var expectedJ = FixturePaths.Numbers(File.ReadAllText(Path.Combine(reference, referencePrefix + "J_expected.txt")));
            var (f, j) = ManualJacobian(input, isMirrored: false);
            for (int r = 0; r < input.Rows; r++)
            {
                AssertClose(f[r], expectedF[r], 1e-8, $"residual {r}");
                for (int c = 0; c < input.Columns; c++) AssertClose(j[r * input.Columns + c], expectedJ[r * input.Columns + c], 1e-8, $"J[{r}, {c}]");
            }
        }

        /// <summary>The hand-written Jacobian against the woven one on the 100-point inputs, mirrored and not.</summary>
        [TestCase("simple_small", false)]
        [TestCase("simple_small", true)]
        [TestCase("complicated_small", false)]
        [TestCase("complicated_small", true)]
        public void ManualJacobianMatchesWovenJacobian(string folder, bool isMirrored)
        {
            var dir = Path.Combine(FixturePaths.Adbench(), "hand", folder);
            var input = HandInput.Read(Path.Combine(dir, "model"), Path.Combine(dir, "hand1_t26_c100.txt"));
            var (f, j) = ForwardJacobian(input, isMirrored);
            var (manualF, manualJ) = ManualJacobian(input, isMirrored);
            for (int r = 0; r < input.Rows; r++)
            {
                AssertClose(manualF[r], f[r], 1e-12, $"residual {r}");
                for (int c = 0; c < input.Columns; c++) AssertClose(manualJ[r * input.Columns + c], j[r, c], 1e-12, $"J[{r}, {c}]");
            }
        }

        /// <summary>The residuals and the row-major Jacobian from Fixtures.HandManual, called twice on one workspace.</summary>
        private static (double[] F, double[] J) ManualJacobian(HandInput input, bool isMirrored)
        {
            var workspace = new Manual.Workspace(input.Parents.Length, input.Theta.Length);
            var err = new double[input.Rows];
            var j = new double[input.Rows * input.Columns];
            for (int call = 0; call < 2; call++)
            {
                if (input.IsComplicated)
                {
                    Manual.ComplicatedJacobian(input.Theta, input.Us, input.Parents, input.BaseRelatives, input.InverseBaseAbsolutes, input.BasePositions,
                        input.Weights, isMirrored, input.Triangles, input.Correspondences, input.Points, err, j, workspace);
                }
                else
                {
                    Manual.Jacobian(input.Theta, input.Parents, input.BaseRelatives, input.InverseBaseAbsolutes, input.BasePositions, input.Weights,
                        isMirrored, input.Correspondences, input.Points, err, j, workspace);
                }
            }
            return (err, j);
        }

        /// <summary>|x − y| / max(1, |x| + |y|) ≤ tolerance.</summary>
        private static void AssertClose(double actual, double expected, double tolerance, string what) =>
            Assert.That(Math.Abs(actual - expected) / Math.Max(1, Math.Abs(actual) + Math.Abs(expected)), Is.LessThanOrEqualTo(tolerance),
                $"{what}: {actual.ToString("R", CultureInfo.InvariantCulture)}, expected {expected.ToString("R", CultureInfo.InvariantCulture)}");

        /// <summary>
        /// The residuals and the whole Jacobian in ADBench's layout (complicated: columns 0, 1 the
        /// row's own u, then θ), from batch forward sweeps of width 4.
        /// </summary>
        private (double[] F, double[,] J) ForwardJacobian(HandInput input, bool isMirrored)
        {
            const int width = 4;
            int uColumns = input.Columns - ThetaCount;
            var err = new double[input.Rows];
            var j = new double[input.Rows, input.Columns];
            var dtheta = Enumerable.Range(0, width).Select(_ => new double[ThetaCount]).ToArray();
            var dus = Enumerable.Range(0, width).Select(_ => new double[input.Us.Length]).ToArray();
            var derr = Enumerable.Range(0, width).Select(_ => new double[input.Rows]).ToArray();
            var simple = input.IsComplicated ? null : FixtureAssemblies.Get<ObjectiveTangent4>(_build, "Fixtures.Hand", "ObjectiveTangent4");
            var complicated = input.IsComplicated ? FixtureAssemblies.Get<ComplicatedTangent4>(_build, "Fixtures.Hand", "ComplicatedTangent4") : null;
            for (int first = 0; first < input.Columns; first += width)
            {
                for (int lane = 0; lane < width; lane++)
                {
                    Array.Clear(dtheta[lane]);
                    Array.Clear(dus[lane]);
                    int c = first + lane;
                    if (c >= input.Columns) continue;
                    if (c < uColumns)
                    {
                        for (int point = 0; point < input.Correspondences.Length; point++) dus[lane][2 * point + c] = 1;
                    }
                    else
                    {
                        dtheta[lane][c - uColumns] = 1;
                    }
                }

                if (simple != null)
                {
                    simple(input.Theta, dtheta[0], dtheta[1], dtheta[2], dtheta[3], input.Parents, input.BaseRelatives, input.InverseBaseAbsolutes,
                        input.BasePositions, input.Weights, isMirrored, input.Correspondences, input.Points, err, derr[0], derr[1], derr[2], derr[3]);
                }
                else
                {
                    complicated!(input.Theta, dtheta[0], dtheta[1], dtheta[2], dtheta[3], input.Us, dus[0], dus[1], dus[2], dus[3],
                        input.Parents, input.BaseRelatives, input.InverseBaseAbsolutes, input.BasePositions, input.Weights, isMirrored,
                        input.Triangles, input.Correspondences, input.Points, err, derr[0], derr[1], derr[2], derr[3]);
                }

                for (int lane = 0; lane < width && first + lane < input.Columns; lane++)
                {
                    for (int r = 0; r < input.Rows; r++) j[r, first + lane] = derr[lane][r];
                }
            }
            return (err, j);
        }

        /// <summary>One row of the Jacobian in ADBench's layout, from one reverse sweep seeded at that residual.</summary>
        private double[] ReverseRow(HandInput input, bool isMirrored, int row, out double[] residuals)
        {
            var dtheta = new double[ThetaCount];
            var derr = new double[input.Rows];
            derr[row] = 1;
            residuals = new double[input.Rows];
            if (!input.IsComplicated)
            {
                var grad = FixtureAssemblies.Get<ObjectiveGrad>(_build, "Fixtures.Hand", "ObjectiveGrad");
                grad(input.Theta, dtheta, input.Parents, input.BaseRelatives, input.InverseBaseAbsolutes, input.BasePositions, input.Weights,
                    isMirrored, input.Correspondences, input.Points, residuals, derr);
                Assert.That(derr, Is.All.EqualTo(0), "the seed is reset by the call");
                return dtheta;
            }

            var dus = new double[input.Us.Length];
            var complicated = FixtureAssemblies.Get<ComplicatedGrad>(_build, "Fixtures.Hand", "ComplicatedGrad");
            complicated(input.Theta, dtheta, input.Us, dus, input.Parents, input.BaseRelatives, input.InverseBaseAbsolutes, input.BasePositions,
                input.Weights, isMirrored, input.Triangles, input.Correspondences, input.Points, residuals, derr);
            Assert.That(derr, Is.All.EqualTo(0), "the seed is reset by the call");
            int point = row / 3;
            for (int k = 0; k < dus.Length; k++)
            {
                if (k / 2 != point) Assert.That(dus[k], Is.EqualTo(0), $"row {row} does not depend on u[{k}]");
            }
            return new[] { dus[2 * point], dus[2 * point + 1] }.Concat(dtheta).ToArray();
        }

        /// <summary>An ADBench hand input (<see cref="FixturesUnwoven::Fixtures.HandData"/>, the fixtures' reader) and what the tests ask of it.</summary>
        private sealed class HandInput
        {
            private readonly FixturesUnwoven::Fixtures.HandData _data;

            private HandInput(FixturesUnwoven::Fixtures.HandData data) => _data = data;

            public int[] Parents => _data.Parents;
            public double[] BaseRelatives => _data.BaseRelatives;
            public double[] InverseBaseAbsolutes => _data.InverseBaseAbsolutes;
            public double[] BasePositions => _data.BasePositions;
            public double[] Weights => _data.Weights;
            public int[] Triangles => _data.Triangles;
            public int[] Correspondences => _data.Correspondences;
            public double[] Points => _data.Points;
            public double[] Us => _data.Us;
            public double[] Theta => _data.Theta;
            public bool IsComplicated => _data.IsComplicated;
            public int Rows => _data.Rows;
            public int Columns => _data.Columns;

            public static HandInput Read(string modelDir, string inputPath) => new HandInput(FixturesUnwoven::Fixtures.HandData.Read(modelDir, inputPath));

            /// <summary>The residuals from the unwoven primal.</summary>
            public double[] Residuals(bool isMirrored)
            {
                var err = new double[Rows];
                if (IsComplicated)
                {
                    Primal.ComplicatedObjective(Theta, Us, Parents, BaseRelatives, InverseBaseAbsolutes, BasePositions, Weights, isMirrored,
                        Triangles, Correspondences, Points, err);
                }
                else
                {
                    Primal.Objective(Theta, Parents, BaseRelatives, InverseBaseAbsolutes, BasePositions, Weights, isMirrored, Correspondences, Points, err);
                }
                return err;
            }

            /// <summary>Where the parameter of column <paramref name="column"/> of row <paramref name="row"/> lives.</summary>
            public (double[] Array, int Index) ParameterOf(int row, int column) =>
                IsComplicated && column < 2 ? (Us, 2 * (row / 3) + column) : (Theta, column - (Columns - ThetaCount));
        }
    }
}
