using System;
using System.Runtime.CompilerServices;

namespace Fixtures
{
    /// <summary>
    /// A hand-written gradient of <see cref="Gmm.Objective"/> (ADBench's GMM), the "Manual" baseline
    /// the woven <c>Gmm.ObjectiveGrad</c> is compared with. Same signature and contract as the woven
    /// derivative: returns the objective and adds <c>dret</c> times the gradient into
    /// <c>dalphas</c>, <c>dmeans</c>, <c>dicf</c>.
    /// <para>
    /// With Q_k = diag(exp q_k) + L_k (icf: the d log-diagonal entries q_k, then L_k's strictly
    /// lower part column by column), z_ik = Q_k (x_i − μ_k), β_ik = α_k + Σ_j q_kj − ½‖z_ik‖² and
    /// the posterior r_ik = softmax_k(β_ik):
    /// ∂/∂α_k = Σ_i r_ik − n softmax(α)_k;
    /// ∂/∂μ_k = Q_kᵀ Σ_i r_ik z_ik (Q_k does not depend on i: one d×d product per component, after the data);
    /// ∂/∂q_kj = Σ_i r_ik (1 − z_ikj e^{q_kj} (x_i − μ_k)_j) + γ² e^{2 q_kj} − m;
    /// ∂/∂L_k[j, i] = −Σ_i' r_i'k z_i'kj (x_i' − μ_k)_i + γ² L_k[j, i].
    /// One pass over the data: per point, every component's x − μ and z go to scratch rows, then
    /// the log-sum-exp, then the posterior-weighted outer products. Scratch is allocated once per
    /// call; nothing is allocated inside the loops.
    /// </para>
    /// </summary>
    public static class GmmManual
    {
        public static double ObjectiveGrad(int d, int k, int n, double[] alphas, double[] dalphas, double[] means, double[] dmeans,
            double[] icf, double[] dicf, double[] x, double gamma, int m, double wishartConstant, double dret)
        {
            int icfSize = d * (d + 1) / 2;
            var qdiags = new double[k * d];
            var sumQs = new double[k];
            for (int ik = 0; ik < k; ik++)
            {
                double s = 0;
                for (int id = 0; id < d; id++)
                {
                    double q = icf[ik * icfSize + id];
                    s += q;
                    qdiags[ik * d + id] = Math.Exp(q);
                }
                sumQs[ik] = s;
            }

            var xcentered = new double[k * d];   // x_i − μ_k, row k, for the current point
            var qx = new double[k * d];          // z_ik = Q_k (x_i − μ_k), row k
            var terms = new double[k];           // β_ik, then exp(β_ik − max)
            var sumR = new double[k];            // Σ_i r_ik
            var sumRz = new double[k * d];       // dret · Σ_i r_ik z_ik, row k
            double slse = 0;
            for (int ix = 0; ix < n; ix++)
            {
                var xi = new ReadOnlySpan<double>(x, ix * d, d);
                for (int ik = 0; ik < k; ik++)
                {
                    double halfSqnorm = CenterAndTransform(xi, new ReadOnlySpan<double>(means, ik * d, d), new ReadOnlySpan<double>(qdiags, ik * d, d),
                        new ReadOnlySpan<double>(icf, ik * icfSize + d, icfSize - d), new Span<double>(xcentered, ik * d, d), new Span<double>(qx, ik * d, d));
                    terms[ik] = alphas[ik] + sumQs[ik] - halfSqnorm;
                }

                double max = terms[0];
                for (int ik = 1; ik < k; ik++) if (terms[ik] > max) max = terms[ik];
                double sum = 0;
                for (int ik = 0; ik < k; ik++)
                {
                    double e = Math.Exp(terms[ik] - max);
                    terms[ik] = e;
                    sum += e;
                }
                slse += Math.Log(sum) + max;

                // Posterior-weighted contributions: r_ik = terms[ik] / sum.
                double inverse = 1 / sum;
                for (int ik = 0; ik < k; ik++)
                {
                    double r = terms[ik] * inverse;
                    sumR[ik] += r;
                    Accumulate(dret * r, new ReadOnlySpan<double>(xcentered, ik * d, d), new ReadOnlySpan<double>(qx, ik * d, d),
                        new ReadOnlySpan<double>(qdiags, ik * d, d), new Span<double>(sumRz, ik * d, d),
                        new Span<double>(dicf, ik * icfSize, d), new Span<double>(dicf, ik * icfSize + d, icfSize - d));
                }
            }

            double maxAlpha = alphas[0];
            for (int ik = 1; ik < k; ik++) if (alphas[ik] > maxAlpha) maxAlpha = alphas[ik];
            double sumAlpha = 0;
            for (int ik = 0; ik < k; ik++) sumAlpha += Math.Exp(alphas[ik] - maxAlpha);
            double lseAlphas = Math.Log(sumAlpha) + maxAlpha;

            double prior = 0;
            double gamma2 = gamma * gamma;
            for (int ik = 0; ik < k; ik++)
            {
                dalphas[ik] += dret * (sumR[ik] - n * Math.Exp(alphas[ik] - lseAlphas));

                int offset = ik * icfSize;
                double frobenius = 0;
                for (int id = 0; id < d; id++)
                {
                    double e = qdiags[ik * d + id];
                    frobenius += e * e;
                    dicf[offset + id] += dret * (sumR[ik] + gamma2 * e * e - m);
                }
                for (int i = d; i < icfSize; i++)
                {
                    double v = icf[offset + i];
                    frobenius += v * v;
                    dicf[offset + i] += dret * gamma2 * v;
                }
                prior += 0.5 * gamma2 * frobenius - m * sumQs[ik];

                // dμ_k += Q_kᵀ (dret Σ_i r_ik z_ik): entry i is column i of Q_k dotted with the sum.
                var rz = new ReadOnlySpan<double>(sumRz, ik * d, d);
                var dmean = new Span<double>(dmeans, ik * d, d);
                int l = offset + d;
                for (int i = 0; i < d; i++)
                {
                    double s = qdiags[ik * d + i] * rz[i];
                    var column = new ReadOnlySpan<double>(icf, l, d - 1 - i);
                    var below = rz.Slice(i + 1, column.Length);
                    for (int j = 0; j < column.Length; j++) s += column[j] * below[j];
                    dmean[i] += s;
                    l += column.Length;
                }
            }

            double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
            return constant + slse - n * lseAlphas + prior - k * wishartConstant;
        }

