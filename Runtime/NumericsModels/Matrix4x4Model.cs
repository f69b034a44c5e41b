#if NET8_0_OR_GREATER
using System;
using System.Numerics;

namespace AutoDiff
{
    /// <summary>
    /// System.Numerics.Matrix4x4's members as plain scalar code on its public fields M11…M44 (row
    /// vectors: a point is the row <c>(x, y, z, 1)</c> times the matrix), inlined by the weaver in
    /// place of the framework's (see <see cref="QuaternionModel"/> for the conventions). Products
    /// are summed in .NET 10's order (row i of a·b is aᵢ₁·b's row 1 + aᵢ₂·row 2 + …); where the
    /// library fuses multiply-adds the value may differ in the last bit. Invert and Decompose have
    /// no model (they stay refused). Never called at run time. Only in the net8.0 build (MathF).
    /// </summary>
    public static partial class Matrix4x4Model
    {
        public static Matrix4x4 Create(
            float m11, float m12, float m13, float m14,
            float m21, float m22, float m23, float m24,
            float m31, float m32, float m33, float m34,
            float m41, float m42, float m43, float m44)
        {
            Matrix4x4 m;
            m.M11 = m11; m.M12 = m12; m.M13 = m13; m.M14 = m14;
            m.M21 = m21; m.M22 = m22; m.M23 = m23; m.M24 = m24;
            m.M31 = m31; m.M32 = m32; m.M33 = m33; m.M34 = m34;
            m.M41 = m41; m.M42 = m42; m.M43 = m43; m.M44 = m44;
            return m;
        }

        public static Matrix4x4 get_Identity() => Create(1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f);

        public static bool get_IsIdentity(in Matrix4x4 self) =>
            self.M11 == 1f && self.M12 == 0f && self.M13 == 0f && self.M14 == 0f &&
            self.M21 == 0f && self.M22 == 1f && self.M23 == 0f && self.M24 == 0f &&
            self.M31 == 0f && self.M32 == 0f && self.M33 == 1f && self.M34 == 0f &&
            self.M41 == 0f && self.M42 == 0f && self.M43 == 0f && self.M44 == 1f;

        public static Vector3 get_Translation(in Matrix4x4 self)
        {
            Vector3 v;
            v.X = self.M41; v.Y = self.M42; v.Z = self.M43;
            return v;
        }

        public static void set_Translation(ref Matrix4x4 self, Vector3 value)
        {
            self.M41 = value.X; self.M42 = value.Y; self.M43 = value.Z;
        }

        public static bool op_Equality(Matrix4x4 value1, Matrix4x4 value2) =>
            value1.M11 == value2.M11 && value1.M12 == value2.M12 && value1.M13 == value2.M13 && value1.M14 == value2.M14 &&
            value1.M21 == value2.M21 && value1.M22 == value2.M22 && value1.M23 == value2.M23 && value1.M24 == value2.M24 &&
            value1.M31 == value2.M31 && value1.M32 == value2.M32 && value1.M33 == value2.M33 && value1.M34 == value2.M34 &&
            value1.M41 == value2.M41 && value1.M42 == value2.M42 && value1.M43 == value2.M43 && value1.M44 == value2.M44;

        public static bool op_Inequality(Matrix4x4 value1, Matrix4x4 value2) => !op_Equality(value1, value2);

        public static Matrix4x4 op_Addition(Matrix4x4 a, Matrix4x4 b) => Create(
            a.M11 + b.M11, a.M12 + b.M12, a.M13 + b.M13, a.M14 + b.M14,
            a.M21 + b.M21, a.M22 + b.M22, a.M23 + b.M23, a.M24 + b.M24,
            a.M31 + b.M31, a.M32 + b.M32, a.M33 + b.M33, a.M34 + b.M34,
            a.M41 + b.M41, a.M42 + b.M42, a.M43 + b.M43, a.M44 + b.M44);

        public static Matrix4x4 op_Subtraction(Matrix4x4 a, Matrix4x4 b) => Create(
            a.M11 - b.M11, a.M12 - b.M12, a.M13 - b.M13, a.M14 - b.M14,
            a.M21 - b.M21, a.M22 - b.M22, a.M23 - b.M23, a.M24 - b.M24,
            a.M31 - b.M31, a.M32 - b.M32, a.M33 - b.M33, a.M34 - b.M34,
            a.M41 - b.M41, a.M42 - b.M42, a.M43 - b.M43, a.M44 - b.M44);

