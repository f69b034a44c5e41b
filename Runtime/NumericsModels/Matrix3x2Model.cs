#if NET8_0_OR_GREATER
using System;
using System.Numerics;

namespace AutoDiff
{
    /// <summary>
    /// System.Numerics.Matrix3x2's members as plain scalar code on its public fields M11…M32 (a
    /// 2-D affine transform of row vectors, the translation in M31, M32), inlined by the weaver in
    /// place of the framework's (see <see cref="QuaternionModel"/> for the conventions). Never
    /// called at run time. Only in the net8.0 build (MathF).
    /// </summary>
    public static class Matrix3x2Model
    {
        public static Matrix3x2 Create(float m11, float m12, float m21, float m22, float m31, float m32)
        {
            Matrix3x2 m;
            m.M11 = m11; m.M12 = m12;
            m.M21 = m21; m.M22 = m22;
            m.M31 = m31; m.M32 = m32;
            return m;
        }

        public static Matrix3x2 get_Identity() => Create(1f, 0f, 0f, 1f, 0f, 0f);

        public static bool get_IsIdentity(in Matrix3x2 self) =>
            self.M11 == 1f && self.M12 == 0f && self.M21 == 0f && self.M22 == 1f && self.M31 == 0f && self.M32 == 0f;

        public static Vector2 get_Translation(in Matrix3x2 self)
        {
            Vector2 v;
            v.X = self.M31; v.Y = self.M32;
            return v;
        }

        public static void set_Translation(ref Matrix3x2 self, Vector2 value)
        {
            self.M31 = value.X; self.M32 = value.Y;
        }

        public static bool op_Equality(Matrix3x2 a, Matrix3x2 b) =>
            a.M11 == b.M11 && a.M12 == b.M12 && a.M21 == b.M21 && a.M22 == b.M22 && a.M31 == b.M31 && a.M32 == b.M32;

        public static bool op_Inequality(Matrix3x2 a, Matrix3x2 b) => !op_Equality(a, b);

        public static Matrix3x2 op_Addition(Matrix3x2 a, Matrix3x2 b) =>
            Create(a.M11 + b.M11, a.M12 + b.M12, a.M21 + b.M21, a.M22 + b.M22, a.M31 + b.M31, a.M32 + b.M32);

        public static Matrix3x2 op_Subtraction(Matrix3x2 a, Matrix3x2 b) =>
            Create(a.M11 - b.M11, a.M12 - b.M12, a.M21 - b.M21, a.M22 - b.M22, a.M31 - b.M31, a.M32 - b.M32);

        public static Matrix3x2 op_UnaryNegation(Matrix3x2 a) => Create(-a.M11, -a.M12, -a.M21, -a.M22, -a.M31, -a.M32);

        public static Matrix3x2 op_Multiply(Matrix3x2 a, float s) =>
            Create(a.M11 * s, a.M12 * s, a.M21 * s, a.M22 * s, a.M31 * s, a.M32 * s);

        public static Matrix3x2 op_Multiply(Matrix3x2 a, Matrix3x2 b) => Create(
            a.M11 * b.M11 + a.M12 * b.M21, a.M11 * b.M12 + a.M12 * b.M22,
            a.M21 * b.M11 + a.M22 * b.M21, a.M21 * b.M12 + a.M22 * b.M22,
            a.M31 * b.M11 + a.M32 * b.M21 + b.M31, a.M31 * b.M12 + a.M32 * b.M22 + b.M32);

        public static Matrix3x2 Add(Matrix3x2 value1, Matrix3x2 value2) => op_Addition(value1, value2);

        public static Matrix3x2 Subtract(Matrix3x2 value1, Matrix3x2 value2) => op_Subtraction(value1, value2);

        public static Matrix3x2 Multiply(Matrix3x2 value1, Matrix3x2 value2) => op_Multiply(value1, value2);

        public static Matrix3x2 Multiply(Matrix3x2 value1, float value2) => op_Multiply(value1, value2);

        public static Matrix3x2 Negate(Matrix3x2 value) => op_UnaryNegation(value);

        public static Matrix3x2 Lerp(Matrix3x2 a, Matrix3x2 b, float t)
        {
            float u = 1f - t;
            return Create(a.M11 * u + b.M11 * t, a.M12 * u + b.M12 * t, a.M21 * u + b.M21 * t, a.M22 * u + b.M22 * t, a.M31 * u + b.M31 * t, a.M32 * u + b.M32 * t);
        }

        public static float GetDeterminant(in Matrix3x2 self) => self.M11 * self.M22 - self.M21 * self.M12;

