using System;

namespace Fixtures
{
    /// <summary>
    /// The Jacobian of <see cref="Hand"/>'s objectives written by hand ("Manual", as ADBench calls
    /// it): plain C#, no attributes, the same inputs in the same layouts. Row-major output,
    /// <c>jacobian[r · columns + c]</c>, in ADBench's column order (complicated: the row's own u₀, u₁,
    /// then θ).
    /// <para>
    /// One pass per step: the bones' transforms and, beside them, their derivatives with respect to
    /// the finger angles that move them (an ancestor's or their own: at most 4 per bone), down the
    /// kinematic chain; then, per data point, only the vertices its residuals read are skinned,
    /// with their derivatives, and the global rotation and translation are applied analytically.
    /// Unlike the objective, which poses the whole mesh, this skins 1 vertex per point (simple) or
    /// 3 (complicated), so it does far less work than any derivative of the objective as written.
    /// Nothing is allocated but the <see cref="Workspace"/>, made once per model and reused.
    /// </para>
    /// </summary>
    public static class HandManual
    {
        private const int GlobalCount = 6;

        /// <summary>Buffers for one model size (bones, θ count), reused across calls.</summary>
        public sealed class Workspace
        {
            public Workspace(int boneCount, int thetaCount)
            {
                int fingerCount = thetaCount - GlobalCount;
                Angles = new double[3 * boneCount];
                Transforms = new double[16 * boneCount];
                Absolutes = new double[16 * boneCount];
                Relative = new double[16];
                Rotation = new double[9];
                DRotation = new double[18];
                DRelatives = new double[32];
                DAbsolutes = new double[16 * boneCount * fingerCount];
                DTransforms = new double[16 * boneCount * fingerCount];
                Moves = new ulong[boneCount];
                GlobalRotation = new double[9];
                DGlobalRotation = new double[27];
                Skinned = new double[3 * 3];
                DSkinned = new double[3 * 3 * fingerCount];
                ParamBone = new int[fingerCount];
                ParamAxis = new int[fingerCount];
            }

            /// <summary>Per bone its Euler angles as the pose stores them: x, z, y.</summary>
            internal readonly double[] Angles;
            internal readonly double[] Transforms, Absolutes, Relative, Rotation, DRotation, DRelatives;
            /// <summary>Per bone and finger parameter m, ∂A/∂θ_m and ∂T/∂θ_m (4×4 each) at <c>16·(bone·count + m)</c>.</summary>
            internal readonly double[] DAbsolutes, DTransforms;
            /// <summary>Per bone, bit m set when finger parameter m moves it.</summary>
            internal readonly ulong[] Moves;
            internal readonly double[] GlobalRotation, DGlobalRotation;
            /// <summary>Up to three skinned vertices (before the global transform) and their derivatives by finger parameter.</summary>
            internal readonly double[] Skinned, DSkinned;
            /// <summary>Per finger parameter, the bone whose angle it is and which angle (0: x, 1: z).</summary>
            internal readonly int[] ParamBone, ParamAxis;
        }

        /// <summary>The simple objective's residuals into <paramref name="err"/> and its Jacobian (3n × 26).</summary>
        public static void Jacobian(double[] theta, int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes,
            double[] basePositions, double[] weights, bool isMirrored, int[] correspondences, double[] points, double[] err,
            double[] jacobian, Workspace workspace)
        {
            int fingerCount = theta.Length - GlobalCount;
            int columns = theta.Length;
            BoneTransforms(theta, parents, baseRelatives, inverseBaseAbsolutes, workspace);
            GlobalRotation(theta, workspace);
            var q = workspace.Skinned;
            var dq = workspace.DSkinned;
            for (int i = 0; i < correspondences.Length; i++)
            {
                Skin(correspondences[i], 0, basePositions, weights, isMirrored, fingerCount, workspace);
                Residuals(theta, points, i, q, dq, fingerCount, workspace, err, jacobian, columns, 0);
            }
        }

