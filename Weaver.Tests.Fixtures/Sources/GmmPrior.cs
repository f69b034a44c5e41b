using System;

namespace Fixtures
{
    /// <summary>
    /// The constant part of ADBench's Wishart prior for <see cref="Gmm"/>, which the objective
    /// takes as an input (it needs the log-gamma function). Shared by the tests and the benchmarks.
    /// </summary>
    public static class GmmPrior
    {
        /// <summary>n′·d·(ln γ − ½ ln 2) − ln Γ_d(n′/2), with n′ = d + m + 1.</summary>
        public static double WishartConstant(int d, double gamma, int m)
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
