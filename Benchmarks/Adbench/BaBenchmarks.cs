using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// ADBench bundle adjustment: all residuals (baseline) against the whole sparse Jacobian, as
    /// ADBench times it: per observation the 2 × 15 block of the reprojection residuals (camera 11,
    /// point 3, weight 1) and the weight residual's derivative. Woven: two reverse sweeps per
    /// observation (one per residual row, seeded through the residual array's shadow), which beat
    /// 15 forward sweeps.
    /// </summary>
    [MemoryDiagnoser]
    public class BaBenchmarks
    {
        /// <summary>Columns of one reprojection row: camera (11), point (3), weight (1).</summary>
        public const int BlockColumns = 15;

        private BaProblem _p = null!;
        private double[] _residuals = Array.Empty<double>();
        private double[] _jacobian = Array.Empty<double>();
        private readonly double[] _err = new double[2];
        private readonly double[] _derr = new double[2];
        private readonly double[] _dcam = new double[11];
        private readonly double[] _dx = new double[3];
        private readonly double[] _block = new double[2 * BlockColumns];

        [ParamsSource(nameof(Cases))]
        public string Case { get; set; } = "";

        public static System.Collections.Generic.IEnumerable<string> Cases() => AdbenchSizes.Ba();

        [GlobalSetup]
        public void Setup()
        {
            _p = BaProblem.Read(AdbenchSizes.BaFile(Case)!);
            _residuals = new double[_p.Rows];
            _jacobian = new double[2 * _p.P * BlockColumns + _p.P];
            AdbenchChecks.Ba(_p, WovenJacobian, ManualJacobian);
        }

        [Benchmark(Baseline = true)]
        public double Objective()
        {
            var p = _p;
            for (int i = 0; i < p.P; i++)
            {
                Fixtures.BundleAdjustment.Reprojection(p.Cams[p.CamOf[i]], p.Points[p.PointOf[i]], p.Weights[i], p.Features[i], _err);
                _residuals[2 * i] = _err[0];
                _residuals[2 * i + 1] = _err[1];
                _residuals[2 * p.P + i] = Fixtures.BundleAdjustment.WeightError(p.Weights[i]);
            }
            return _residuals[0];
        }

        [Benchmark]
        public double Woven()
        {
            WovenJacobian(_jacobian);
            return _jacobian[0];
        }

        [Benchmark]
        public double Manual()
        {
            ManualJacobian(_jacobian);
            return _jacobian[0];
        }

        /// <summary>The same layout as <see cref="WovenJacobian"/>, from the hand-written blocks (which come column-major).</summary>
        internal void ManualJacobian(double[] j)
        {
            var p = _p;
            for (int i = 0; i < p.P; i++)
            {
                Fixtures.BundleAdjustmentManual.ReprojectionJacobian(p.Cams[p.CamOf[i]], p.Points[p.PointOf[i]], p.Weights[i], p.Features[i], _err, _block);
                int at = 2 * i * BlockColumns;
                for (int col = 0; col < BlockColumns; col++)
                {
                    j[at + col] = _block[2 * col];
                    j[at + BlockColumns + col] = _block[2 * col + 1];
                }
                j[2 * p.P * BlockColumns + i] = Fixtures.BundleAdjustmentManual.WeightGrad(p.Weights[i], 1.0).Item2;
            }
        }

        /// <summary>Rows 2i, 2i+1: [∂cam (11), ∂point (3), ∂w]; then the p weight rows' ∂w.</summary>
        internal void WovenJacobian(double[] j)
        {
            var p = _p;
            for (int i = 0; i < p.P; i++)
            {
                for (int row = 0; row < 2; row++)
                {
                    Array.Clear(_dcam);
                    Array.Clear(_dx);
                    _derr[row] = 1;
                    _derr[1 - row] = 0;
                    double dw = Fixtures.BundleAdjustment.ReprojectionGrad(p.Cams[p.CamOf[i]], _dcam, p.Points[p.PointOf[i]], _dx, p.Weights[i], p.Features[i], _err, _derr);
                    int at = (2 * i + row) * BlockColumns;
                    Array.Copy(_dcam, 0, j, at, 11);
                    Array.Copy(_dx, 0, j, at + 11, 3);
                    j[at + 14] = dw;
                }
                j[2 * p.P * BlockColumns + i] = Fixtures.BundleAdjustment.WeightGrad(p.Weights[i], 1.0).Item2;
            }
        }
    }
}
