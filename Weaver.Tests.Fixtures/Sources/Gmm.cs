using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>
    /// ADBench's Gaussian mixture model objective (github.com/microsoft/ADBench, MIT), written out
    /// in one method as scientific code often is: loops over points and components, scratch
    /// arrays, a packed lower-triangular factor, log-sum-exp, and the Wishart prior. The constant
    /// part of the prior (it needs the log-gamma function) comes in as a Const parameter.
    /// </summary>
    public static partial class Gmm
    {
        [AutoDiffReverse("ObjectiveGrad", Const, Const, Const, Duplicated, Duplicated, Duplicated, Const, Const, Const, Const, Active)]
        [AutoDiffForward("ObjectiveTangent", Const, Const, Const, Dual, Dual, Dual, Const, Const, Const, Const, Dual)]
        public static double Objective(int d, int k, int n, double[] alphas, double[] means, double[] icf, double[] x,
            double gamma, int m, double wishartConstant)
        {
            int icfSize = d * (d + 1) / 2;
            var qdiags = new double[d * k];
            var sumQs = new double[k];
            for (int ik = 0; ik < k; ik++)
            {
                sumQs[ik] = 0;
                for (int id = 0; id < d; id++)
                {
                    double logDiag = icf[ik * icfSize + id];
                    sumQs[ik] += logDiag;
                    qdiags[ik * d + id] = Math.Exp(logDiag);
                }
            }

            var xcentered = new double[d];
            var qx = new double[d];
            var mainTerm = new double[k];
            double slse = 0;
            for (int ix = 0; ix < n; ix++)
            {
                for (int ik = 0; ik < k; ik++)
                {
                    for (int id = 0; id < d; id++) xcentered[id] = x[ix * d + id] - means[ik * d + id];
                    for (int id = 0; id < d; id++) qx[id] = qdiags[ik * d + id] * xcentered[id];
                    int l = ik * icfSize + d;
                    for (int i = 0; i < d; i++)
                    {
                        for (int j = i + 1; j < d; j++)
                        {
                            qx[j] += icf[l] * xcentered[i];
                            l++;
                        }
                    }
                    double sqnorm = 0;
                    for (int id = 0; id < d; id++) sqnorm += qx[id] * qx[id];
                    mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * sqnorm;
                }
                double max = mainTerm[0];
                for (int ik = 1; ik < k; ik++) if (mainTerm[ik] > max) max = mainTerm[ik];
                double sum = 0;
                for (int ik = 0; ik < k; ik++) sum += Math.Exp(mainTerm[ik] - max);
                slse += Math.Log(sum) + max;
            }

            double maxAlpha = alphas[0];
            for (int ik = 1; ik < k; ik++) if (alphas[ik] > maxAlpha) maxAlpha = alphas[ik];
            double sumAlpha = 0;
            for (int ik = 0; ik < k; ik++) sumAlpha += Math.Exp(alphas[ik] - maxAlpha);
            double lseAlphas = Math.Log(sumAlpha) + maxAlpha;

            double prior = 0;
            for (int ik = 0; ik < k; ik++)
            {
                double frobenius = 0;
                for (int id = 0; id < d; id++) frobenius += qdiags[ik * d + id] * qdiags[ik * d + id];
                for (int i = d; i < icfSize; i++) frobenius += icf[ik * icfSize + i] * icf[ik * icfSize + i];
                prior += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
            }

            double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
            return constant + slse - n * lseAlphas + prior - k * wishartConstant;
        }
    }
}
