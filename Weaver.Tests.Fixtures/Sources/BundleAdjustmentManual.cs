using System;

namespace Fixtures
{
    /// <summary>
    /// Hand-written Jacobians of <see cref="BundleAdjustment.Reprojection"/> and
    /// <see cref="BundleAdjustment.WeightError"/> (ADBench's bundle adjustment), the "Manual" baseline
    /// the woven derivatives are compared with. The camera is ADBench's: Rodrigues vector cam[0..2],
    /// center cam[3..5], focal length cam[6], principal point cam[7..8], radial distortion cam[9..10].
    /// <para>
    /// With p = X − C, P = R(r) p (the Rodrigues rotation), (u, v) = (P₀, P₁) / P₂,
    /// ρ = u² + v², λ = 1 + k₁ρ + k₂ρ² and err = w·(λ f (u, v) + (x₀, y₀) − feat), the chain rule
    /// runs once per residual row e (a 3-vector, ∂err_row/∂P): ∂/∂X = Rᵀe, ∂/∂C = −Rᵀe, and
    /// ∂/∂r = (e·a) ŵ + (b − (b·ŵ) ŵ)/θ with θ = |r|, ŵ = r/θ,
    /// a = −sinθ p + cosθ (ŵ × p) + sinθ (ŵ·p) ŵ (the derivative along θ) and
    /// b = sinθ (p × e) + (1 − cosθ)((ŵ·p) e + (e·ŵ) p) (along ŵ). Where r = 0 the objective uses
    /// P = p + r × p, whose derivatives are ∂/∂X = e + e × r and ∂/∂r = p × e.
    /// </para>
    /// </summary>
    public static class BundleAdjustmentManual
    {
        /// <summary>Columns of a reprojection block: the camera's 11 parameters, the point's 3, the weight.</summary>
        public const int BlockColumns = 15;

        /// <summary>
        /// The two residuals into <paramref name="err"/> and their 2×15 Jacobian block into
        /// <paramref name="jacobian"/>, column-major as ADBench's manual code writes it
        /// (jacobian[2·col + row]; columns 0–10 the camera, 11–13 the point, 14 the weight).
        /// </summary>
        public static void ReprojectionJacobian(double[] cam, double[] x, double w, double[] feat, double[] err, double[] jacobian)
        {
            double px = x[0] - cam[3], py = x[1] - cam[4], pz = x[2] - cam[5];
            double r0 = cam[0], r1 = cam[1], r2 = cam[2];
            double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
            double inverseTheta = 0, cos = 1, sin = 0, w0 = 0, w1 = 0, w2 = 0, wp = 0;
            double rx, ry, rz;
            bool rotated = sqtheta != 0;
            if (rotated)
            {
                double theta = Math.Sqrt(sqtheta);
                cos = Math.Cos(theta);
                sin = Math.Sin(theta);
                inverseTheta = 1 / theta;
                w0 = r0 * inverseTheta; w1 = r1 * inverseTheta; w2 = r2 * inverseTheta;
                double cx = w1 * pz - w2 * py, cy = w2 * px - w0 * pz, cz = w0 * py - w1 * px;
                wp = w0 * px + w1 * py + w2 * pz;
                double tmp = wp * (1 - cos);
                rx = px * cos + cx * sin + w0 * tmp;
                ry = py * cos + cy * sin + w1 * tmp;
                rz = pz * cos + cz * sin + w2 * tmp;
            }
            else
            {
                rx = px + (r1 * pz - r2 * py);
                ry = py + (r2 * px - r0 * pz);
                rz = pz + (r0 * py - r1 * px);
            }

            double iz = 1 / rz;
            double u = rx * iz, v = ry * iz;
            double rsq = u * u + v * v;
            double k1 = cam[9], k2 = cam[10], f = cam[6];
            double l = 1 + k1 * rsq + k2 * rsq * rsq;
            double e0 = u * l * f + cam[7] - feat[0];
            double e1 = v * l * f + cam[8] - feat[1];
            err[0] = w * e0;
            err[1] = w * e1;

            // Intrinsics and weight.
            double wf = w * f;
            jacobian[2 * 6] = w * u * l;      jacobian[2 * 6 + 1] = w * v * l;
            jacobian[2 * 7] = w;              jacobian[2 * 7 + 1] = 0;
            jacobian[2 * 8] = 0;              jacobian[2 * 8 + 1] = w;
            jacobian[2 * 9] = wf * rsq * u;   jacobian[2 * 9 + 1] = wf * rsq * v;
            jacobian[2 * 10] = wf * rsq * rsq * u; jacobian[2 * 10 + 1] = wf * rsq * rsq * v;
            jacobian[2 * 14] = e0;            jacobian[2 * 14 + 1] = e1;

            // ∂err/∂(u, v) = w f (λ I + 2 D (u, v)(u, v)ᵀ), D = ∂λ/∂ρ; then through (u, v) = (P₀, P₁)/P₂.
            double dl = 2 * (k1 + 2 * k2 * rsq);
            double a00 = wf * (l + dl * u * u), a01 = wf * dl * u * v, a11 = wf * (l + dl * v * v);
            Row(jacobian, 0, a00 * iz, a01 * iz, -(a00 * u + a01 * v) * iz,
                rotated, px, py, pz, r0, r1, r2, inverseTheta, cos, sin, w0, w1, w2, wp);
            Row(jacobian, 1, a01 * iz, a11 * iz, -(a01 * u + a11 * v) * iz,
                rotated, px, py, pz, r0, r1, r2, inverseTheta, cos, sin, w0, w1, w2, wp);
        }