        /// <summary>The complicated objective's residuals into <paramref name="err"/> and its Jacobian (3n × 28).</summary>
        public static void ComplicatedJacobian(double[] theta, double[] us, int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes,
            double[] basePositions, double[] weights, bool isMirrored, int[] triangles, int[] correspondences, double[] points, double[] err,
            double[] jacobian, Workspace workspace)
        {
            int fingerCount = theta.Length - GlobalCount;
            int columns = theta.Length + 2;
            BoneTransforms(theta, parents, baseRelatives, inverseBaseAbsolutes, workspace);
            GlobalRotation(theta, workspace);
            var q = workspace.Skinned;
            var dq = workspace.DSkinned;
            var r = workspace.GlobalRotation;
            for (int i = 0; i < correspondences.Length; i++)
            {
                int triangle = 3 * correspondences[i];
                for (int corner = 0; corner < 3; corner++)
                {
                    Skin(triangles[triangle + corner], corner, basePositions, weights, isMirrored, fingerCount, workspace);
                }

                // The point u₀·a + u₁·b + (1 − u₀ − u₁)·c goes into slot 0; its u columns are −R·(a − c) and −R·(b − c).
                double u0 = us[2 * i], u1 = us[2 * i + 1], u2 = 1 - u0 - u1;
                for (int j = 0; j < 3; j++)
                {
                    double ac = q[j] - q[6 + j], bc = q[3 + j] - q[6 + j];
                    q[j] = u0 * q[j] + u1 * q[3 + j] + u2 * q[6 + j];
                    q[3 + j] = ac;
                    q[6 + j] = bc;
                }
                for (int m = 0; m < fingerCount; m++)
                {
                    int at = 9 * m;
                    for (int j = 0; j < 3; j++) dq[at + j] = u0 * dq[at + j] + u1 * dq[at + 3 + j] + u2 * dq[at + 6 + j];
                }
                for (int j = 0; j < 3; j++)
                {
                    int row = (3 * i + j) * columns;
                    jacobian[row] = -(r[3 * j] * q[3] + r[3 * j + 1] * q[4] + r[3 * j + 2] * q[5]);
                    jacobian[row + 1] = -(r[3 * j] * q[6] + r[3 * j + 1] * q[7] + r[3 * j + 2] * q[8]);
                }
                Residuals(theta, points, i, q, dq, fingerCount, workspace, err, jacobian, columns, 2);
            }
        }

        /// <summary>
        /// Point i's residuals from its skinned position q (slot 0) and derivatives dq: with P = R·q + t,
        /// err = point − P, ∂err/∂a_k = −∂R/∂a_k·q (global rotation), −I (translation), −R·∂q/∂θ_m (fingers).
        /// </summary>
        private static void Residuals(double[] theta, double[] points, int i, double[] q, double[] dq, int fingerCount, Workspace workspace,
            double[] err, double[] jacobian, int columns, int first)
        {
            var r = workspace.GlobalRotation;
            var dr = workspace.DGlobalRotation;
            for (int j = 0; j < 3; j++)
            {
                int row = (3 * i + j) * columns + first;
                err[3 * i + j] = points[3 * i + j] - (r[3 * j] * q[0] + r[3 * j + 1] * q[1] + r[3 * j + 2] * q[2] + theta[3 + j]);
                for (int k = 0; k < 3; k++)
                {
                    int d = 9 * k + 3 * j;
                    jacobian[row + k] = -(dr[d] * q[0] + dr[d + 1] * q[1] + dr[d + 2] * q[2]);
                    jacobian[row + 3 + k] = j == k ? -1 : 0;
                }
                for (int m = 0; m < fingerCount; m++)
                {
                    int at = 9 * m;
                    jacobian[row + GlobalCount + m] = -(r[3 * j] * dq[at] + r[3 * j + 1] * dq[at + 1] + r[3 * j + 2] * dq[at + 2]);
                }
            }
        }

