using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>
    /// ADBench's hand-tracking objective (github.com/microsoft/ADBench, MIT), structured as its
    /// authors structure it: pose parameters → relative bone transforms → absolute transforms down
    /// the kinematic chain → linear blend skinning of the rigged mesh → global rotation and
    /// translation → residuals against the data points. The model comes in as Const arrays, as
    /// ADBench's C interface passes it:
    /// <list type="bullet">
    /// <item><c>parents</c>: per bone, its parent's index (−1 for the root); a parent comes before its children.</item>
    /// <item><c>baseRelatives</c>, <c>inverseBaseAbsolutes</c>: per bone a 4×4 matrix, row-major, 16 numbers each.</item>
    /// <item><c>basePositions</c>: the rest mesh, x, y, z per vertex.</item>
    /// <item><c>weights</c>: skinning weights, bone-major: <c>weights[bone · vertexCount + vertex]</c>.</item>
    /// <item><c>points</c>: x, y, z per correspondence; <c>triangles</c>: three vertex indices each.</item>
    /// </list>
    /// <c>theta</c> holds the 26 pose parameters: global rotation (angle-axis, 3), global
    /// translation (3), then per finger (thumb, index, middle, ring, pinky) two angles of its base
    /// joint and one of each of the two joints above it.
    /// </summary>
    public static partial class Hand
    {
        /// <summary>
        /// The simple variant: each data point corresponds to a mesh vertex;
        /// <c>err[3i + j] = points[3i + j] − skinned[correspondences[i]][j]</c>.
        /// </summary>
        [AutoDiffForward("ObjectiveTangent4", 4, Dual, Const, Const, Const, Const, Const, Const, Const, Const, Dual)]
        [AutoDiffReverse("ObjectiveGrad", Duplicated, Const, Const, Const, Const, Const, Const, Const, Const, Duplicated)]
        public static void Objective(double[] theta, int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes,
            double[] basePositions, double[] weights, bool isMirrored, int[] correspondences, double[] points, double[] err)
        {
            var positions = new double[basePositions.Length];
            SkinnedVertexPositions(theta, parents, baseRelatives, inverseBaseAbsolutes, basePositions, weights, isMirrored, positions);
            for (int i = 0; i < correspondences.Length; i++)
            {
                int vertex = correspondences[i];
                for (int j = 0; j < 3; j++) err[3 * i + j] = points[3 * i + j] - positions[3 * vertex + j];
            }
        }

        /// <summary>
        /// The complicated variant: data point i corresponds to a point of triangle
        /// <c>correspondences[i]</c> with vertices a, b, c, placed by its own two parameters
        /// <c>us[2i], us[2i + 1]</c>: <c>u₀·a + u₁·b + (1 − u₀ − u₁)·c</c>.
        /// </summary>
        [AutoDiffForward("ComplicatedTangent4", 4, Dual, Dual, Const, Const, Const, Const, Const, Const, Const, Const, Const, Dual)]
        [AutoDiffReverse("ComplicatedGrad", Duplicated, Duplicated, Const, Const, Const, Const, Const, Const, Const, Const, Const, Duplicated)]
        public static void ComplicatedObjective(double[] theta, double[] us, int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes,
            double[] basePositions, double[] weights, bool isMirrored, int[] triangles, int[] correspondences, double[] points, double[] err)
        {
            var positions = new double[basePositions.Length];
            SkinnedVertexPositions(theta, parents, baseRelatives, inverseBaseAbsolutes, basePositions, weights, isMirrored, positions);
            for (int i = 0; i < correspondences.Length; i++)
            {
                int triangle = 3 * correspondences[i];
                int a = triangles[triangle], b = triangles[triangle + 1], c = triangles[triangle + 2];
                double u0 = us[2 * i], u1 = us[2 * i + 1];
                for (int j = 0; j < 3; j++)
                {
                    double handPoint = u0 * positions[3 * a + j] + u1 * positions[3 * b + j] + (1 - u0 - u1) * positions[3 * c + j];
                    err[3 * i + j] = points[3 * i + j] - handPoint;
                }
            }
        }

        /// <summary>
        /// The posed mesh: x, y, z per vertex written into <paramref name="positions"/> (zeroed by
        /// the caller), skinned by every bone's transform, mirrored if asked, then rotated and
        /// translated by the global pose.
        /// </summary>
        private static void SkinnedVertexPositions(double[] theta, int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes,
            double[] basePositions, double[] weights, bool isMirrored, double[] positions)
        {
            int boneCount = parents.Length;
            int vertexCount = basePositions.Length / 3;
            var pose = new double[3 * (boneCount + 3)];
            ToPoseParams(theta, pose);

            var relatives = new double[16 * boneCount];
            PosedRelatives(baseRelatives, pose, relatives);
            var absolutes = new double[16 * boneCount];
            RelativesToAbsolutes(relatives, parents, absolutes);

            // A bone's transform takes a rest-pose vertex to the bone's frame, then poses it.
            var transforms = new double[16 * boneCount];
            for (int bone = 0; bone < boneCount; bone++)
            {
                MatMul(absolutes, 16 * bone, inverseBaseAbsolutes, 16 * bone, transforms, 16 * bone, 4);
            }

            // Linear blend skinning: each vertex is the weighted sum of its rest position moved by every bone.
            for (int bone = 0; bone < boneCount; bone++)
            {
                int t = 16 * bone;
                for (int vertex = 0; vertex < vertexCount; vertex++)
                {
                    double w = weights[bone * vertexCount + vertex];
                    double x = basePositions[3 * vertex], y = basePositions[3 * vertex + 1], z = basePositions[3 * vertex + 2];
                    for (int row = 0; row < 3; row++)
                    {
                        int m = t + 4 * row;
                        positions[3 * vertex + row] += w * (transforms[m] * x + transforms[m + 1] * y + transforms[m + 2] * z + transforms[m + 3]);
                    }
                }
            }

            if (isMirrored)
            {
                for (int vertex = 0; vertex < vertexCount; vertex++) positions[3 * vertex] = -positions[3 * vertex];
            }

            ApplyGlobalTransform(pose, positions);
        }

        /// <summary>
        /// ADBench's pose matrix, 3 × (bones + 3), column-major (<c>pose[3·column + row]</c>): column 0
        /// the global rotation, 1 the global scale (ones), 2 the global translation, 3 + b the Euler
        /// angles of bone b. The wrist, each finger's first bone and the forearm stay at zero; of each
        /// finger's second bone two angles move, of its third and fourth one each.
        /// </summary>
        private static void ToPoseParams(double[] theta, double[] pose)
        {
            for (int row = 0; row < 3; row++)
            {
                pose[row] = theta[row];
                pose[3 + row] = 1;
                pose[6 + row] = theta[3 + row];
            }

            int next = 6;
            int column = 5;
            for (int finger = 0; finger < 5; finger++)
            {
                for (int joint = 2; joint <= 4; joint++)
                {
                    pose[3 * column] = theta[next++];
                    if (joint == 2) pose[3 * column + 1] = theta[next++];
                    column++;
                }
                column++;
            }
        }

        /// <summary>Each bone's posed transform relative to its parent: its rest relative transform, then its rotation.</summary>
        private static void PosedRelatives(double[] baseRelatives, double[] pose, double[] relatives)
        {
            int boneCount = relatives.Length / 16;
            var rotation = new double[9];
            var local = new double[16];
            for (int bone = 0; bone < boneCount; bone++)
            {
                EulerAnglesToRotationMatrix(pose, 3 * (bone + 3), rotation);
                for (int row = 0; row < 4; row++)
                {
                    for (int col = 0; col < 4; col++)
                    {
                        local[4 * row + col] = row < 3 && col < 3 ? rotation[3 * row + col] : row == col ? 1 : 0;
                    }
                }
                MatMul(baseRelatives, 16 * bone, local, 0, relatives, 16 * bone, 4);
            }
        }

        /// <summary>Absolute transforms down the kinematic chain: a bone's is its parent's times its relative one.</summary>
        private static void RelativesToAbsolutes(double[] relatives, int[] parents, double[] absolutes)
        {
            for (int bone = 0; bone < parents.Length; bone++)
            {
                if (parents[bone] == -1)
                {
                    for (int k = 0; k < 16; k++) absolutes[16 * bone + k] = relatives[16 * bone + k];
                }
                else
                {
                    MatMul(absolutes, 16 * parents[bone], relatives, 16 * bone, absolutes, 16 * bone, 4);
                }
            }
        }

        /// <summary>
        /// The rotation matrix (row-major 3×3) of the angles stored x, z, y at <paramref name="at"/>:
        /// R = Rz · Ry · Rx.
        /// </summary>
        private static void EulerAnglesToRotationMatrix(double[] xzy, int at, double[] r)
        {
            double tx = xzy[at], ty = xzy[at + 2], tz = xzy[at + 1];
            double cx = Math.Cos(tx), sx = Math.Sin(tx);
            double cy = Math.Cos(ty), sy = Math.Sin(ty);
            double cz = Math.Cos(tz), sz = Math.Sin(tz);
            var rx = new double[] { 1, 0, 0, 0, cx, -sx, 0, sx, cx };
            var ry = new double[] { cy, 0, sy, 0, 1, 0, -sy, 0, cy };
            var rz = new double[] { cz, -sz, 0, sz, cz, 0, 0, 0, 1 };
            var zy = new double[9];
            MatMul(rz, 0, ry, 0, zy, 0, 3);
            MatMul(zy, 0, rx, 0, r, 0, 3);
        }

        /// <summary>
        /// The rotation matrix (row-major 3×3) of the angle-axis vector at <paramref name="at"/>
        /// (Rodrigues' formula); the identity for an angle below 10⁻⁴, as ADBench has it.
        /// </summary>
        private static void AngleAxisToRotationMatrix(double[] angleAxis, int at, double[] r)
        {
            double a0 = angleAxis[at], a1 = angleAxis[at + 1], a2 = angleAxis[at + 2];
            double norm = Math.Sqrt(a0 * a0 + a1 * a1 + a2 * a2);
            if (norm < 1e-4)
            {
                for (int k = 0; k < 9; k++) r[k] = k % 4 == 0 ? 1 : 0;
                return;
            }

            double x = a0 / norm, y = a1 / norm, z = a2 / norm;
            double s = Math.Sin(norm), c = Math.Cos(norm);
            r[0] = x * x + (1 - x * x) * c;
            r[1] = x * y * (1 - c) - z * s;
            r[2] = x * z * (1 - c) + y * s;
            r[3] = x * y * (1 - c) + z * s;
            r[4] = y * y + (1 - y * y) * c;
            r[5] = y * z * (1 - c) - x * s;
            r[6] = x * z * (1 - c) - y * s;
            r[7] = z * y * (1 - c) + x * s;
            r[8] = z * z + (1 - z * z) * c;
        }

        /// <summary>
        /// The global pose, in place: each vertex p becomes R · S · p + t, with R the rotation of
        /// pose column 0, S the diagonal scale of column 1 and t the translation of column 2.
        /// </summary>
        private static void ApplyGlobalTransform(double[] pose, double[] positions)
        {
            var r = new double[9];
            AngleAxisToRotationMatrix(pose, 0, r);
            for (int row = 0; row < 3; row++)
            {
                for (int col = 0; col < 3; col++) r[3 * row + col] *= pose[3 + col];
            }

            int vertexCount = positions.Length / 3;
            for (int vertex = 0; vertex < vertexCount; vertex++)
            {
                double x = positions[3 * vertex], y = positions[3 * vertex + 1], z = positions[3 * vertex + 2];
                for (int row = 0; row < 3; row++)
                {
                    positions[3 * vertex + row] = r[3 * row] * x + r[3 * row + 1] * y + r[3 * row + 2] * z + pose[6 + row];
                }
            }
        }

        /// <summary>
        /// c = a · b for n×n row-major matrices stored at offsets of their arrays. c may be the
        /// array a or b is in, at an offset where neither is.
        /// </summary>
        private static void MatMul(double[] a, int aAt, double[] b, int bAt, double[] c, int cAt, int n)
        {
            for (int row = 0; row < n; row++)
            {
                for (int col = 0; col < n; col++)
                {
                    double sum = 0;
                    for (int k = 0; k < n; k++) sum += a[aAt + n * row + k] * b[bAt + n * k + col];
                    c[cAt + n * row + col] = sum;
                }
            }
        }
    }
}
