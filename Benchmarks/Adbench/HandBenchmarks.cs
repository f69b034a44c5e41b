using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Fixtures;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// ADBench hand tracking (simple and complicated, small and big model, 100–800
    /// correspondences): the residuals (baseline), the woven dense Jacobian — batch forward sweeps
    /// of width 4 (7 sweeps cover the 26 θ columns, and in the complicated variant the 2 u columns,
    /// each seeded for every point at once: a point's u moves only its own rows), the mode the
    /// tests found fastest — and the hand-written Jacobian.
    /// </summary>
    [MemoryDiagnoser]
    public class HandBenchmarks
    {
        private const int Width = 4;
        private HandData _p = null!;
        private double[] _err = Array.Empty<double>(), _jacobian = Array.Empty<double>();
        private double[][] _dtheta = Array.Empty<double[]>(), _dus = Array.Empty<double[]>(), _derr = Array.Empty<double[]>();
        private HandManual.Workspace _workspace = null!;

        [ParamsSource(nameof(Cases))]
        public string Case { get; set; } = "";

        /// <summary>"simple_small_c100" … "complicated_big_c800": the files hand{k}_t26_c{c}.txt of each folder.</summary>
        public static IEnumerable<string> Cases()
        {
            var all = from variant in new[] { "simple", "complicated" }
                      from model in new[] { "small", "big" }
                      from c in new[] { 100, 192, 200, 400, 800 }
                      let name = $"{variant}_{model}_c{c}"
                      where AdbenchData.Folder != null && FileOf(name) != null
                      select name;
            return AdbenchSizes.Only(all);
        }

        private static string? FileOf(string name)
        {
            var parts = name.Split('_');
            var folder = AdbenchData.Path("hand", parts[0] + "_" + parts[1]);
            return Directory.Exists(folder) ? Directory.GetFiles(folder, $"hand*_t26_{parts[2]}.txt").SingleOrDefault() : null;
        }

        [GlobalSetup]
        public void Setup()
        {
            var file = FileOf(Case)!;
            _p = HandData.Read(Path.Combine(Path.GetDirectoryName(file)!, "model"), file);
            _err = new double[_p.Rows];
            _jacobian = new double[_p.Rows * _p.Columns];
            _dtheta = Enumerable.Range(0, Width).Select(_ => new double[HandData.ThetaCount]).ToArray();
            _dus = Enumerable.Range(0, Width).Select(_ => new double[_p.Us.Length]).ToArray();
            _derr = Enumerable.Range(0, Width).Select(_ => new double[_p.Rows]).ToArray();
            _workspace = new HandManual.Workspace(_p.Parents.Length, HandData.ThetaCount);
            AdbenchChecks.Hand(_p, Woven, Manual, () => _jacobian, _err);
        }

        [Benchmark(Baseline = true)]
        public double Objective()
        {
            var p = _p;
            if (p.IsComplicated)
            {
                Hand.ComplicatedObjective(p.Theta, p.Us, p.Parents, p.BaseRelatives, p.InverseBaseAbsolutes, p.BasePositions, p.Weights, false,
                    p.Triangles, p.Correspondences, p.Points, _err);
            }
            else
            {
                Hand.Objective(p.Theta, p.Parents, p.BaseRelatives, p.InverseBaseAbsolutes, p.BasePositions, p.Weights, false, p.Correspondences, p.Points, _err);
            }
            return _err[0];
        }

        /// <summary>Residuals into the error array and the Jacobian, rows × columns, row-major (u columns first in the complicated variant).</summary>
        [Benchmark]
        public double Woven()
        {
            var p = _p;
            int columns = p.Columns, uColumns = columns - HandData.ThetaCount;
            for (int first = 0; first < columns; first += Width)
            {
                for (int lane = 0; lane < Width; lane++)
                {
                    Array.Clear(_dtheta[lane]);
                    Array.Clear(_dus[lane]);
                    int c = first + lane;
                    if (c >= columns) continue;
                    if (c < uColumns)
                    {
                        for (int point = 0; point < p.Correspondences.Length; point++) _dus[lane][2 * point + c] = 1;
                    }
                    else
                    {
                        _dtheta[lane][c - uColumns] = 1;
                    }
                }

                if (p.IsComplicated)
                {
                    Hand.ComplicatedTangent4(p.Theta, _dtheta[0], _dtheta[1], _dtheta[2], _dtheta[3], p.Us, _dus[0], _dus[1], _dus[2], _dus[3],
                        p.Parents, p.BaseRelatives, p.InverseBaseAbsolutes, p.BasePositions, p.Weights, false,
                        p.Triangles, p.Correspondences, p.Points, _err, _derr[0], _derr[1], _derr[2], _derr[3]);
                }
                else
                {
                    Hand.ObjectiveTangent4(p.Theta, _dtheta[0], _dtheta[1], _dtheta[2], _dtheta[3], p.Parents, p.BaseRelatives, p.InverseBaseAbsolutes,
                        p.BasePositions, p.Weights, false, p.Correspondences, p.Points, _err, _derr[0], _derr[1], _derr[2], _derr[3]);
                }

                for (int lane = 0; lane < Width && first + lane < columns; lane++)
                {
                    var d = _derr[lane];
                    for (int r = 0; r < d.Length; r++) _jacobian[r * columns + first + lane] = d[r];
                }
            }
            return _jacobian[0];
        }

        [Benchmark]
        public double Manual()
        {
            var p = _p;
            if (p.IsComplicated)
            {
                HandManual.ComplicatedJacobian(p.Theta, p.Us, p.Parents, p.BaseRelatives, p.InverseBaseAbsolutes, p.BasePositions, p.Weights, false,
                    p.Triangles, p.Correspondences, p.Points, _err, _jacobian, _workspace);
            }
            else
            {
                HandManual.Jacobian(p.Theta, p.Parents, p.BaseRelatives, p.InverseBaseAbsolutes, p.BasePositions, p.Weights, false,
                    p.Correspondences, p.Points, _err, _jacobian, _workspace);
            }
            return _jacobian[0];
        }
    }
}