        public static Matrix4x4 op_UnaryNegation(Matrix4x4 a) => Create(
            -a.M11, -a.M12, -a.M13, -a.M14,
            -a.M21, -a.M22, -a.M23, -a.M24,
            -a.M31, -a.M32, -a.M33, -a.M34,
            -a.M41, -a.M42, -a.M43, -a.M44);

        public static Matrix4x4 op_Multiply(Matrix4x4 a, float s) => Create(
            a.M11 * s, a.M12 * s, a.M13 * s, a.M14 * s,
            a.M21 * s, a.M22 * s, a.M23 * s, a.M24 * s,
            a.M31 * s, a.M32 * s, a.M33 * s, a.M34 * s,
            a.M41 * s, a.M42 * s, a.M43 * s, a.M44 * s);

        /// <summary>Row i of the product is row i of <paramref name="a"/> transformed by <paramref name="b"/> (Vector4.Transform), as .NET 10 computes it.</summary>
        public static Matrix4x4 op_Multiply(Matrix4x4 a, Matrix4x4 b) => Create(
            a.M11 * b.M11 + a.M12 * b.M21 + a.M13 * b.M31 + a.M14 * b.M41,
            a.M11 * b.M12 + a.M12 * b.M22 + a.M13 * b.M32 + a.M14 * b.M42,
            a.M11 * b.M13 + a.M12 * b.M23 + a.M13 * b.M33 + a.M14 * b.M43,
            a.M11 * b.M14 + a.M12 * b.M24 + a.M13 * b.M34 + a.M14 * b.M44,
            a.M21 * b.M11 + a.M22 * b.M21 + a.M23 * b.M31 + a.M24 * b.M41,
            a.M21 * b.M12 + a.M22 * b.M22 + a.M23 * b.M32 + a.M24 * b.M42,
            a.M21 * b.M13 + a.M22 * b.M23 + a.M23 * b.M33 + a.M24 * b.M43,
            a.M21 * b.M14 + a.M22 * b.M24 + a.M23 * b.M34 + a.M24 * b.M44,
            a.M31 * b.M11 + a.M32 * b.M21 + a.M33 * b.M31 + a.M34 * b.M41,
            a.M31 * b.M12 + a.M32 * b.M22 + a.M33 * b.M32 + a.M34 * b.M42,
            a.M31 * b.M13 + a.M32 * b.M23 + a.M33 * b.M33 + a.M34 * b.M43,
            a.M31 * b.M14 + a.M32 * b.M24 + a.M33 * b.M34 + a.M34 * b.M44,
            a.M41 * b.M11 + a.M42 * b.M21 + a.M43 * b.M31 + a.M44 * b.M41,
            a.M41 * b.M12 + a.M42 * b.M22 + a.M43 * b.M32 + a.M44 * b.M42,
            a.M41 * b.M13 + a.M42 * b.M23 + a.M43 * b.M33 + a.M44 * b.M43,
            a.M41 * b.M14 + a.M42 * b.M24 + a.M43 * b.M34 + a.M44 * b.M44);

        public static Matrix4x4 Add(Matrix4x4 value1, Matrix4x4 value2) => op_Addition(value1, value2);

        public static Matrix4x4 Subtract(Matrix4x4 value1, Matrix4x4 value2) => op_Subtraction(value1, value2);

        public static Matrix4x4 Multiply(Matrix4x4 value1, Matrix4x4 value2) => op_Multiply(value1, value2);

        public static Matrix4x4 Multiply(Matrix4x4 value1, float value2) => op_Multiply(value1, value2);

        public static Matrix4x4 Negate(Matrix4x4 value) => op_UnaryNegation(value);

        public static Matrix4x4 Transpose(Matrix4x4 m) => Create(
            m.M11, m.M21, m.M31, m.M41,
            m.M12, m.M22, m.M32, m.M42,
            m.M13, m.M23, m.M33, m.M43,
            m.M14, m.M24, m.M34, m.M44);

