extern alias FixturesUnwoven;

using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.ArrayElements;
using Primal = FixturesUnwoven::Fixtures.MultiDimArrays;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Multi-dimensional arrays (double[,], float[,,]) in both modes, on the Fody-woven fixtures
    /// (Debug and Release IL): Duplicated/Dual parameters with shadows of the same shape, outputs,
    /// locals, a field of an object, GetLength, Length and foreach. Each derivative is checked
    /// against central differences of the unwoven primal (or the exact derivative where the
    /// primal is float) and forward against reverse.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class MultiDimArrayTests
    {
        private const string Type = "Fixtures.MultiDimArrays";
        private readonly FixtureBuild _build;

        public MultiDimArrayTests(FixtureBuild build) => _build = build;

        private T Woven<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, Type, name);

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        private static void NearAll(Array actual, double[] expected, string what, double relative = 1e-6)
        {
            var flat = Flat(actual);
            Assert.That(flat, Has.Length.EqualTo(expected.Length), what);
            for (int k = 0; k < flat.Length; k++) Near(flat[k], expected[k], $"{what}[{string.Join(", ", Indices(actual, k))}]", relative);
        }

        private static double[,] Matrix(int n, int m, Func<int, int, double> f)
        {
            var a = new double[n, m];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < m; j++) a[i, j] = f(i, j);
            }
            return a;
        }

        private static double[,] Zeros(double[,] like) => new double[like.GetLength(0), like.GetLength(1)];

        /// <summary>A direction for forward mode: a different value per element, none zero.</summary>
        private static T Direction<T>(T like, double phase) where T : class, System.Collections.IList => Like(like, k => Math.Cos(phase + 1.3 * k) + 0.1);

        [Test]
        public void MatrixVectorProductIntoADuplicatedOutput()
        {
            var rev = Woven<Action<double[,], double[,], double[], double[], double[], double[]>>("MatVecRev");
            var fwd = Woven<Action<double[,], double[,], double[], double[], double[], double[]>>("MatVecFwd");
            var a = Matrix(3, 4, (i, j) => Math.Sin(1 + i + 2.5 * j));
            var x = new[] { 0.5, -1.25, 2.0, 0.75 };
            var w = new[] { 1.5, -0.5, 2.0 };
            double Loss(Array[] p)
            {
                var y = new double[3];
                Primal.MatVec((double[,])p[0], (double[])p[1], y);
                return y.Zip(w, (v, s) => v * s).Sum();
            }
            var g = Gradient(Loss, a, x);

            var (da, dx, yOut, seed) = (Zeros(a), new double[4], new double[3], (double[])w.Clone());
            rev((double[,])a.Clone(), da, (double[])x.Clone(), dx, yOut, seed);
            var expectedY = new double[3];
            Primal.MatVec(a, x, expectedY);
            Assert.That(yOut, Is.EqualTo(expectedY), "the primal ran");
            Assert.That(seed, Is.EqualTo(new double[3]), "an output's shadow is its seed, reset by the call");
            NearAll(da, g[0], "∂L/∂a");
            NearAll(dx, g[1], "∂L/∂x");
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 4; j++) Assert.That(da[i, j], Is.EqualTo(w[i] * x[j]).Within(1e-12), "∂L/∂a[i, j] = w[i]·x[j] exactly");
            }

            var (ta, tx, ty) = (Direction(a, 0.3), Direction(x, 1.1), new double[3]);
            fwd((double[,])a.Clone(), ta, (double[])x.Clone(), tx, new double[3], ty);
            for (int i = 0; i < 3; i++)
            {
                int row = i;
                double YofT(double t)
                {
                    var (at, xt, y) = (Like(a, k => Get(a, k) + t * Get(ta, k)), Like(x, k => x[k] + t * tx[k]), new double[3]);
                    Primal.MatVec(at, xt, y);
                    return y[row];
                }
                Near(ty[i], FiniteDifferences.Derivative(YofT, 0), $"ẏ[{i}]");
            }
            Near(ty.Zip(w, (t, s) => t * s).Sum(), Dot(da, ta) + Dot(dx, tx), "⟨ẏ, w⟩ = ⟨∇L, (ȧ, ẋ)⟩", 1e-12);
        }

        [Test]
        public void LaplacianStencilEnergyWithAConstSource()
        {
            var rev = Woven<Func<double[,], double[,], double[,], double, double>>("LaplacianEnergyRev");
            var fwd = Woven<Func<double[,], double[,], double[,], (double, double)>>("LaplacianEnergyFwd");
            var u = Matrix(5, 6, (i, j) => Math.Sin(0.7 * i) * Math.Cos(0.4 * j) + 0.1 * i * j);
            var f = Matrix(5, 6, (i, j) => 0.3 * i - 0.2 * j);
            var fCopy = (double[,])f.Clone();
            var g = Gradient(p => Primal.LaplacianEnergy((double[,])p[0], f), u);

            var du = Zeros(u);
            var value = rev((double[,])u.Clone(), du, f, 1.0);
            Assert.That(value, Is.EqualTo(Primal.LaplacianEnergy(u, f)));
            NearAll(du, g[0], "∂E/∂u");
            Assert.That(f, Is.EqualTo(fCopy), "a Const array is only read");
            Assert.That(du[0, 0], Is.EqualTo(0.0), "a corner is in no stencil");

            var tu = Direction(u, 0.5);
            var (fvalue, tangent) = fwd((double[,])u.Clone(), tu, f);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(du, tu), "⟨u̇, ∇E⟩", 1e-9);

            var aliased = (double[,])u.Clone();
            Assert.Throws<ArgumentException>(() => rev(aliased, Zeros(u), aliased, 1.0), "the Const f is the very array of the differentiated u");
        }

        [Test]
        public void FrobeniusNormWithGetLengthLoops()
        {
            var rev = Woven<Func<double[,], double[,], double, double>>("FrobeniusRev");
            var fwd = Woven<Func<double[,], double[,], (double, double)>>("FrobeniusFwd");
            var a = Matrix(4, 3, (i, j) => 1.0 / (1 + i + j) - 0.2 * j);
            var da = Zeros(a);
            var norm = rev(a, da, 2.0);
            Assert.That(norm, Is.EqualTo(Primal.Frobenius(a)));
            NearAll(da, Flat(a).Select(v => 2.0 * v / norm).ToArray(), "2·a/‖a‖", 1e-12);
            NearAll(da, Gradient(p => 2 * Primal.Frobenius((double[,])p[0]), a)[0], "central differences");

            var ta = Direction(a, 0.9);
            var (fnorm, tangent) = fwd(a, ta);
            Assert.That(fnorm, Is.EqualTo(norm));
            Near(tangent, Dot(da, ta) / 2, "⟨ȧ, ∇‖a‖⟩", 1e-12);
        }

        [Test]
        public void BatchForwardLanesOverAMatrix()
        {
            var fwd2 = Woven<Func<double[,], double[,], double[,], (double, double, double)>>("FrobeniusFwd2");
            var fwd = Woven<Func<double[,], double[,], (double, double)>>("FrobeniusFwd");
            var a = Matrix(3, 3, (i, j) => Math.Cos(i * 3 + j));
            var (t0, t1) = (Direction(a, 0.2), Direction(a, 2.9));
            var (norm, d0, d1) = fwd2(a, t0, t1);
            Assert.That(norm, Is.EqualTo(Primal.Frobenius(a)));
            Near(d0, Dot(a, t0) / norm, "lane 0: ⟨a, ȧ₀⟩/‖a‖", 1e-12);
            Near(d1, Dot(a, t1) / norm, "lane 1: ⟨a, ȧ₁⟩/‖a‖", 1e-12);
            Assert.That(d1, Is.EqualTo(fwd(a, t1).Item2).Within(1e-15), "a lane is the single-direction tangent");
            Assert.Throws<ArgumentException>(() => fwd2(a, t0, new double[3, 2]), "every lane's shadow is checked");
        }

        [Test]
        public void GridOfStructsReadAndWrittenInPlace()
        {
            var type = FixtureAssemblies.Type(_build, Type);
            var pointType = FixtureAssemblies.Type(_build, "Fixtures.Point");
            Array Points(double[,] xs, double[,] ys)
            {
                var p = Array.CreateInstance(pointType, xs.GetLength(0), xs.GetLength(1));
                for (int i = 0; i < xs.GetLength(0); i++)
                {
                    for (int j = 0; j < xs.GetLength(1); j++)
                    {
                        var point = Activator.CreateInstance(pointType)!;
                        pointType.GetField("X")!.SetValue(point, xs[i, j]);
                        pointType.GetField("Y")!.SetValue(point, ys[i, j]);
                        p.SetValue(point, i, j);
                    }
                }
                return p;
            }
            double Coordinate(Array p, int i, int j, string field) => (double)pointType.GetField(field)!.GetValue(p.GetValue(i, j))!;
            double PrimalOf(double[,] xs, double[,] ys)
            {
                var p = new FixturesUnwoven::Fixtures.Point[xs.GetLength(0), xs.GetLength(1)];
                for (int i = 0; i < xs.GetLength(0); i++)
                {
                    for (int j = 0; j < xs.GetLength(1); j++) p[i, j] = new FixturesUnwoven::Fixtures.Point { X = xs[i, j], Y = ys[i, j] };
                }
                return Primal.PointGrid(p);
            }
            var xs0 = Matrix(2, 3, (i, j) => 0.3 * i - 0.2 * j + 0.1);
            var ys0 = Matrix(2, 3, (i, j) => Math.Sin(i + 2.0 * j));
            var g = Gradient(p => PrimalOf((double[,])p[0], (double[,])p[1]), xs0, ys0);

            var shadow = Points(Zeros(xs0), Zeros(ys0));
            var value = (double)type.GetMethod("PointGridRev")!.Invoke(null, new object[] { Points(xs0, ys0), shadow, 1.0 })!;
            Assert.That(value, Is.EqualTo(PrimalOf(xs0, ys0)));
            for (int i = 0; i < 2; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    Near(Coordinate(shadow, i, j, "X"), g[0][i * 3 + j], $"∂s/∂p[{i}, {j}].X");
                    Near(Coordinate(shadow, i, j, "Y"), g[1][i * 3 + j], $"∂s/∂p[{i}, {j}].Y");
                }
            }

            var (tx, ty) = (Direction(xs0, 0.5), Direction(ys0, 1.5));
            var (fvalue, tangent) = ((double, double))type.GetMethod("PointGridFwd")!.Invoke(null, new object[] { Points(xs0, ys0), Points(tx, ty) })!;
            Assert.That(fvalue, Is.EqualTo(value));
            var reverse = Dot(tx, Like(xs0, k => Coordinate(shadow, k / 3, k % 3, "X"))) + Dot(ty, Like(ys0, k => Coordinate(shadow, k / 3, k % 3, "Y")));
            Near(tangent, reverse, "⟨ṗ, ∇s⟩ with the reverse gradient", 1e-12);
        }

        [Test]
        public void ForeachAndLengthOverADoubleMatrix()
        {
            var rev = Woven<Func<double[,], double[,], double, double>>("RmsForeachRev");
            var fwd = Woven<Func<double[,], double[,], (double, double)>>("RmsForeachFwd");
            var a = Matrix(2, 5, (i, j) => Math.Cos(i + 0.3 * j));
            var da = Zeros(a);
            var rms = rev(a, da, 1.0);
            Assert.That(rms, Is.EqualTo(Primal.RmsForeach(a)));
            NearAll(da, Gradient(p => Primal.RmsForeach((double[,])p[0]), a)[0], "∂rms/∂a");

            var ta = Direction(a, 2.0);
            var (frms, tangent) = fwd(a, ta);
            Assert.That(frms, Is.EqualTo(rms));
            Near(tangent, Dot(da, ta), "⟨ȧ, ∇rms⟩", 1e-12);
        }

        [Test]
        public void FloatVolumeOfRankThree()
        {
            var rev = Woven<Func<float[,,], float[,,], float, float>>("VolumeRev");
            var fwd = Woven<Func<float[,,], float[,,], (float, float)>>("VolumeFwd");
            var v = new float[2, 3, 4];
            v = Like(v, k => 0.5 * Math.Sin(k + 0.25));
            var dv = new float[2, 3, 4];
            var value = rev(v, dv, 1f);
            Assert.That(value, Is.EqualTo(Primal.Volume(v)));
            // The exact gradient, in double: 3·w·v² plus the neighbours along k.
            var expected = new double[v.Length];
            for (int i = 0; i < 2; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    for (int k = 0; k < 4; k++)
                    {
                        double g = 3.0 * (1 + i + 2 * j + 3 * k) * v[i, j, k] * v[i, j, k];
                        if (k > 0) g += v[i, j, k - 1];
                        if (k < 3) g += v[i, j, k + 1];
                        expected[(i * 3 + j) * 4 + k] = g;
                    }
                }
            }
            NearAll(dv, expected, "∂s/∂v", 1e-5);

            var tv = Direction(v, 0.4);
            var (fvalue, tangent) = fwd(v, tv);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(dv, tv), "⟨v̇, ∇s⟩", 1e-5);
        }

        [Test]
        public void GenericHelperOverAFloatMatrix()
        {
            var rev = Woven<Func<float[,], float[,], float, float>>("GenericSquaresRev");
            var fwd = Woven<Func<float[,], float[,], (float, float)>>("GenericSquaresFwd");
            var a = Like(new float[3, 2], k => 0.75 - 0.5 * k);
            var da = new float[3, 2];
            var value = rev(a, da, 1f);
            Assert.That(value, Is.EqualTo(Primal.GenericSquares(a)));
            // Exactly 2·(½ + i)·a[i, j].
            NearAll(da, Flat(Like(a, k => 2 * (0.5 + k / 2) * ArrayElements.Get(a, k))), "∂s/∂a", 1e-6);
            var ta = Direction(a, 0.1);
            var (fvalue, tangent) = fwd(a, ta);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(da, ta), "⟨ȧ, ∇s⟩", 1e-6);
        }

        [Test]
        public void RankFour()
        {
            var rev = Woven<Func<double[,,,], double[,,,], double, double>>("Rank4Rev");
            var fwd = Woven<Func<double[,,,], double[,,,], (double, double)>>("Rank4Fwd");
            var t = Like(new double[2, 3, 3, 2], k => Math.Sin(0.9 * k + 0.2));
            var dt = new double[2, 3, 3, 2];
            var value = rev(t, dt, 1.0);
            Assert.That(value, Is.EqualTo(Primal.Rank4(t)));
            NearAll(dt, Gradient(p => Primal.Rank4((double[,,,])p[0]), t)[0], "∂s/∂t");
            var tt = Direction(t, 0.6);
            var (fvalue, tangent) = fwd(t, tt);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(dt, tt), "⟨ṫ, ∇s⟩", 1e-12);
        }

        [Test]
        public void KernelMatrixBuiltInALocal()
        {
            var rev = Woven<Func<double[], double[], double, double>>("KernelQuadraticRev");
            var fwd = Woven<Func<double[], double[], (double, double)>>("KernelQuadraticFwd");
            var x = new[] { 0.3, -0.8, 1.1, 0.05 };
            var dx = new double[4];
            var value = rev(x, dx, 1.0);
            Assert.That(value, Is.EqualTo(Primal.KernelQuadratic(x)));
            NearAll(dx, Gradient(p => Primal.KernelQuadratic((double[])p[0]), x)[0], "∂(xᵀKx)/∂x");

            var tx = Direction(x, 0.2);
            var (fvalue, tangent) = fwd(x, tx);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(dx, tx), "⟨ẋ, ∇⟩", 1e-12);
        }

        [Test]
        public void LocalMatricesFromAnInitializerAndUpdatedInPlace()
        {
            var rev = Woven<Func<double, double, double, (double, double, double)>>("RotatedSquaresRev");
            var fwd = Woven<Func<double, double, double, double, (double, double)>>("RotatedSquaresFwd");
            var (x, y) = (0.7, -1.3);
            var g = FiniteDifferences.Gradient(p => Primal.RotatedSquares(p[0], p[1]), x, y);
            var (value, dx, dy) = rev(x, y, 1.0);
            Assert.That(value, Is.EqualTo(Primal.RotatedSquares(x, y)));
            Near(dx, g[0], "∂/∂x");
            Near(dy, g[1], "∂/∂y");
            var (fvalue, tangent) = fwd(x, 0.25, y, -2.0);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, 0.25 * dx - 2.0 * dy, "⟨(ẋ, ẏ), ∇⟩", 1e-12);
        }

        [Test]
        public void MatrixProductIntoADuplicatedMatrix()
        {
            var rev = Woven<Action<double[,], double[,], double[,], double[,], double[,], double[,]>>("MatMulRev");
            var fwd = Woven<Action<double[,], double[,], double[,], double[,], double[,], double[,]>>("MatMulFwd");
            var a = Matrix(2, 3, (i, j) => i - 0.5 * j + 0.25);
            var b = Matrix(3, 4, (i, j) => Math.Sin(i * 4 + j));
            var w = Matrix(2, 4, (i, j) => 1.0 + i * 4 + j);
            double Loss(Array[] p)
            {
                var c = new double[2, 4];
                Primal.MatMul((double[,])p[0], (double[,])p[1], c);
                return Dot(c, w);
            }
            var g = Gradient(Loss, a, b);

            var (da, db, c, dc) = (Zeros(a), Zeros(b), new double[2, 4], (double[,])w.Clone());
            rev(a, da, b, db, c, dc);
            var expectedC = new double[2, 4];
            Primal.MatMul(a, b, expectedC);
            Assert.That(c, Is.EqualTo(expectedC), "the primal ran");
            Assert.That(dc, Is.EqualTo(new double[2, 4]), "the output's seed is reset");
            NearAll(da, g[0], "∂L/∂a");
            NearAll(db, g[1], "∂L/∂b");
            // Exactly W·Bᵀ and Aᵀ·W.
            NearAll(da, Flat(Matrix(2, 3, (i, k) => Enumerable.Range(0, 4).Sum(j => w[i, j] * b[k, j]))), "W·Bᵀ", 1e-12);
            NearAll(db, Flat(Matrix(3, 4, (k, j) => Enumerable.Range(0, 2).Sum(i => a[i, k] * w[i, j]))), "Aᵀ·W", 1e-12);

            var (ta, tb, tc) = (Direction(a, 0.1), Direction(b, 0.6), new double[2, 4]);
            fwd(a, ta, b, tb, new double[2, 4], tc);
            var expectedTc = Matrix(2, 4, (i, j) => Enumerable.Range(0, 3).Sum(k => ta[i, k] * b[k, j] + a[i, k] * tb[k, j]));
            NearAll(tc, Flat(expectedTc), "Ċ = ȦB + AḂ", 1e-12);
            Near(Dot(tc, w), Dot(da, ta) + Dot(db, tb), "⟨Ċ, W⟩ = ⟨∇L, (Ȧ, Ḃ)⟩", 1e-12);
        }

        [Test]
        public void DuplicatedMatrixOverwrittenInPlace()
        {
            var rev = Woven<Func<double[,], double[,], double, double, (double, double)>>("SquashInPlaceRev");
            var fwd = Woven<Func<double[,], double[,], double, double, (double, double)>>("SquashInPlaceFwd");
            var a = Matrix(3, 2, (i, j) => 0.4 * i - 0.7 * j + 0.2);
            var gain = 1.3;
            var g = Gradient(p => Primal.SquashInPlace((double[,])p[0], Get((double[])p[1], 0)), a, new[] { gain });

            var (input, da) = ((double[,])a.Clone(), Zeros(a));
            var (value, dgain) = rev(input, da, gain, 1.0);
            var expected = (double[,])a.Clone();
            Assert.That(value, Is.EqualTo(Primal.SquashInPlace(expected, gain)));
            Assert.That(input, Is.EqualTo(expected), "the primal wrote its results into a");
            NearAll(da, g[0], "∂s/∂a");
            Near(dgain, g[1][0], "∂s/∂gain");

            var ta = Direction(a, 1.7);
            var (fvalue, tangent) = fwd((double[,])a.Clone(), ta, gain, 0.5);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(da, Direction(a, 1.7)) + 0.5 * dgain, "⟨(ȧ, ġ), ∇s⟩", 1e-9);
        }

        [Test]
        public void LocalMatrixInALocalObjectsField()
        {
            var rev = Woven<Func<double[], double[], double, double>>("LocalGridRev");
            var fwd = Woven<Func<double[], double[], (double, double)>>("LocalGridFwd");
            var x = new[] { 0.5, 1.5, -0.25 };
            var dx = new double[3];
            var value = rev(x, dx, 1.0);
            Assert.That(value, Is.EqualTo(Primal.LocalGrid(x)));
            NearAll(dx, Gradient(p => Primal.LocalGrid((double[])p[0]), x)[0], "∂E/∂x");
            var tx = Direction(x, 0.8);
            var (fvalue, tangent) = fwd(x, tx);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(dx, tx), "⟨ẋ, ∇E⟩", 1e-12);
        }

        [Test]
        public void ConstMatrixMeetingADuplicatedOneGetsAZeroShadow()
        {
            var rev = Woven<Func<double[,], double[,], double[,], double, double>>("PickRowsRev");
            var fwd = Woven<Func<double[,], double[,], double[,], (double, double)>>("PickRowsFwd");
            var a = Matrix(3, 2, (i, j) => i == 1 ? -1.0 - j : 0.5 + i + j); // row 1 takes the fallback
            var fallback = Matrix(3, 2, (i, j) => 10.0 + i * 2 + j);
            var kept = (double[,])fallback.Clone();
            var da = Zeros(a);
            var value = rev(a, da, fallback, 1.0);
            Assert.That(value, Is.EqualTo(Primal.PickRows(a, fallback)));
            NearAll(da, Gradient(p => Primal.PickRows((double[,])p[0], fallback), a)[0], "∂s/∂a");
            Assert.That(da[1, 0] == 0 && da[1, 1] == 0, "the row read from the Const fallback carries nothing back");
            Assert.That(fallback, Is.EqualTo(kept), "the Const array is never written");

            var ta = Direction(a, 0.7);
            var (fvalue, tangent) = fwd(a, ta, fallback);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(da, ta), "⟨ȧ, ∇s⟩", 1e-12);
        }

        private object NewGrid(double[,] values, double spacing)
        {
            var grid = Activator.CreateInstance(FixtureAssemblies.Type(_build, "Fixtures.Grid"))!;
            grid.GetType().GetField("Values")!.SetValue(grid, values);
            grid.GetType().GetField("Spacing")!.SetValue(grid, spacing);
            return grid;
        }

        private static double GridSpacing(object grid) => (double)grid.GetType().GetField("Spacing")!.GetValue(grid)!;

        private static double[,] GridValues(object grid) => (double[,])grid.GetType().GetField("Values")!.GetValue(grid)!;

        private static double PrimalGridEnergy(double[,] values, double spacing) =>
            Primal.GridEnergy(new FixturesUnwoven::Fixtures.Grid { Values = values, Spacing = spacing });

        [Test]
        public void MatrixHeldInAFieldOfADuplicatedObject()
        {
            var type = FixtureAssemblies.Type(_build, Type);
            var u = Matrix(4, 3, (i, j) => Math.Sin(i - 2.0 * j) + 0.25 * i);
            var h = 0.75;
            var g = Gradient(p => PrimalGridEnergy((double[,])p[0], ArrayElements.Get((double[])p[1], 0)), u, new[] { h });

            var shadowValues = Zeros(u);
            var shadow = NewGrid(shadowValues, 0);
            var value = (double)type.GetMethod("GridEnergyRev")!.Invoke(null, new[] { NewGrid((double[,])u.Clone(), h), shadow, 1.0 })!;
            Assert.That(value, Is.EqualTo(PrimalGridEnergy(u, h)));
            NearAll(shadowValues, g[0], "∂E/∂Values");
            Near(GridSpacing(shadow), g[1][0], "∂E/∂Spacing");

            var tu = Direction(u, 0.35);
            var (fvalue, tangent) = ((double, double))type.GetMethod("GridEnergyFwd")!.Invoke(null, new[] { NewGrid((double[,])u.Clone(), h), NewGrid(tu, -2.0) })!;
            Assert.That(fvalue, Is.EqualTo(value));
            Near(tangent, Dot(shadowValues, tu) - 2.0 * GridSpacing(shadow), "⟨(u̇, ḣ), ∇E⟩", 1e-9);

            // The same energy through `this` (This = Duplicated / Dual).
            var grid = FixtureAssemblies.Type(_build, "Fixtures.Grid");
            var dthis = NewGrid(Zeros(u), 0);
            var energy = (double)grid.GetMethod("DirichletRev")!.Invoke(NewGrid((double[,])u.Clone(), h), new[] { dthis, 1.0 })!;
            Assert.That(energy + u[0, 0] * h, Is.EqualTo(value).Within(1e-12));
            var expectedValues = (double[,])shadowValues.Clone();
            expectedValues[0, 0] -= h;
            NearAll(GridValues(dthis), Flat(expectedValues), "∂Dirichlet/∂Values", 1e-12);
            Near(GridSpacing(dthis), g[1][0] - u[0, 0], "∂Dirichlet/∂Spacing", 1e-9);
            var (e, te) = ((double, double))grid.GetMethod("DirichletFwd")!.Invoke(NewGrid((double[,])u.Clone(), h), new[] { NewGrid(tu, 0.0) })!;
            Assert.That(e, Is.EqualTo(energy));
            Near(te, Dot(GridValues(dthis), tu), "⟨u̇, ∇Dirichlet⟩", 1e-9);
        }

        [Test]
        public void ConstMatrixStoredIntoAFieldOfADuplicatedObject()
        {
            var type = FixtureAssemblies.Type(_build, Type);
            var (u, c, h) = (Matrix(2, 2, (i, j) => 1.5 + i - j), Matrix(2, 2, (i, j) => -2.0 + 3 * i + j), 0.5);
            var kept = (double[,])c.Clone();
            var shadowValues = Zeros(u);
            var shadow = NewGrid(shadowValues, 0);
            var value = (double)type.GetMethod("SwapInConstRev")!.Invoke(null, new[] { NewGrid((double[,])u.Clone(), h), shadow, c, 1.0 })!;
            Assert.That(value, Is.EqualTo(u[0, 0] * h + c[0, 1] * h));
            // ∂/∂Values[0, 0] = h (read before the swap), ∂/∂Spacing = Values[0, 0] + c[0, 1]: exact.
            Assert.That(shadowValues, Is.EqualTo(new[,] { { h, 0.0 }, { 0.0, 0.0 } }));
            Assert.That(GridSpacing(shadow), Is.EqualTo(u[0, 0] + c[0, 1]));
            Assert.That(GridValues(shadow), Is.Not.SameAs(shadowValues).And.EqualTo(new[,] { { 0.0, h }, { 0.0, 0.0 } }),
                "the shadow object's field now holds the Const array's own shadow (zeroed on entry), with the gradient that reached c: dropped, not in the caller's memory");
            Assert.That(c, Is.EqualTo(kept), "the Const array is never written");

            var (fvalue, tangent) = ((double, double))type.GetMethod("SwapInConstFwd")!.Invoke(null, new[] { NewGrid((double[,])u.Clone(), h), NewGrid(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } }, 0.25), c })!;
            Assert.That(fvalue, Is.EqualTo(value));
            Assert.That(tangent, Is.EqualTo(1.0 * h + 0.25 * (u[0, 0] + c[0, 1])).Within(1e-12));
        }

        [Test]
        public void ShadowOfAnotherShapeIsRefusedOnEntry()
        {
            var rev = Woven<Func<double[,], double[,], double, double>>("FrobeniusRev");
            var fwd = Woven<Func<double[,], double[,], (double, double)>>("FrobeniusFwd");
            var a = Matrix(2, 3, (i, j) => i + j);
            var error = Assert.Throws<ArgumentException>(() => rev(a, new double[3, 2], 1.0))!;
            Assert.That(error.Message, Does.Contain("shape [3, 2]").And.Contain("[2, 3]").And.Contain("'FrobeniusRev'"));
            Assert.Throws<ArgumentException>(() => fwd(a, new double[2, 4]), "a larger shadow is another shape too");
            Assert.Throws<ArgumentException>(() => rev(a, null!, 1.0));
        }
    }
}
