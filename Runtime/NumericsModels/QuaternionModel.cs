#if NET8_0_OR_GREATER
using System;
using System.Numerics;

namespace AutoDiff
{
    /// <summary>
    /// System.Numerics.Quaternion's members as plain scalar code on its public fields: the weaver
    /// inlines the method of the same name and signature in place of a call to the framework's
    /// member (a constructor's model is <c>Create</c>; an instance member's takes the quaternion as
    /// an <c>in</c> first parameter), because .NET 10 writes Quaternion on Vector128 and
    /// Unsafe.As, which the weaver cannot follow. Each computes what .NET 10's member computes, in
    /// its order of operations (read from its implementation); where the library fuses a multiply
    /// and an add (MultiplyAddEstimate) or sums lanes in another order, the value may differ in
    /// the last bit. Never called at run time. Only in the net8.0 build (MathF).
    /// </summary>
    public static class QuaternionModel
    {
        public static Quaternion Create(float x, float y, float z, float w)
        {
            Quaternion q;
            q.X = x; q.Y = y; q.Z = z; q.W = w;
            return q;
        }

        public static Quaternion Create(Vector3 vectorPart, float scalarPart)
        {
            Quaternion q;
            q.X = vectorPart.X; q.Y = vectorPart.Y; q.Z = vectorPart.Z; q.W = scalarPart;
            return q;
        }

        public static Quaternion get_Zero() => Create(0f, 0f, 0f, 0f);

        public static Quaternion get_Identity() => Create(0f, 0f, 0f, 1f);

        public static bool get_IsIdentity(in Quaternion self) => self.X == 0f && self.Y == 0f && self.Z == 0f && self.W == 1f;

        public static bool op_Equality(Quaternion value1, Quaternion value2) =>
            value1.X == value2.X && value1.Y == value2.Y && value1.Z == value2.Z && value1.W == value2.W;

        public static bool op_Inequality(Quaternion value1, Quaternion value2) => !op_Equality(value1, value2);

        public static Quaternion op_Addition(Quaternion value1, Quaternion value2) =>
            Create(value1.X + value2.X, value1.Y + value2.Y, value1.Z + value2.Z, value1.W + value2.W);

        public static Quaternion op_Subtraction(Quaternion value1, Quaternion value2) =>
            Create(value1.X - value2.X, value1.Y - value2.Y, value1.Z - value2.Z, value1.W - value2.W);

        public static Quaternion op_UnaryNegation(Quaternion value) => Create(-value.X, -value.Y, -value.Z, -value.W);

        public static Quaternion op_Multiply(Quaternion value1, float value2) =>
            Create(value1.X * value2, value1.Y * value2, value1.Z * value2, value1.W * value2);

        /// <summary>The Hamilton product, summed as .NET 10's shuffles sum it: value2·w₁, then the x₁, y₁, z₁ terms.</summary>
        public static Quaternion op_Multiply(Quaternion value1, Quaternion value2)
        {
            float ax = value1.X, ay = value1.Y, az = value1.Z, aw = value1.W;
            float bx = value2.X, by = value2.Y, bz = value2.Z, bw = value2.W;
            return Create(
                bx * aw + bw * ax + bz * ay - by * az,
                by * aw - bz * ax + bw * ay + bx * az,
                bz * aw + by * ax - bx * ay + bw * az,
                bw * aw - bx * ax - by * ay - bz * az);
        }

        public static Quaternion op_Division(Quaternion value1, Quaternion value2) => op_Multiply(value1, Inverse(value2));

        public static Quaternion Add(Quaternion value1, Quaternion value2) => op_Addition(value1, value2);

        public static Quaternion Subtract(Quaternion value1, Quaternion value2) => op_Subtraction(value1, value2);

        public static Quaternion Multiply(Quaternion value1, Quaternion value2) => op_Multiply(value1, value2);

        public static Quaternion Multiply(Quaternion value1, float value2) => op_Multiply(value1, value2);

        public static Quaternion Divide(Quaternion value1, Quaternion value2) => op_Division(value1, value2);

        public static Quaternion Negate(Quaternion value) => op_UnaryNegation(value);

        /// <summary>value1's rotation followed by value2's: the product value2 · value1.</summary>
        public static Quaternion Concatenate(Quaternion value1, Quaternion value2) => op_Multiply(value2, value1);

        public static Quaternion Conjugate(Quaternion value) => Create(-value.X, -value.Y, -value.Z, value.W);

        public static float Dot(Quaternion quaternion1, Quaternion quaternion2) =>
            quaternion1.X * quaternion2.X + quaternion1.Y * quaternion2.Y + quaternion1.Z * quaternion2.Z + quaternion1.W * quaternion2.W;

        public static float LengthSquared(in Quaternion self) => Dot(self, self);

        public static float Length(in Quaternion self) => MathF.Sqrt(Dot(self, self));

        public static Quaternion Normalize(Quaternion value)
        {
            float length = MathF.Sqrt(Dot(value, value));
            return Create(value.X / length, value.Y / length, value.Z / length, value.W / length);
        }