        /// <summary>Each element a·(1 − t) + b·t, Vector4.Lerp's form.</summary>
        public static Matrix4x4 Lerp(Matrix4x4 a, Matrix4x4 b, float t)
        {
            float u = 1f - t;
            return Create(
                a.M11 * u + b.M11 * t, a.M12 * u + b.M12 * t, a.M13 * u + b.M13 * t, a.M14 * u + b.M14 * t,
                a.M21 * u + b.M21 * t, a.M22 * u + b.M22 * t, a.M23 * u + b.M23 * t, a.M24 * u + b.M24 * t,
                a.M31 * u + b.M31 * t, a.M32 * u + b.M32 * t, a.M33 * u + b.M33 * t, a.M34 * u + b.M34 * t,
                a.M41 * u + b.M41 * t, a.M42 * u + b.M42 * t, a.M43 * u + b.M43 * t, a.M44 * u + b.M44 * t);
        }

        /// <summary>.NET 10's cofactor expansion along the first row.</summary>
        public static float GetDeterminant(in Matrix4x4 self)
        {
            float a = self.M11, b = self.M12, c = self.M13, d = self.M14;
            float e = self.M21, f = self.M22, g = self.M23, h = self.M24;
            float i = self.M31, j = self.M32, k = self.M33, l = self.M34;
            float m = self.M41, n = self.M42, o = self.M43, p = self.M44;
            float kp_lo = k * p - l * o;
            float jp_ln = j * p - l * n;
            float jo_kn = j * o - k * n;
            float ip_lm = i * p - l * m;
            float io_km = i * o - k * m;
            float in_jm = i * n - j * m;
            return a * (f * kp_lo - g * jp_ln + h * jo_kn)
                 - b * (e * kp_lo - g * ip_lm + h * io_km)
                 + c * (e * jp_ln - f * ip_lm + h * in_jm)
                 - d * (e * jo_kn - f * io_km + g * in_jm);
        }

        /// <summary>
        /// .NET 10's (its scalar form; on x64 it runs an SSE form of the same cofactors): false and
        /// every element NaN when |det| is below float.Epsilon (0 or a denormal), else the adjugate
        /// over the determinant.
        /// </summary>
        public static bool Invert(Matrix4x4 matrix, out Matrix4x4 result)
        {
            float a = matrix.M11, b = matrix.M12, c = matrix.M13, d = matrix.M14;
            float e = matrix.M21, f = matrix.M22, g = matrix.M23, h = matrix.M24;
            float i = matrix.M31, j = matrix.M32, k = matrix.M33, l = matrix.M34;
            float m = matrix.M41, n = matrix.M42, o = matrix.M43, p = matrix.M44;
            float kp_lo = k * p - l * o;
            float jp_ln = j * p - l * n;
            float jo_kn = j * o - k * n;
            float ip_lm = i * p - l * m;
            float io_km = i * o - k * m;
            float in_jm = i * n - j * m;
            float a11 = f * kp_lo - g * jp_ln + h * jo_kn;
            float a12 = -(e * kp_lo - g * ip_lm + h * io_km);
            float a13 = e * jp_ln - f * ip_lm + h * in_jm;
            float a14 = -(e * jo_kn - f * io_km + g * in_jm);
            float det = a * a11 + b * a12 + c * a13 + d * a14;
            if (MathF.Abs(det) < float.Epsilon)
            {
                result = Create(
                    float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN,
                    float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN);
                return false;
            }
            float invDet = 1f / det;
            float gp_ho = g * p - h * o;
            float fp_hn = f * p - h * n;
            float fo_gn = f * o - g * n;
            float ep_hm = e * p - h * m;
            float eo_gm = e * o - g * m;
            float en_fm = e * n - f * m;
            float gl_hk = g * l - h * k;
            float fl_hj = f * l - h * j;
            float fk_gj = f * k - g * j;
            float el_hi = e * l - h * i;
            float ek_gi = e * k - g * i;
            float ej_fi = e * j - f * i;
            result = Create(
                a11 * invDet,
                (-(b * kp_lo - c * jp_ln + d * jo_kn)) * invDet,
                (b * gp_ho - c * fp_hn + d * fo_gn) * invDet,
                (-(b * gl_hk - c * fl_hj + d * fk_gj)) * invDet,
                a12 * invDet,
                (a * kp_lo - c * ip_lm + d * io_km) * invDet,
                (-(a * gp_ho - c * ep_hm + d * eo_gm)) * invDet,
                (a * gl_hk - c * el_hi + d * ek_gi) * invDet,
                a13 * invDet,
                (-(a * jp_ln - b * ip_lm + d * in_jm)) * invDet,
                (a * fp_hn - b * ep_hm + d * en_fm) * invDet,
                (-(a * fl_hj - b * el_hi + d * ej_fi)) * invDet,
                a14 * invDet,
                (a * jo_kn - b * io_km + c * in_jm) * invDet,
                (-(a * fo_gn - b * eo_gm + c * en_fm)) * invDet,
                (a * fk_gj - b * ek_gi + c * ej_fi) * invDet);
            return true;
        }