        /// <summary>
        /// Vertex <paramref name="vertex"/> skinned (before the global transform) into slot
        /// <paramref name="slot"/> of <see cref="Workspace.Skinned"/>, and its derivatives by finger
        /// parameter into the same slot of each parameter's 9 numbers in <see cref="Workspace.DSkinned"/>.
        /// </summary>
        private static void Skin(int vertex, int slot, double[] basePositions, double[] weights, bool isMirrored, int fingerCount, Workspace workspace)
        {
            var t = workspace.Transforms;
            var dt = workspace.DTransforms;
            var q = workspace.Skinned;
            var dq = workspace.DSkinned;
            int boneCount = workspace.Moves.Length;
            int vertexCount = basePositions.Length / 3;
            double x = basePositions[3 * vertex], y = basePositions[3 * vertex + 1], z = basePositions[3 * vertex + 2];
            int s = 3 * slot;
            q[s] = q[s + 1] = q[s + 2] = 0;
            for (int m = 0; m < fingerCount; m++) dq[9 * m + s] = dq[9 * m + s + 1] = dq[9 * m + s + 2] = 0;

            for (int bone = 0; bone < boneCount; bone++)
            {
                double w = weights[bone * vertexCount + vertex];
                if (w == 0) continue;
                for (int row = 0; row < 3; row++)
                {
                    int a = 16 * bone + 4 * row;
                    q[s + row] += w * (t[a] * x + t[a + 1] * y + t[a + 2] * z + t[a + 3]);
                }
                for (ulong moves = workspace.Moves[bone]; moves != 0; moves &= moves - 1)
                {
                    int m = System.Numerics.BitOperations.TrailingZeroCount(moves);
                    for (int row = 0; row < 3; row++)
                    {
                        int a = 16 * (bone * fingerCount + m) + 4 * row;
                        dq[9 * m + s + row] += w * (dt[a] * x + dt[a + 1] * y + dt[a + 2] * z + dt[a + 3]);
                    }
                }
            }

            if (isMirrored)
            {
                q[s] = -q[s];
                for (int m = 0; m < fingerCount; m++) dq[9 * m + s] = -dq[9 * m + s];
            }
        }

        /// <summary>
        /// Every bone's transform T = A · B⁻¹ (A its absolute transform, B⁻¹ its inverse rest
        /// absolute) and ∂T/∂θ_m for the finger parameters that move it: ∂A/∂θ_m is the parent's
        /// ∂A/∂θ_m times the bone's relative transform, or, for the bone's own angle, the parent's A
        /// times the relative transform's derivative.
        /// </summary>
        private static void BoneTransforms(double[] theta, int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes, Workspace workspace)
        {
            int boneCount = parents.Length;
            int fingerCount = theta.Length - GlobalCount;
            var angles = workspace.Angles;
            var rel = workspace.Relative;
            var drel = workspace.DRelatives;
            var abs = workspace.Absolutes;
            var dabs = workspace.DAbsolutes;
            FingerParameters(theta, workspace);

            for (int bone = 0; bone < boneCount; bone++)
            {
                int parent = parents[bone];
                EulerRotation(angles, 3 * bone, workspace.Rotation, workspace.DRotation);

                // The relative transform: the rest relative one with the bone's rotation in its 3×3 block;
                // its derivatives by the x and z angles carry only that block's derivative.
                int b = 16 * bone;
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        double sum = 0, dx = 0, dz = 0;
                        for (int k = 0; k < 3; k++)
                        {
                            double basis = baseRelatives[b + 4 * i + k];
                            sum += basis * workspace.Rotation[3 * k + j];
                            dx += basis * workspace.DRotation[3 * k + j];
                            dz += basis * workspace.DRotation[9 + 3 * k + j];
                        }
                        rel[4 * i + j] = sum;
                        drel[4 * i + j] = dx;
                        drel[16 + 4 * i + j] = dz;
                    }
                    rel[4 * i + 3] = baseRelatives[b + 4 * i + 3];
                    drel[4 * i + 3] = 0;
                    drel[16 + 4 * i + 3] = 0;
                }

