using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>A grid of values held in a field as a double[,]: its shadow is a Grid whose Values has the same shape.</summary>
    public sealed partial class Grid
    {
        public double[,] Values = new double[0, 0];
        public double Spacing = 1;

        // The Dirichlet energy of the grid (½ Σ |∇u|² on a grid of spacing h), through `this`.
        [AutoDiffReverse("DirichletRev", Active, This = Duplicated)]
        [AutoDiffForward("DirichletFwd", Dual, This = Dual)]
        public double Dirichlet()
        {
            double e = 0;
            int n = Values.GetLength(0), m = Values.GetLength(1);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    if (i + 1 < n) { double d = (Values[i + 1, j] - Values[i, j]) / Spacing; e += d * d; }
                    if (j + 1 < m) { double d = (Values[i, j + 1] - Values[i, j]) / Spacing; e += d * d; }
                }
            }
            return 0.5 * e;
        }
    }

    /// <summary>
    /// Multi-dimensional arrays (double[,], float[,,]) as Duplicated/Dual parameters, locals,
    /// fields of objects and outputs: elements read and written (T[,]::Get/Set/Address in IL),
    /// GetLength, Length, foreach.
    /// </summary>
    public static partial class MultiDimArrays
    {
        // y = A·x, written into a Duplicated output (its shadow is the seed in reverse mode).
        [AutoDiffReverse("MatVecRev", Duplicated, Duplicated, Duplicated)]
        [AutoDiffForward("MatVecFwd", Dual, Dual, Dual)]
        public static void MatVec(double[,] a, double[] x, double[] y)
        {
            for (int i = 0; i < a.GetLength(0); i++)
            {
                double s = 0;
                for (int j = 0; j < a.GetLength(1); j++) s += a[i, j] * x[j];
                y[i] = s;
            }
        }

        // The energy of a 5-point Laplacian stencil on the interior, ½ Σ (Δu)², minus a source
        // term Σ f·u with f a Const double[,] of the same type as u.
        [AutoDiffReverse("LaplacianEnergyRev", Duplicated, Const, Active)]
        [AutoDiffForward("LaplacianEnergyFwd", Dual, Const, Dual)]
        public static double LaplacianEnergy(double[,] u, double[,] f)
        {
            double e = 0;
            for (int i = 1; i < u.GetLength(0) - 1; i++)
            {
                for (int j = 1; j < u.GetLength(1) - 1; j++)
                {
                    double lap = u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4 * u[i, j];
                    e += 0.5 * lap * lap - f[i, j] * u[i, j];
                }
            }
            return e;
        }

        // ‖A‖_F = sqrt(Σ a²): GetLength loops.
        [AutoDiffReverse("FrobeniusRev", Duplicated, Active)]
        [AutoDiffForward("FrobeniusFwd", Dual, Dual)]
        [AutoDiffForward("FrobeniusFwd2", 2, Dual, Dual)]
        public static double Frobenius(double[,] a)
        {
            double s = 0;
            for (int i = 0; i < a.GetLength(0); i++)
            {
                for (int j = 0; j < a.GetLength(1); j++) s += a[i, j] * a[i, j];
            }
            return Math.Sqrt(s);
        }

        // The same with foreach (C# walks a double[,] with GetLowerBound/GetUpperBound) and Length.
        [AutoDiffReverse("RmsForeachRev", Duplicated, Active)]
        [AutoDiffForward("RmsForeachFwd", Dual, Dual)]
        public static double RmsForeach(double[,] a)
        {
            double s = 0;
            foreach (var v in a) s += v * v;
            return Math.Sqrt(s / a.Length);
        }

        // A generic helper over T[,] (generic math), inlined with T = float: T[,]::Get closed at the call.
        [AutoDiffReverse("GenericSquaresRev", Duplicated, Active)]
        [AutoDiffForward("GenericSquaresFwd", Dual, Dual)]
        public static float GenericSquares(float[,] a) => WeightedSquares(a, 0.5f);

        private static T WeightedSquares<T>(T[,] a, T w) where T : System.Numerics.INumber<T>
        {
            T s = T.Zero;
            for (int i = 0; i < a.GetLength(0); i++)
            {
                for (int j = 0; j < a.GetLength(1); j++) s += (w + T.CreateChecked(i)) * a[i, j] * a[i, j];
            }
            return s;
        }

        // A float[,,] volume: Σ v³ weighted by position, plus products of neighbours along k.
        [AutoDiffReverse("VolumeRev", Duplicated, Active)]
        [AutoDiffForward("VolumeFwd", Dual, Dual)]
        public static float Volume(float[,,] v)
        {
            float s = 0;
            for (int i = 0; i < v.GetLength(0); i++)
            {
                for (int j = 0; j < v.GetLength(1); j++)
                {
                    for (int k = 0; k < v.GetLength(2); k++)
                    {
                        s += (1 + i + 2 * j + 3 * k) * v[i, j, k] * v[i, j, k] * v[i, j, k];
                        if (k > 0) s += v[i, j, k] * v[i, j, k - 1];
                    }
                }
            }
            return s;
        }

        // Rank 4: the weaver has no rank limit for Duplicated/Dual arrays (T[,,,]::Get, four indices).
        [AutoDiffReverse("Rank4Rev", Duplicated, Active)]
        [AutoDiffForward("Rank4Fwd", Dual, Dual)]
        public static double Rank4(double[,,,] t)
        {
            double s = 0;
            for (int a = 0; a < t.GetLength(0); a++)
                for (int b = 0; b < t.GetLength(1); b++)
                    for (int c = 0; c < t.GetLength(2); c++)
                        for (int d = 0; d < t.GetLength(3); d++) s += t[a, b, c, d] * t[d % t.GetLength(0), c, b, a % t.GetLength(3)];
            return s;
        }

        // A Gaussian kernel matrix built in a local double[,], then xᵀ K x.
        [AutoDiffReverse("KernelQuadraticRev", Duplicated, Active)]
        [AutoDiffForward("KernelQuadraticFwd", Dual, Dual)]
        public static double KernelQuadratic(double[] x)
        {
            int n = x.Length;
            var k = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double d = x[i] - x[j];
                    k[i, j] = Math.Exp(-d * d);
                }
            }
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) s += x[i] * k[i, j] * x[j];
            }
            return s;
        }

        // A local double[,] from constants (an array initializer), and one updated in place
        // (m[i, j] += ..., compound assignments through T[,]::Address).
        [AutoDiffReverse("RotatedSquaresRev", Active, Active, Active)]
        [AutoDiffForward("RotatedSquaresFwd", Dual, Dual, Dual)]
        public static double RotatedSquares(double x, double y)
        {
            var r = new double[,] { { 0.6, -0.8 }, { 0.8, 0.6 } };
            var m = new double[2, 2];
            for (int i = 0; i < 2; i++)
            {
                m[i, 0] += r[i, 0] * x;
                m[i, 1] += r[i, 1] * y;
                m[i, 1] *= m[i, 0];
            }
            return m[0, 0] * m[0, 0] + m[1, 1] + Math.Sin(m[0, 1] + m[1, 0]);
        }

        // C = A·B written into a Duplicated double[,] output.
        [AutoDiffReverse("MatMulRev", Duplicated, Duplicated, Duplicated)]
        [AutoDiffForward("MatMulFwd", Dual, Dual, Dual)]
        public static void MatMul(double[,] a, double[,] b, double[,] c)
        {
            int n = a.GetLength(0), p = a.GetLength(1), m = b.GetLength(1);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    double s = 0;
                    for (int k = 0; k < p; k++) s += a[i, k] * b[k, j];
                    c[i, j] = s;
                }
            }
        }

        // An in-place update of a Duplicated double[,]: each element scaled and squashed, then a
        // sum read back (the reverse sweep must not read the overwritten values).
        [AutoDiffReverse("SquashInPlaceRev", Duplicated, Active, Active)]
        [AutoDiffForward("SquashInPlaceFwd", Dual, Dual, Dual)]
        public static double SquashInPlace(double[,] a, double gain)
        {
            for (int i = 0; i < a.GetLength(0); i++)
            {
                for (int j = 0; j < a.GetLength(1); j++) a[i, j] = Math.Tanh(gain * a[i, j]);
            }
            double s = 0;
            for (int i = 0; i < a.GetLength(0); i++)
            {
                for (int j = 0; j < a.GetLength(1); j++) s += a[i, j] * (i + 1);
            }
            return s;
        }

        // A double[,] held by a Duplicated object, read with its spacing (a field beside it).
        [AutoDiffReverse("GridEnergyRev", Duplicated, Active)]
        [AutoDiffForward("GridEnergyFwd", Dual, Dual)]
        public static double GridEnergy(Grid g) => g.Dirichlet() + g.Values[0, 0] * g.Spacing;

        // A grid of structs (Point[,]): fields read, written in place through T[,]::Address,
        // whole elements copied out and back in (T[,]::Get and Set of a struct).
        [AutoDiffReverse("PointGridRev", Duplicated, Active)]
        [AutoDiffForward("PointGridFwd", Dual, Dual)]
        public static double PointGrid(Point[,] p)
        {
            double s = 0;
            for (int i = 0; i < p.GetLength(0); i++)
            {
                for (int j = 0; j < p.GetLength(1); j++)
                {
                    s += p[i, j].X * p[i, j].Y;
                    p[i, j].X *= 2;
                    var q = p[i, j];
                    q.Y += q.X * q.X;
                    p[i, j] = q;
                }
            }
            for (int i = 0; i < p.GetLength(0); i++)
            {
                for (int j = 0; j < p.GetLength(1); j++) s += Math.Sin(p[i, j].Y) * (1 + i + j);
            }
            return s;
        }

        // A Const double[,] chosen row by row in a ?: with a Duplicated one: it gets a zeroed shadow
        // of its shape on entry (its gradient is dropped, its memory never written).
        [AutoDiffReverse("PickRowsRev", Duplicated, Const, Active)]
        [AutoDiffForward("PickRowsFwd", Dual, Const, Dual)]
        public static double PickRows(double[,] a, double[,] fallback)
        {
            double s = 0;
            for (int i = 0; i < a.GetLength(0); i++)
            {
                var m = a[i, 0] > 0 ? a : fallback;
                s += m[i, 0] * m[i, 1];
            }
            return s;
        }

        // A Const double[,] stored into a Duplicated object's field, then read through it.
        [AutoDiffReverse("SwapInConstRev", Duplicated, Const, Active)]
        [AutoDiffForward("SwapInConstFwd", Dual, Const, Dual)]
        public static double SwapInConst(Grid g, double[,] c)
        {
            double before = g.Values[0, 0] * g.Spacing;
            g.Values = c;
            return before + g.Values[0, 1] * g.Spacing;
        }

        // A double[,] made in the method and stored in a local object's field, read back through it.
        [AutoDiffReverse("LocalGridRev", Duplicated, Active)]
        [AutoDiffForward("LocalGridFwd", Dual, Dual)]
        public static double LocalGrid(double[] x)
        {
            var g = new Grid();
            g.Values = new double[2, x.Length];
            for (int j = 0; j < x.Length; j++)
            {
                g.Values[0, j] = x[j];
                g.Values[1, j] = x[j] * x[j];
            }
            g.Spacing = 0.5;
            return g.Dirichlet();
        }
    }
}