        public static Matrix4x4 CreateRotationX(float radians)
        {
            float s = MathF.Sin(radians), c = MathF.Cos(radians);
            return Create(1f, 0f, 0f, 0f, 0f, c, s, 0f, 0f, -s, c, 0f, 0f, 0f, 0f, 1f);
        }

        public static Matrix4x4 CreateRotationY(float radians)
        {
            float s = MathF.Sin(radians), c = MathF.Cos(radians);
            return Create(c, 0f, -s, 0f, 0f, 1f, 0f, 0f, s, 0f, c, 0f, 0f, 0f, 0f, 1f);
        }

        public static Matrix4x4 CreateRotationZ(float radians)
        {
            float s = MathF.Sin(radians), c = MathF.Cos(radians);
            return Create(c, s, 0f, 0f, -s, c, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f);
        }

        public static Matrix4x4 CreateScale(float xScale, float yScale, float zScale) =>
            Create(xScale, 0f, 0f, 0f, 0f, yScale, 0f, 0f, 0f, 0f, zScale, 0f, 0f, 0f, 0f, 1f);

        public static Matrix4x4 CreateScale(Vector3 scales) => CreateScale(scales.X, scales.Y, scales.Z);

        public static Matrix4x4 CreateScale(float scale) => CreateScale(scale, scale, scale);

        public static Matrix4x4 CreateTranslation(float xPosition, float yPosition, float zPosition) =>
            Create(1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, xPosition, yPosition, zPosition, 1f);

        public static Matrix4x4 CreateTranslation(Vector3 position) => CreateTranslation(position.X, position.Y, position.Z);

        public static Matrix4x4 CreateRotationX(float radians, Vector3 centerPoint)
        {
            float s = MathF.Sin(radians), c = MathF.Cos(radians);
            float y = centerPoint.Y * (1f - c) + centerPoint.Z * s;
            float z = centerPoint.Z * (1f - c) + -centerPoint.Y * s;
            return Create(1f, 0f, 0f, 0f, 0f, c, s, 0f, 0f, -s, c, 0f, 0f, y, z, 1f);
        }

        public static Matrix4x4 CreateRotationY(float radians, Vector3 centerPoint)
        {
            float s = MathF.Sin(radians), c = MathF.Cos(radians);
            float x = centerPoint.X * (1f - c) + -centerPoint.Z * s;
            float z = centerPoint.Z * (1f - c) + centerPoint.X * s;
            return Create(c, 0f, -s, 0f, 0f, 1f, 0f, 0f, s, 0f, c, 0f, x, 0f, z, 1f);
        }

        public static Matrix4x4 CreateRotationZ(float radians, Vector3 centerPoint)
        {
            float s = MathF.Sin(radians), c = MathF.Cos(radians);
            float x = centerPoint.X * (1f - c) + centerPoint.Y * s;
            float y = centerPoint.Y * (1f - c) + -centerPoint.X * s;
            return Create(c, s, 0f, 0f, -s, c, 0f, 0f, 0f, 0f, 1f, 0f, x, y, 0f, 1f);
        }

        public static Matrix4x4 CreateScale(float xScale, float yScale, float zScale, Vector3 centerPoint) => Create(
            xScale, 0f, 0f, 0f, 0f, yScale, 0f, 0f, 0f, 0f, zScale, 0f,
            centerPoint.X * (1f - xScale), centerPoint.Y * (1f - yScale), centerPoint.Z * (1f - zScale), 1f);

        public static Matrix4x4 CreateScale(Vector3 scales, Vector3 centerPoint) => CreateScale(scales.X, scales.Y, scales.Z, centerPoint);

        public static Matrix4x4 CreateScale(float scale, Vector3 centerPoint) => CreateScale(scale, scale, scale, centerPoint);

