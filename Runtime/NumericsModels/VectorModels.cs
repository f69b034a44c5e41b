#if NET8_0_OR_GREATER
using System;
using System.Numerics;

namespace AutoDiff
{
    // The members of System.Numerics.Vector2/3/4 that the weaver's own lowering
    // (Weaver/Frontend/VectorLowering.cs) does not write out: transforms by a matrix or a
    // quaternion, Reflect, Clamp, MultiplyAddEstimate, the static Create (the constructors are
    // VectorLowering's). Inlined in place of the framework's like QuaternionModel's
    // (same conventions); each in .NET 10's order of operations (a transform accumulates the
    // matrix rows scaled by x, then y, then z, then adds the translation row). Never called at run
    // time. Only in the net8.0 build (MathF).

    /// <summary>Vector2's transforms, Reflect and Clamp as scalar code (see the comment above).</summary>
    public static class Vector2Model
    {
        private static Vector2 Make(float x, float y)
        {
            Vector2 v;
            v.X = x; v.Y = y;
            return v;
        }

        public static Vector2 Create(float x, float y) => Make(x, y);

        public static Vector2 Create(float value) => Make(value, value);

        /// <summary>left·right + addend per lane (the library may fuse it: the last bit may differ).</summary>
        public static Vector2 MultiplyAddEstimate(Vector2 left, Vector2 right, Vector2 addend) =>
            Make(left.X * right.X + addend.X, left.Y * right.Y + addend.Y);

        public static Vector2 Transform(Vector2 position, Matrix3x2 matrix) =>
            Make(matrix.M11 * position.X + matrix.M21 * position.Y + matrix.M31, matrix.M12 * position.X + matrix.M22 * position.Y + matrix.M32);

        public static Vector2 TransformNormal(Vector2 normal, Matrix3x2 matrix) =>
            Make(matrix.M11 * normal.X + matrix.M21 * normal.Y, matrix.M12 * normal.X + matrix.M22 * normal.Y);

        public static Vector2 Transform(Vector2 position, Matrix4x4 matrix) =>
            Make(matrix.M11 * position.X + matrix.M21 * position.Y + matrix.M41, matrix.M12 * position.X + matrix.M22 * position.Y + matrix.M42);

        public static Vector2 TransformNormal(Vector2 normal, Matrix4x4 matrix) =>
            Make(matrix.M11 * normal.X + matrix.M21 * normal.Y, matrix.M12 * normal.X + matrix.M22 * normal.Y);

        /// <summary>The rotation of (x, y, 0) with w = 1 (Vector4.Transform's quaternion sandwich), its x and y.</summary>
        public static Vector2 Transform(Vector2 value, Quaternion rotation)
        {
            var q = Vector4Model.Rotate(value.X, value.Y, 0f, 1f, rotation);
            return Make(q.X, q.Y);
        }

        public static Vector2 Reflect(Vector2 vector, Vector2 normal)
        {
            float d = vector.X * normal.X + vector.Y * normal.Y;
            float twice = -(d + d);
            return Make(twice * normal.X + vector.X, twice * normal.Y + vector.Y);
        }

        public static Vector2 Clamp(Vector2 value1, Vector2 min, Vector2 max) =>
            Make(MathF.Min(MathF.Max(value1.X, min.X), max.X), MathF.Min(MathF.Max(value1.Y, min.Y), max.Y));
    }

    /// <summary>Vector3's transforms, Reflect and Clamp as scalar code (see the comment above).</summary>
    public static class Vector3Model
    {
        private static Vector3 Make(float x, float y, float z)
        {
            Vector3 v;
            v.X = x; v.Y = y; v.Z = z;
            return v;
        }

        public static Vector3 Create(float x, float y, float z) => Make(x, y, z);

        public static Vector3 Create(float value) => Make(value, value, value);

        public static Vector3 Create(Vector2 vector, float z) => Make(vector.X, vector.Y, z);

        /// <summary>left·right + addend per lane (the library may fuse it: the last bit may differ).</summary>
        public static Vector3 MultiplyAddEstimate(Vector3 left, Vector3 right, Vector3 addend) =>
            Make(left.X * right.X + addend.X, left.Y * right.Y + addend.Y, left.Z * right.Z + addend.Z);

        public static Vector3 Transform(Vector3 position, Matrix4x4 matrix) => Make(
            matrix.M11 * position.X + matrix.M21 * position.Y + matrix.M31 * position.Z + matrix.M41,
            matrix.M12 * position.X + matrix.M22 * position.Y + matrix.M32 * position.Z + matrix.M42,
            matrix.M13 * position.X + matrix.M23 * position.Y + matrix.M33 * position.Z + matrix.M43);

        public static Vector3 TransformNormal(Vector3 normal, Matrix4x4 matrix) => Make(
            matrix.M11 * normal.X + matrix.M21 * normal.Y + matrix.M31 * normal.Z,
            matrix.M12 * normal.X + matrix.M22 * normal.Y + matrix.M32 * normal.Z,
            matrix.M13 * normal.X + matrix.M23 * normal.Y + matrix.M33 * normal.Z);