        /// <summary>The conjugate over the squared length; zero when that is at most float's epsilon, as .NET 10 masks it.</summary>
        public static Quaternion Inverse(Quaternion value)
        {
            float lengthSquared = Dot(value, value);
            if (lengthSquared <= 1.1920929E-07f) return Create(0f, 0f, 0f, 0f);
            return Create(-value.X / lengthSquared, -value.Y / lengthSquared, -value.Z / lengthSquared, value.W / lengthSquared);
        }

        public static Quaternion CreateFromAxisAngle(Vector3 axis, float angle)
        {
            float half = angle * 0.5f;
            float s = MathF.Sin(half), c = MathF.Cos(half);
            return Create(axis.X * s, axis.Y * s, axis.Z * s, c);
        }

        public static Quaternion CreateFromYawPitchRoll(float yaw, float pitch, float roll)
        {
            float sr = MathF.Sin(roll * 0.5f), cr = MathF.Cos(roll * 0.5f);
            float sp = MathF.Sin(pitch * 0.5f), cp = MathF.Cos(pitch * 0.5f);
            float sy = MathF.Sin(yaw * 0.5f), cy = MathF.Cos(yaw * 0.5f);
            return Create(
                cy * sp * cr + sy * cp * sr,
                sy * cp * cr - cy * sp * sr,
                cy * cp * sr - sy * sp * cr,
                cy * cp * cr + sy * sp * sr);
        }

        /// <summary>.NET 10's four branches (on the trace, then on the largest diagonal element).</summary>
        public static Quaternion CreateFromRotationMatrix(Matrix4x4 matrix)
        {
            float trace = matrix.M11 + matrix.M22 + matrix.M33;
            if (trace > 0f)
            {
                float s = MathF.Sqrt(trace + 1f);
                float w = s * 0.5f;
                s = 0.5f / s;
                return Create((matrix.M23 - matrix.M32) * s, (matrix.M31 - matrix.M13) * s, (matrix.M12 - matrix.M21) * s, w);
            }
            if (matrix.M11 >= matrix.M22 && matrix.M11 >= matrix.M33)
            {
                float s = MathF.Sqrt(1f + matrix.M11 - matrix.M22 - matrix.M33);
                float invS = 0.5f / s;
                return Create(0.5f * s, (matrix.M12 + matrix.M21) * invS, (matrix.M13 + matrix.M31) * invS, (matrix.M23 - matrix.M32) * invS);
            }
            if (matrix.M22 > matrix.M33)
            {
                float s = MathF.Sqrt(1f + matrix.M22 - matrix.M11 - matrix.M33);
                float invS = 0.5f / s;
                return Create((matrix.M21 + matrix.M12) * invS, 0.5f * s, (matrix.M32 + matrix.M23) * invS, (matrix.M31 - matrix.M13) * invS);
            }
            {
                float s = MathF.Sqrt(1f + matrix.M33 - matrix.M11 - matrix.M22);
                float invS = 0.5f / s;
                return Create((matrix.M31 + matrix.M13) * invS, (matrix.M32 + matrix.M23) * invS, 0.5f * s, (matrix.M12 - matrix.M21) * invS);
            }
        }

        /// <summary>quaternion1·(1 − t) + ±quaternion2·t (the sign that keeps the shorter arc), normalized.</summary>
        public static Quaternion Lerp(Quaternion quaternion1, Quaternion quaternion2, float amount)
        {
            float sign = Dot(quaternion1, quaternion2) >= 0f ? 1f : -1f;
            float t1 = 1f - amount;
            return Normalize(Create(
                quaternion1.X * t1 + quaternion2.X * sign * amount,
                quaternion1.Y * t1 + quaternion2.Y * sign * amount,
                quaternion1.Z * t1 + quaternion2.Z * sign * amount,
                quaternion1.W * t1 + quaternion2.W * sign * amount));
        }

        /// <summary>.NET 10's: linear weights past a cosine of 0.999999, else the spherical ones through Acos and Sin.</summary>
        public static Quaternion Slerp(Quaternion quaternion1, Quaternion quaternion2, float amount)
        {
            float cosOmega = Dot(quaternion1, quaternion2);
            float sign = 1f;
            if (cosOmega < 0f)
            {
                cosOmega = -cosOmega;
                sign = -1f;
            }
            float s1, s2;
            if (cosOmega > 0.999999f)
            {
                s1 = 1f - amount;
                s2 = amount * sign;
            }
            else
            {
                float omega = MathF.Acos(cosOmega);
                float invSinOmega = 1f / MathF.Sin(omega);
                s1 = MathF.Sin((1f - amount) * omega) * invSinOmega;
                s2 = MathF.Sin(amount * omega) * invSinOmega * sign;
            }
            return op_Addition(op_Multiply(quaternion1, s1), op_Multiply(quaternion2, s2));
        }
    }
}
#endif
