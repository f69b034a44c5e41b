using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>
    /// ADBench's bundle-adjustment residuals (github.com/microsoft/ADBench, MIT): one observation's
    /// reprojection error through a Rodrigues rotation and radial distortion, written into an
    /// output array (whose shadow is the seed in reverse mode), and the Zach weight error.
    /// </summary>
    public static partial class BundleAdjustment
    {
        [AutoDiffReverse("ReprojectionGrad", Duplicated, Duplicated, Active, Const, Duplicated)]
        [AutoDiffForward("ReprojectionTangent", Dual, Dual, Dual, Const, Dual)]
        public static void Reprojection(double[] cam, double[] x, double w, double[] feat, double[] err)
        {
            // X − C, then rotated by the Rodrigues vector cam[0..2].
            double px = x[0] - cam[3], py = x[1] - cam[4], pz = x[2] - cam[5];
            double r0 = cam[0], r1 = cam[1], r2 = cam[2];
            double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
            double rx, ry, rz;
            if (sqtheta != 0)
            {
                double theta = Math.Sqrt(sqtheta);
                double cos = Math.Cos(theta), sin = Math.Sin(theta);
                double inv = 1 / theta;
                double w0 = r0 * inv, w1 = r1 * inv, w2 = r2 * inv;
                double cx = w1 * pz - w2 * py, cy = w2 * px - w0 * pz, cz = w0 * py - w1 * px;
                double tmp = (w0 * px + w1 * py + w2 * pz) * (1 - cos);
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

            // Projection, radial distortion (cam[9], cam[10]), focal length cam[6], principal point cam[7..8].
            double u = rx / rz, v = ry / rz;
            double rsq = u * u + v * v;
            double l = 1 + cam[9] * rsq + cam[10] * rsq * rsq;
            err[0] = w * (u * l * cam[6] + cam[7] - feat[0]);
            err[1] = w * (v * l * cam[6] + cam[8] - feat[1]);
        }

        [AutoDiffReverse("WeightGrad", Active, Active)]
        public static double WeightError(double w) => 1 - w * w;
    }
}
