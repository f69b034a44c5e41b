#if NET8_0_OR_GREATER
using System;
using System.Numerics;

namespace AutoDiff
{
    // Matrix4x4.Decompose's model, apart from the rest of Matrix4x4Model for its length: .NET 10
    // writes it on pointers into a stackalloc'd basis; here the three rows are locals picked by
    // index (largest, middle and smallest length), the same steps in the same order.
    public static partial class Matrix4x4Model
    {
        /// <summary>
        /// .NET 10's: the translation is the fourth row; the scales are the lengths of the first
        /// three rows; the rows, normalized from the longest to the shortest (a row shorter than
        /// 1e-4 replaced by a unit axis, or by a cross product of the others), form the rotation,
        /// with the longest row's scale and direction negated when the determinant is negative;
        /// false, and the identity rotation, when the rows are not orthonormal within 1e-4.
        /// </summary>
        public static bool Decompose(Matrix4x4 matrix, out Vector3 scale, out Quaternion rotation, out Vector3 translation)
        {
            translation = Vector3Model.Create(matrix.M41, matrix.M42, matrix.M43);
            Vector3 r0 = Vector3Model.Create(matrix.M11, matrix.M12, matrix.M13);
            Vector3 r1 = Vector3Model.Create(matrix.M21, matrix.M22, matrix.M23);
            Vector3 r2 = Vector3Model.Create(matrix.M31, matrix.M32, matrix.M33);
            float s0 = r0.Length(), s1 = r1.Length(), s2 = r2.Length();
            int a, b, c; // the rows by decreasing length, ties as .NET 10 breaks them
            if (s0 < s1)
            {
                if (s1 < s2) { a = 2; b = 1; c = 0; }
                else
                {
                    a = 1;
                    if (s0 < s2) { b = 2; c = 0; } else { b = 0; c = 2; }
                }
            }
            else if (s0 < s2) { a = 2; b = 0; c = 1; }
            else
            {
                a = 0;
                if (s1 < s2) { b = 2; c = 1; } else { b = 1; c = 2; }
            }

            if (Pick(a, s0, s1, s2) < 0.0001f) Set(a, Axis(a), ref r0, ref r1, ref r2);
            Set(a, Vector3.Normalize(Row(a, r0, r1, r2)), ref r0, ref r1, ref r2);
            Vector3 ra = Row(a, r0, r1, r2);
            if (Pick(b, s0, s1, s2) < 0.0001f)
            {
                float x = MathF.Abs(ra.X), y = MathF.Abs(ra.Y), z = MathF.Abs(ra.Z);
                int axis = x < y ? (!(y < z) ? (!(x < z) ? 2 : 0) : 0) : (x < z ? 1 : (y < z ? 1 : 2));
                Set(b, Vector3.Cross(ra, Axis(axis)), ref r0, ref r1, ref r2);
            }
            Set(b, Vector3.Normalize(Row(b, r0, r1, r2)), ref r0, ref r1, ref r2);
            if (Pick(c, s0, s1, s2) < 0.0001f) Set(c, Vector3.Cross(Row(a, r0, r1, r2), Row(b, r0, r1, r2)), ref r0, ref r1, ref r2);
            Set(c, Vector3.Normalize(Row(c, r0, r1, r2)), ref r0, ref r1, ref r2);

            float det = GetDeterminant(Basis(r0, r1, r2));
            if (det < 0f)
            {
                if (a == 0) s0 = -s0; else if (a == 1) s1 = -s1; else s2 = -s2;
                Set(a, -Row(a, r0, r1, r2), ref r0, ref r1, ref r2);
                det = -det;
            }
            det -= 1f;
            det *= det;
            scale = Vector3Model.Create(s0, s1, s2);
            if (0.0001f < det)
            {
                rotation = QuaternionModel.get_Identity();
                return false;
            }
            rotation = QuaternionModel.CreateFromRotationMatrix(Basis(r0, r1, r2));
            return true;
        }

        private static Matrix4x4 Basis(Vector3 r0, Vector3 r1, Vector3 r2) =>
            Create(r0.X, r0.Y, r0.Z, 0f, r1.X, r1.Y, r1.Z, 0f, r2.X, r2.Y, r2.Z, 0f, 0f, 0f, 0f, 1f);

        private static float Pick(int i, float s0, float s1, float s2) => i == 0 ? s0 : i == 1 ? s1 : s2;

        private static Vector3 Row(int i, Vector3 r0, Vector3 r1, Vector3 r2) => i == 0 ? r0 : i == 1 ? r1 : r2;

        private static Vector3 Axis(int i) => Vector3Model.Create(i == 0 ? 1f : 0f, i == 1 ? 1f : 0f, i == 2 ? 1f : 0f);

        private static void Set(int i, Vector3 value, ref Vector3 r0, ref Vector3 r1, ref Vector3 r2)
        {
            if (i == 0) r0 = value;
            else if (i == 1) r1 = value;
            else r2 = value;
        }
    }
}
#endif