        /// <summary>The world matrix whose rows are right, up, backward (−forward, normalized) and the position.</summary>
        public static Matrix4x4 CreateWorld(Vector3 position, Vector3 forward, Vector3 up)
        {
            Vector3 z = Vector3.Normalize(-forward);
            Vector3 x = Vector3.Normalize(Vector3.Cross(up, z));
            Vector3 y = Vector3.Cross(z, x);
            return Create(x.X, x.Y, x.Z, 0f, y.X, y.Y, y.Z, 0f, z.X, z.Y, z.Z, 0f, position.X, position.Y, position.Z, 1f);
        }

        /// <summary>The matrix times the rotation matrix of <paramref name="rotation"/>, in .NET 10's terms.</summary>
        public static Matrix4x4 Transform(Matrix4x4 value, Quaternion rotation)
        {
            float x2 = rotation.X + rotation.X, y2 = rotation.Y + rotation.Y, z2 = rotation.Z + rotation.Z;
            float wx2 = rotation.W * x2, wy2 = rotation.W * y2, wz2 = rotation.W * z2;
            float xx2 = rotation.X * x2, xy2 = rotation.X * y2, xz2 = rotation.X * z2;
            float yy2 = rotation.Y * y2, yz2 = rotation.Y * z2, zz2 = rotation.Z * z2;
            float q11 = 1f - yy2 - zz2, q21 = xy2 - wz2, q31 = xz2 + wy2;
            float q12 = xy2 + wz2, q22 = 1f - xx2 - zz2, q32 = yz2 - wx2;
            float q13 = xz2 - wy2, q23 = yz2 + wx2, q33 = 1f - xx2 - yy2;
            return Create(
                value.M11 * q11 + value.M12 * q21 + value.M13 * q31, value.M11 * q12 + value.M12 * q22 + value.M13 * q32, value.M11 * q13 + value.M12 * q23 + value.M13 * q33, value.M14,
                value.M21 * q11 + value.M22 * q21 + value.M23 * q31, value.M21 * q12 + value.M22 * q22 + value.M23 * q32, value.M21 * q13 + value.M22 * q23 + value.M23 * q33, value.M24,
                value.M31 * q11 + value.M32 * q21 + value.M33 * q31, value.M31 * q12 + value.M32 * q22 + value.M33 * q32, value.M31 * q13 + value.M32 * q23 + value.M33 * q33, value.M34,
                value.M41 * q11 + value.M42 * q21 + value.M43 * q31, value.M41 * q12 + value.M42 * q22 + value.M43 * q32, value.M41 * q13 + value.M42 * q23 + value.M43 * q33, value.M44);
        }

        public static Matrix4x4 CreateOrthographic(float width, float height, float zNearPlane, float zFarPlane)
        {
            float range = 1f / (zNearPlane - zFarPlane);
            return Create(2f / width, 0f, 0f, 0f, 0f, 2f / height, 0f, 0f, 0f, 0f, range, 0f, 0f, 0f, range * zNearPlane, 1f);
        }

        public static Matrix4x4 CreateOrthographicOffCenter(float left, float right, float bottom, float top, float zNearPlane, float zFarPlane)
        {
            float reciprocalWidth = 1f / (right - left);
            float reciprocalHeight = 1f / (top - bottom);
            float range = 1f / (zNearPlane - zFarPlane);
            return Create(
                reciprocalWidth + reciprocalWidth, 0f, 0f, 0f,
                0f, reciprocalHeight + reciprocalHeight, 0f, 0f,
                0f, 0f, range, 0f,
                -(left + right) * reciprocalWidth, -(top + bottom) * reciprocalHeight, range * zNearPlane, 1f);
        }