                ulong inherited = parent < 0 ? 0 : workspace.Moves[parent];
                ulong moves = inherited;
                if (parent < 0) Copy(rel, 0, abs, b);
                else Multiply(abs, 16 * parent, rel, 0, abs, b);
                for (int m = 0; m < fingerCount; m++)
                {
                    int at = 16 * (bone * fingerCount + m);
                    if ((inherited & (1UL << m)) != 0)
                    {
                        Multiply(dabs, 16 * (parent * fingerCount + m), rel, 0, dabs, at);
                    }
                    else if (workspace.ParamBone[m] == bone)
                    {
                        int d = 16 * workspace.ParamAxis[m];
                        if (parent < 0) Copy(drel, d, dabs, at);
                        else Multiply(abs, 16 * parent, drel, d, dabs, at);
                        moves |= 1UL << m;
                    }
                    else
                    {
                        continue;
                    }
                    Multiply(dabs, at, inverseBaseAbsolutes, b, workspace.DTransforms, at);
                }
                workspace.Moves[bone] = moves;
                Multiply(abs, b, inverseBaseAbsolutes, b, workspace.Transforms, b);
            }
        }

        /// <summary>
        /// θ mapped to the bones' Euler angles as ADBench's pose parameters lay them out: per finger,
        /// its second bone's x and z angles, then its third's and fourth's x angle; every other
        /// angle zero.
        /// </summary>
        private static void FingerParameters(double[] theta, Workspace workspace)
        {
            Array.Clear(workspace.Angles);
            int m = 0;
            for (int finger = 0; finger < 5; finger++)
            {
                for (int joint = 2; joint <= 4; joint++)
                {
                    int bone = 2 + 4 * finger + (joint - 2);
                    for (int axis = 0; axis < (joint == 2 ? 2 : 1); axis++)
                    {
                        workspace.ParamBone[m] = bone;
                        workspace.ParamAxis[m] = axis;
                        workspace.Angles[3 * bone + axis] = theta[GlobalCount + m];
                        m++;
                    }
                }
            }
        }

        /// <summary>
        /// R = Rz·Ry·Rx of the angles stored x, z, y at <paramref name="at"/> (row-major), and into
        /// <paramref name="dr"/> ∂R/∂x = R·Gx and ∂R/∂z = Gz·R (Gx, Gz the generators of rotations
        /// about x and z). The y angle never moves in ADBench's pose, so it has no derivative here.
        /// </summary>
        private static void EulerRotation(double[] angles, int at, double[] r, double[] dr)
        {
            double cx = Math.Cos(angles[at]), sx = Math.Sin(angles[at]);
            double cz = Math.Cos(angles[at + 1]), sz = Math.Sin(angles[at + 1]);
            double cy = Math.Cos(angles[at + 2]), sy = Math.Sin(angles[at + 2]);
            r[0] = cz * cy; r[1] = -sz * cx + cz * sy * sx; r[2] = sz * sx + cz * sy * cx;
            r[3] = sz * cy; r[4] = cz * cx + sz * sy * sx; r[5] = -cz * sx + sz * sy * cx;
            r[6] = -sy; r[7] = cy * sx; r[8] = cy * cx;
            for (int i = 0; i < 3; i++)
            {
                // R·Gx: column 0 zero, column 1 R's column 2, column 2 minus R's column 1.
                dr[3 * i] = 0;
                dr[3 * i + 1] = r[3 * i + 2];
                dr[3 * i + 2] = -r[3 * i + 1];
                // Gz·R: row 0 minus R's row 1, row 1 R's row 0, row 2 zero.
                dr[9 + i] = -r[3 + i];
                dr[12 + i] = r[i];
                dr[15 + i] = 0;
            }
        }

        /// <summary>
        /// The global rotation (Rodrigues, of the angle-axis vector θ[0..2]) and its derivatives
        /// ∂R/∂a_k at <c>9k</c>; the identity and zero below an angle of 10⁻⁴, as the objective has it.
        /// The global scale is 1 in ADBench's pose, so it is left out.
        /// </summary>
        private static void GlobalRotation(double[] theta, Workspace workspace)
        {
            var r = workspace.GlobalRotation;
            var dr = workspace.DGlobalRotation;
            double a0 = theta[0], a1 = theta[1], a2 = theta[2];
            double norm = Math.Sqrt(a0 * a0 + a1 * a1 + a2 * a2);
            if (norm < 1e-4)
            {
                for (int k = 0; k < 9; k++) r[k] = k % 4 == 0 ? 1 : 0;
                Array.Clear(dr);
                return;
            }

            // R = c·I + (1 − c)·n·nᵀ + s·[n]×, n = a/|a|; with ∂|a|/∂a_k = n_k and ∂n/∂a_k = (e_k − n·n_k)/|a|.
            double x = a0 / norm, y = a1 / norm, z = a2 / norm;
            double s = Math.Sin(norm), c = Math.Cos(norm);
            Rodrigues(x, y, z, c, 1 - c, s, r, 0);
            for (int k = 0; k < 3; k++)
            {
                double nk = k == 0 ? x : k == 1 ? y : z;
                double dx = ((k == 0 ? 1 : 0) - x * nk) / norm;
                double dy = ((k == 1 ? 1 : 0) - y * nk) / norm;
                double dz = ((k == 2 ? 1 : 0) - z * nk) / norm;
                double dc = -s * nk, ds = c * nk;
                int d = 9 * k;
                dr[d] = 2 * x * dx * (1 - c) - x * x * dc + dc;
                dr[d + 1] = (dx * y + x * dy) * (1 - c) - x * y * dc - dz * s - z * ds;
                dr[d + 2] = (dx * z + x * dz) * (1 - c) - x * z * dc + dy * s + y * ds;
                dr[d + 3] = (dx * y + x * dy) * (1 - c) - x * y * dc + dz * s + z * ds;
                dr[d + 4] = 2 * y * dy * (1 - c) - y * y * dc + dc;
                dr[d + 5] = (dy * z + y * dz) * (1 - c) - y * z * dc - dx * s - x * ds;
                dr[d + 6] = (dx * z + x * dz) * (1 - c) - x * z * dc - dy * s - y * ds;
                dr[d + 7] = (dy * z + y * dz) * (1 - c) - y * z * dc + dx * s + x * ds;
                dr[d + 8] = 2 * z * dz * (1 - c) - z * z * dc + dc;
            }
        }

        /// <summary>c·I + oneMinusC·n·nᵀ + s·[n]× into r at <paramref name="at"/>, row-major.</summary>
        private static void Rodrigues(double x, double y, double z, double c, double oneMinusC, double s, double[] r, int at)
        {
            r[at] = x * x * oneMinusC + c;
            r[at + 1] = x * y * oneMinusC - z * s;
            r[at + 2] = x * z * oneMinusC + y * s;
            r[at + 3] = x * y * oneMinusC + z * s;
            r[at + 4] = y * y * oneMinusC + c;
            r[at + 5] = y * z * oneMinusC - x * s;
            r[at + 6] = x * z * oneMinusC - y * s;
            r[at + 7] = y * z * oneMinusC + x * s;
            r[at + 8] = z * z * oneMinusC + c;
        }

        /// <summary>c = a · b, 4×4 row-major at offsets; c overlaps neither a nor b.</summary>
        private static void Multiply(double[] a, int aAt, double[] b, int bAt, double[] c, int cAt)
        {
            for (int i = 0; i < 4; i++)
            {
                double a0 = a[aAt + 4 * i], a1 = a[aAt + 4 * i + 1], a2 = a[aAt + 4 * i + 2], a3 = a[aAt + 4 * i + 3];
                for (int j = 0; j < 4; j++)
                {
                    c[cAt + 4 * i + j] = a0 * b[bAt + j] + a1 * b[bAt + 4 + j] + a2 * b[bAt + 8 + j] + a3 * b[bAt + 12 + j];
                }
            }
        }

        private static void Copy(double[] from, int fromAt, double[] to, int toAt) => Array.Copy(from, fromAt, to, toAt, 16);
    }
}