        /// <summary>.NET 10's: false and every element NaN when |det| is below float.Epsilon (0 or a denormal), else the inverse.</summary>
        public static bool Invert(Matrix3x2 matrix, out Matrix3x2 result)
        {
            float det = matrix.M11 * matrix.M22 - matrix.M21 * matrix.M12;
            if (MathF.Abs(det) < float.Epsilon)
            {
                result = Create(float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN);
                return false;
            }
            float invDet = 1f / det;
            result = Create(
                matrix.M22 * invDet, -matrix.M12 * invDet,
                -matrix.M21 * invDet, matrix.M11 * invDet,
                (matrix.M21 * matrix.M32 - matrix.M31 * matrix.M22) * invDet, (matrix.M31 * matrix.M12 - matrix.M11 * matrix.M32) * invDet);
            return true;
        }

        public static Matrix3x2 CreateRotation(float radians)
        {
            var (c, s) = CosSin(radians);
            return Create(c, s, -s, c, 0f, 0f);
        }

        public static Matrix3x2 CreateRotation(float radians, Vector2 centerPoint)
        {
            var (c, s) = CosSin(radians);
            float x = centerPoint.X * (1f - c) + centerPoint.Y * s;
            float y = centerPoint.Y * (1f - c) - centerPoint.X * s;
            return Create(c, s, -s, c, x, y);
        }

        /// <summary>
        /// The cosine and sine CreateRotation uses: .NET 10 reduces the angle with
        /// float.Ieee754Remainder(radians, 2π), then within about 1e-5 of 0, ±π/2 and ±π returns
        /// the exact 0 and ±1 instead of SinCos. Those constants would carry no derivative, so here
        /// each is an expression whose float value is exactly that constant and whose derivative is
        /// cos's or sin's there, in the offset d from the snapped angle: (d + 512) − 512 is exactly
        /// 0 for |d| &lt; 3e-5 with derivative 1, 1 − d²/2 exactly 1 with derivative −d (as
        /// ComplexDerivatives does for Complex.Sqrt).
        /// </summary>
        private static (float Cos, float Sin) CosSin(float radians)
        {
            const float halfPi = 1.5707964f, pi = 3.1415927f;
            float r = Remainder(radians, (float)Math.PI * 2f);
            if (r > -1.7453294E-05f && r < 1.7453294E-05f) return (1f - r * r * 0.5f, (r + 512f) - 512f);
            if (r > 1.570779f && r < 1.5708138f)
            {
                float d = r - halfPi;
                return (512f - (d + 512f), 1f - d * d * 0.5f);
            }
            if (r < -3.1415753f || r > 3.1415753f)
            {
                float d = r > 0f ? r - pi : r + pi;
                return (d * d * 0.5f - 1f, 512f - (d + 512f));
            }
            if (r > -1.5708138f && r < -1.570779f)
            {
                float d = r + halfPi;
                return ((d + 512f) - 512f, d * d * 0.5f - 1f);
            }
            return (MathF.Cos(r), MathF.Sin(r));
        }

        /// <summary>MathF.IEEERemainder as .NET 10 computes it (float.Ieee754Remainder calls it), written with %, whose derivative along x is 1.</summary>
        private static float Remainder(float x, float y)
        {
            if (float.IsNaN(x)) return x;
            float regular = x % y;
            if (float.IsNaN(regular)) return float.NaN;
            if (regular == 0f && float.IsNegative(x)) return regular; // −0, as .NET returns: % keeps x's sign
            float sign = x > 0f ? 1f : x < 0f ? -1f : 0f;
            float alternative = regular - MathF.Abs(y) * sign;
            if (MathF.Abs(alternative) == MathF.Abs(regular))
            {
                float quotient = x / y;
                return MathF.Abs(MathF.Round(quotient)) > MathF.Abs(quotient) ? alternative : regular;
            }
            return MathF.Abs(alternative) < MathF.Abs(regular) ? alternative : regular;
        }

        public static Matrix3x2 CreateScale(float xScale, float yScale) => Create(xScale, 0f, 0f, yScale, 0f, 0f);

        public static Matrix3x2 CreateScale(Vector2 scales) => Create(scales.X, 0f, 0f, scales.Y, 0f, 0f);

        public static Matrix3x2 CreateScale(float scale) => Create(scale, 0f, 0f, scale, 0f, 0f);

        public static Matrix3x2 CreateTranslation(float xPosition, float yPosition) => Create(1f, 0f, 0f, 1f, xPosition, yPosition);

        public static Matrix3x2 CreateTranslation(Vector2 position) => Create(1f, 0f, 0f, 1f, position.X, position.Y);
    }
}
#endif
