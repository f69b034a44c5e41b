using System;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// One ADBench bundle-adjustment instance. The file holds "n m p" and one camera, one point,
    /// one weight and one feature, which ADBench replicates: n cameras, m points, p observations,
    /// observation i seeing point i mod m from camera i mod n.
    /// </summary>
    internal sealed class BaProblem
    {
        public int N, M, P;
        public double[][] Cams = Array.Empty<double[]>();
        public double[][] Points = Array.Empty<double[]>();
        public double[] Weights = Array.Empty<double>();
        public double[][] Features = Array.Empty<double[]>();
        public int[] CamOf = Array.Empty<int>(), PointOf = Array.Empty<int>();

        /// <summary>Rows of the Jacobian: two reprojection residuals per observation, then one weight residual each.</summary>
        public int Rows => 3 * P;

        public static BaProblem Read(string path)
        {
            var r = new NumberReader(path);
            var b = new BaProblem { N = r.Int(), M = r.Int(), P = r.Int() };
            var cam = r.Doubles(11);
            var point = r.Doubles(3);
            var w = r.Double();
            var feat = r.Doubles(2);
            b.Cams = new double[b.N][];
            for (int i = 0; i < b.N; i++) b.Cams[i] = (double[])cam.Clone();
            b.Points = new double[b.M][];
            for (int i = 0; i < b.M; i++) b.Points[i] = (double[])point.Clone();
            b.Weights = new double[b.P];
            b.Features = new double[b.P][];
            b.CamOf = new int[b.P];
            b.PointOf = new int[b.P];
            for (int i = 0; i < b.P; i++)
            {
                b.Weights[i] = w;
                b.Features[i] = (double[])feat.Clone();
                b.CamOf[i] = i % b.N;
                b.PointOf[i] = i % b.M;
            }
            return b;
        }
    }
}
