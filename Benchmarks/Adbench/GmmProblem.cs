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
            p.WishartConstant = PriorConstant(p.D, p.M, p.Gamma);
            return p;
        }

        /// <summary>n_·d·(ln γ − ½ ln 2) − ln Γ_d(n_/2), with n_ = d + m + 1.</summary>
        private static double PriorConstant(int d, int m, double gamma)
        {
            int nPrime = d + m + 1;
            double logGammaD = 0.25 * d * (d - 1) * Math.Log(Math.PI);
            for (int q = 1; q <= d; q++) logGammaD += LogGamma(0.5 * nPrime + 0.5 * (1 - q));
            return nPrime * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - logGammaD;
        }

        /// <summary>ln Γ(z) for z &gt; 0 (Lanczos, g = 7, n = 9).</summary>
        private static double LogGamma(double z)
        {
            double[] c =
            {
                0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
                12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
            };
            if (z < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * z)) - LogGamma(1 - z);
            z -= 1;
            double a = c[0];
            double t = z + 7.5;
            for (int i = 1; i < 9; i++) a += c[i] / (z + i);
            return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(a);
        }
    }
}