        /// <summary>One residual row's camera-extrinsic and point entries from e = ∂err_row/∂P.</summary>
        private static void Row(double[] jacobian, int row, double ex, double ey, double ez, bool rotated,
            double px, double py, double pz, double r0, double r1, double r2,
            double inverseTheta, double cos, double sin, double w0, double w1, double w2, double wp)
        {
            // p × e: the rotation's derivative in the r = 0 branch, and part of b.
            double pex = py * ez - pz * ey, pey = pz * ex - px * ez, pez = px * ey - py * ex;
            double gx, gy, gz, dr0, dr1, dr2;
            if (rotated)
            {
                double we = w0 * ex + w1 * ey + w2 * ez;
                double omc = 1 - cos;
                // Rᵀe = cosθ e + sinθ (e × ŵ) + (1 − cosθ)(ŵ·e) ŵ.
                gx = cos * ex + sin * (ey * w2 - ez * w1) + omc * we * w0;
                gy = cos * ey + sin * (ez * w0 - ex * w2) + omc * we * w1;
                gz = cos * ez + sin * (ex * w1 - ey * w0) + omc * we * w2;
                // e·a = e·(−sinθ p + cosθ (ŵ × p) + sinθ (ŵ·p) ŵ); e·(ŵ × p) = ŵ·(p × e).
                double ea = -sin * (ex * px + ey * py + ez * pz) + cos * (w0 * pex + w1 * pey + w2 * pez) + sin * wp * we;
                double bx = sin * pex + omc * (wp * ex + we * px);
                double by = sin * pey + omc * (wp * ey + we * py);
                double bz = sin * pez + omc * (wp * ez + we * pz);
                double bw = bx * w0 + by * w1 + bz * w2;
                dr0 = ea * w0 + (bx - bw * w0) * inverseTheta;
                dr1 = ea * w1 + (by - bw * w1) * inverseTheta;
                dr2 = ea * w2 + (bz - bw * w2) * inverseTheta;
            }
            else
            {
                // P = p + r × p: ∂/∂p = I + [r]×, so the row is e + e × r; ∂/∂r = p × e.
                gx = ex + (ey * r2 - ez * r1);
                gy = ey + (ez * r0 - ex * r2);
                gz = ez + (ex * r1 - ey * r0);
                dr0 = pex; dr1 = pey; dr2 = pez;
            }
            jacobian[row] = dr0; jacobian[2 + row] = dr1; jacobian[4 + row] = dr2;
            jacobian[6 + row] = -gx; jacobian[8 + row] = -gy; jacobian[10 + row] = -gz;
            jacobian[22 + row] = gx; jacobian[24 + row] = gy; jacobian[26 + row] = gz;
        }

        /// <summary>The weight residual 1 − w² and dret times its derivative −2w, shaped as the woven <c>WeightGrad</c>.</summary>
        public static (double, double) WeightGrad(double w, double dret) => (1 - w * w, -2 * w * dret);
    }
}