        /// <summary>The rotation of (x, y, z) with w = 1 (Vector4.Transform's quaternion sandwich), its x, y and z.</summary>
        public static Vector3 Transform(Vector3 value, Quaternion rotation)
        {
            var q = Vector4Model.Rotate(value.X, value.Y, value.Z, 1f, rotation);
            return Make(q.X, q.Y, q.Z);
        }

        public static Vector3 Reflect(Vector3 vector, Vector3 normal)
        {
            float d = vector.X * normal.X + vector.Y * normal.Y + vector.Z * normal.Z;
            float twice = -(d + d);
            return Make(twice * normal.X + vector.X, twice * normal.Y + vector.Y, twice * normal.Z + vector.Z);
        }

        public static Vector3 Clamp(Vector3 value1, Vector3 min, Vector3 max) => Make(
            MathF.Min(MathF.Max(value1.X, min.X), max.X),
            MathF.Min(MathF.Max(value1.Y, min.Y), max.Y),
            MathF.Min(MathF.Max(value1.Z, min.Z), max.Z));
    }

    /// <summary>Vector4's transforms and Clamp as scalar code (see the comment above).</summary>
    public static class Vector4Model
    {
        private static Vector4 Make(float x, float y, float z, float w)
        {
            Vector4 v;
            v.X = x; v.Y = y; v.Z = z; v.W = w;
            return v;
        }

        /// <summary>
        /// .NET 10's Vector4.Transform(value, rotation): Concatenate(Concatenate(Conjugate(r), v), r),
        /// that is r · (v · r̄) with v read as a quaternion.
        /// </summary>
        internal static Quaternion Rotate(float x, float y, float z, float w, Quaternion rotation)
        {
            var v = QuaternionModel.Create(x, y, z, w);
            return QuaternionModel.op_Multiply(rotation, QuaternionModel.op_Multiply(v, QuaternionModel.Conjugate(rotation)));
        }

        public static Vector4 Create(float x, float y, float z, float w) => Make(x, y, z, w);

        public static Vector4 Create(float value) => Make(value, value, value, value);

        public static Vector4 Create(Vector3 vector, float w) => Make(vector.X, vector.Y, vector.Z, w);

        public static Vector4 Create(Vector2 vector, float z, float w) => Make(vector.X, vector.Y, z, w);

        /// <summary>left·right + addend per lane (the library may fuse it: the last bit may differ).</summary>
        public static Vector4 MultiplyAddEstimate(Vector4 left, Vector4 right, Vector4 addend) =>
            Make(left.X * right.X + addend.X, left.Y * right.Y + addend.Y, left.Z * right.Z + addend.Z, left.W * right.W + addend.W);

        public static Vector4 Transform(Vector4 vector, Matrix4x4 matrix) => Make(
            matrix.M11 * vector.X + matrix.M21 * vector.Y + matrix.M31 * vector.Z + matrix.M41 * vector.W,
            matrix.M12 * vector.X + matrix.M22 * vector.Y + matrix.M32 * vector.Z + matrix.M42 * vector.W,
            matrix.M13 * vector.X + matrix.M23 * vector.Y + matrix.M33 * vector.Z + matrix.M43 * vector.W,
            matrix.M14 * vector.X + matrix.M24 * vector.Y + matrix.M34 * vector.Z + matrix.M44 * vector.W);

        public static Vector4 Transform(Vector3 position, Matrix4x4 matrix) => Make(
            matrix.M11 * position.X + matrix.M21 * position.Y + matrix.M31 * position.Z + matrix.M41,
            matrix.M12 * position.X + matrix.M22 * position.Y + matrix.M32 * position.Z + matrix.M42,
            matrix.M13 * position.X + matrix.M23 * position.Y + matrix.M33 * position.Z + matrix.M43,
            matrix.M14 * position.X + matrix.M24 * position.Y + matrix.M34 * position.Z + matrix.M44);

        public static Vector4 Transform(Vector2 position, Matrix4x4 matrix) => Make(
            matrix.M11 * position.X + matrix.M21 * position.Y + matrix.M41,
            matrix.M12 * position.X + matrix.M22 * position.Y + matrix.M42,
            matrix.M13 * position.X + matrix.M23 * position.Y + matrix.M43,
            matrix.M14 * position.X + matrix.M24 * position.Y + matrix.M44);

        public static Vector4 Transform(Vector4 value, Quaternion rotation)
        {
            var q = Rotate(value.X, value.Y, value.Z, value.W, rotation);
            return Make(q.X, q.Y, q.Z, q.W);
        }

        public static Vector4 Transform(Vector3 value, Quaternion rotation)
        {
            var q = Rotate(value.X, value.Y, value.Z, 1f, rotation);
            return Make(q.X, q.Y, q.Z, q.W);
        }

        public static Vector4 Transform(Vector2 value, Quaternion rotation)
        {
            var q = Rotate(value.X, value.Y, 0f, 1f, rotation);
            return Make(q.X, q.Y, q.Z, q.W);
        }

        public static Vector4 Clamp(Vector4 value1, Vector4 min, Vector4 max) => Make(
            MathF.Min(MathF.Max(value1.X, min.X), max.X),
            MathF.Min(MathF.Max(value1.Y, min.Y), max.Y),
            MathF.Min(MathF.Max(value1.Z, min.Z), max.Z),
            MathF.Min(MathF.Max(value1.W, min.W), max.W));
    }
}
#endif