        /// <summary>.NET 10's, with its argument checks (the same exceptions).</summary>
        public static Matrix4x4 CreatePerspective(float width, float height, float nearPlaneDistance, float farPlaneDistance)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nearPlaneDistance, 0f, nameof(nearPlaneDistance));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(farPlaneDistance, 0f, nameof(farPlaneDistance));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nearPlaneDistance, farPlaneDistance, nameof(nearPlaneDistance));
            float twiceNear = nearPlaneDistance + nearPlaneDistance;
            float range = float.IsPositiveInfinity(farPlaneDistance) ? -1f : farPlaneDistance / (nearPlaneDistance - farPlaneDistance);
            return Create(twiceNear / width, 0f, 0f, 0f, 0f, twiceNear / height, 0f, 0f, 0f, 0f, range, -1f, 0f, 0f, range * nearPlaneDistance, 0f);
        }

        /// <summary>.NET 10's, with its argument checks (the same exceptions).</summary>
        public static Matrix4x4 CreatePerspectiveOffCenter(float left, float right, float bottom, float top, float nearPlaneDistance, float farPlaneDistance)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nearPlaneDistance, 0f, nameof(nearPlaneDistance));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(farPlaneDistance, 0f, nameof(farPlaneDistance));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nearPlaneDistance, farPlaneDistance, nameof(nearPlaneDistance));
            float twiceNear = nearPlaneDistance + nearPlaneDistance;
            float reciprocalWidth = 1f / (right - left);
            float reciprocalHeight = 1f / (top - bottom);
            float range = float.IsPositiveInfinity(farPlaneDistance) ? -1f : farPlaneDistance / (nearPlaneDistance - farPlaneDistance);
            return Create(
                twiceNear * reciprocalWidth, 0f, 0f, 0f,
                0f, twiceNear * reciprocalHeight, 0f, 0f,
                (left + right) * reciprocalWidth, (top + bottom) * reciprocalHeight, range, -1f,
                0f, 0f, range * nearPlaneDistance, 0f);
        }

        public static Matrix4x4 CreateFromQuaternion(Quaternion quaternion)
        {
            float xx = quaternion.X * quaternion.X;
            float yy = quaternion.Y * quaternion.Y;
            float zz = quaternion.Z * quaternion.Z;
            float xy = quaternion.X * quaternion.Y;
            float wz = quaternion.Z * quaternion.W;
            float xz = quaternion.Z * quaternion.X;
            float wy = quaternion.Y * quaternion.W;
            float yz = quaternion.Y * quaternion.Z;
            float wx = quaternion.X * quaternion.W;
            return Create(
                1f - 2f * (yy + zz), 2f * (xy + wz), 2f * (xz - wy), 0f,
                2f * (xy - wz), 1f - 2f * (zz + xx), 2f * (yz + wx), 0f,
                2f * (xz + wy), 2f * (yz - wx), 1f - 2f * (yy + xx), 0f,
                0f, 0f, 0f, 1f);
        }

        public static Matrix4x4 CreateFromAxisAngle(Vector3 axis, float angle) => CreateFromQuaternion(Quaternion.CreateFromAxisAngle(axis, angle));

        public static Matrix4x4 CreateFromYawPitchRoll(float yaw, float pitch, float roll) => CreateFromQuaternion(Quaternion.CreateFromYawPitchRoll(yaw, pitch, roll));

        /// <summary>.NET 10's right-handed projection, with its argument checks (the same exceptions).</summary>
        public static Matrix4x4 CreatePerspectiveFieldOfView(float fieldOfView, float aspectRatio, float nearPlaneDistance, float farPlaneDistance)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fieldOfView, 0f, nameof(fieldOfView));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fieldOfView, (float)Math.PI, nameof(fieldOfView));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nearPlaneDistance, 0f, nameof(nearPlaneDistance));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(farPlaneDistance, 0f, nameof(farPlaneDistance));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nearPlaneDistance, farPlaneDistance, nameof(nearPlaneDistance));
            float yScale = 1f / MathF.Tan(fieldOfView * 0.5f);
            float xScale = yScale / aspectRatio;
            float range = float.IsPositiveInfinity(farPlaneDistance) ? -1f : farPlaneDistance / (nearPlaneDistance - farPlaneDistance);
            return Create(xScale, 0f, 0f, 0f, 0f, yScale, 0f, 0f, 0f, 0f, range, -1f, 0f, 0f, range * nearPlaneDistance, 0f);
        }

        /// <summary>A right-handed view matrix: .NET 10's CreateLookTo with the direction target − position.</summary>
        public static Matrix4x4 CreateLookAt(Vector3 cameraPosition, Vector3 cameraTarget, Vector3 cameraUpVector)
        {
            Vector3 z = Vector3.Normalize(-(cameraTarget - cameraPosition));
            Vector3 x = Vector3.Normalize(Vector3.Cross(cameraUpVector, z));
            Vector3 y = Vector3.Cross(z, x);
            Vector3 p = -cameraPosition;
            return Create(
                x.X, y.X, z.X, 0f,
                x.Y, y.Y, z.Y, 0f,
                x.Z, y.Z, z.Z, 0f,
                Vector3.Dot(x, p), Vector3.Dot(y, p), Vector3.Dot(z, p), 1f);
        }
    }
}
#endif
