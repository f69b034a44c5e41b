using System;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// One ADBench GMM instance (gmm/1k/gmm_dD_KK.txt: "d k n", alphas, means, icf, the n points,
    /// "gamma m"), and the constant part of the Wishart prior, which the objective takes as an input.
    /// </summary>
    internal sealed class GmmProblem
    {
        public int D, K, N, M;
        public double Gamma, WishartConstant;
        public double[] Alphas = Array.Empty<double>(), Means = Array.Empty<double>(), Icf = Array.Empty<double>(), X = Array.Empty<double>();

        public int Parameters => Alphas.Length + Means.Length + Icf.Length;

        public static GmmProblem Read(string path)
        {
            var r = new NumberReader(path);
            var p = new GmmProblem { D = r.Int(), K = r.Int(), N = r.Int() };
            int icfSize = p.D * (p.D + 1) / 2;
            p.Alphas = r.Doubles(p.K);
            p.Means = r.Doubles(p.K * p.D);
            p.Icf = r.Doubles(p.K * icfSize);
            p.X = r.Doubles(p.N * p.D);
            p.Gamma = r.Double();
            p.M = r.Int();
            p.WishartConstant = Fixtures.GmmPrior.WishartConstant(p.D, p.Gamma, p.M);
            return p;
        }
    }
}