        // The two kernels run once per point and component: inlined, because at d = 2 the calls
        // alone cost a fifth of the gradient's time.

        /// <summary>
        /// xc = x − μ and z = Q xc, Q = diag(qdiag) + L (<paramref name="lower"/>: L's strictly lower
        /// part, column by column); returns ½‖z‖².
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double CenterAndTransform(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> qdiag,
            ReadOnlySpan<double> lower, Span<double> xc, Span<double> z)
        {
            int d = z.Length;
            for (int j = 0; j < d; j++)
            {
                double c = x[j] - mean[j];
                xc[j] = c;
                z[j] = qdiag[j] * c;
            }
            int l = 0;
            for (int i = 0; i < d - 1; i++)
            {
                double c = xc[i];
                var column = lower.Slice(l, d - 1 - i);
                var below = z.Slice(i + 1, column.Length);
                for (int j = 0; j < column.Length; j++) below[j] += column[j] * c;
                l += column.Length;
            }
            double sqnorm = 0;
            for (int j = 0; j < d; j++) sqnorm += z[j] * z[j];
            return 0.5 * sqnorm;
        }

        /// <summary>
        /// One point's contribution to one component, <paramref name="weight"/> = dret·r_ik:
        /// rz += weight·z; dq_j −= weight·z_j·qdiag_j·xc_j; dL[j, i] −= weight·z_j·xc_i for j &gt; i.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Accumulate(double weight, ReadOnlySpan<double> xc, ReadOnlySpan<double> z, ReadOnlySpan<double> qdiag,
            Span<double> rz, Span<double> dq, Span<double> dlower)
        {
            int d = z.Length;
            for (int j = 0; j < d; j++)
            {
                double wz = weight * z[j];
                rz[j] += wz;
                dq[j] -= wz * qdiag[j] * xc[j];
            }
            int l = 0;
            for (int i = 0; i < d - 1; i++)
            {
                double c = weight * xc[i];
                var column = dlower.Slice(l, d - 1 - i);
                var below = z.Slice(i + 1, column.Length);
                for (int j = 0; j < column.Length; j++) column[j] -= below[j] * c;
                l += column.Length;
            }
        }
    }
}
