using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// System.Numerics Quaternion, Matrix4x4, Matrix3x2 and Vector2/3/4's transforms, Reflect and
    /// Clamp (issue 13), woven through the runtime's models of their members
    /// (Runtime/NumericsModels/), one member family at a time on float inputs: the value each
    /// derivative returns against the unwoven primal, which runs the library's own (SIMD) members,
    /// within float rounding (the models may differ in the last bit where the library fuses
    /// multiply-adds); the reverse gradient against central differences of that primal; forward
    /// mode along a direction against the reverse gradient. Debug and Release IL.
    /// </summary>
    public sealed class NumericsMemberTests
    {
        private const string Source = "using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class N
{
    // A weighted sum of the fields, so that each field's derivative counts differently.
    static float S(Quaternion q) => q.X + 2 * q.Y + 3 * q.Z + 4 * q.W;
    static float S(Vector2 v) => v.X + 2 * v.Y;
    static float S(Vector3 v) => v.X + 2 * v.Y + 3 * v.Z;
    static float S(Vector4 v) => v.X + 2 * v.Y + 3 * v.Z + 4 * v.W;
    static float S(Matrix3x2 m) => m.M11 + 2 * m.M12 + 3 * m.M21 + 4 * m.M22 + 5 * m.M31 + 6 * m.M32;
    static float S(Matrix4x4 m) =>
        m.M11 + 2 * m.M12 + 3 * m.M13 + 4 * m.M14 + 5 * m.M21 + 6 * m.M22 + 7 * m.M23 + 8 * m.M24 +
        9 * m.M31 + 10 * m.M32 + 11 * m.M33 + 12 * m.M34 + 13 * m.M41 + 14 * m.M42 + 15 * m.M43 + 16 * m.M44;

    [AutoDiffReverse(""QuaternionGrad"", Active, Active, Active, Active, Const, Active)]
    [AutoDiffForward(""QuaternionTangent"", Dual, Dual, Dual, Dual, Const, Dual)]
    public static float QuaternionMember(float a, float b, float c, float d, int which)
    {
        var p = new Quaternion(a, b, c, d);
        var q = Quaternion.CreateFromAxisAngle(Vector3.Normalize(new Vector3(1, b, 2)), a);
        switch (which)
        {
            case 0: return S(p * q);
            case 1: return S(Quaternion.Add(p, q) + Quaternion.Subtract(p, q) * 0.5f - Quaternion.Multiply(q, c));
            case 2: return S(p / q) + S(Quaternion.Divide(q, p));
            case 3: return S(Quaternion.Concatenate(p, q)) + S(Quaternion.Multiply(p, q));
            case 4: return S(Quaternion.Conjugate(p) - Quaternion.Negate(q) + -p);
            case 5: return S(Quaternion.Inverse(p));
            case 6: return S(Quaternion.Normalize(p));
            case 7: return S(Quaternion.Lerp(p, q, 0.3f + 0.1f * c)) + S(Quaternion.Lerp(p, -q, 0.6f));
            case 8: return S(Quaternion.Slerp(Quaternion.Normalize(p), q, 0.4f * d));
            case 9: return S(Quaternion.Slerp(q, q * 1.0000001f, c)) + S(Quaternion.Slerp(Quaternion.Normalize(p), -q, 0.7f));
            case 10: return S(Quaternion.CreateFromYawPitchRoll(a, b, c));
            case 11: return S(Quaternion.CreateFromRotationMatrix(Matrix4x4.CreateFromYawPitchRoll(a, b, c)));
            case 12: return S(new Quaternion(new Vector3(a, b, c), d) * Quaternion.Identity + Quaternion.Zero);
            case 13: return p.Length() + 2 * q.LengthSquared() + 3 * Quaternion.Dot(p, q);
            case 14: return (q.IsIdentity ? 1 : 2) * a + (p == q ? 3 : 5) * b + (p != p ? 7 : 11) * c + (Quaternion.Identity.IsIdentity ? d : 0);
            // Half-turns about x, y and z: CreateFromRotationMatrix's three branches for a negative trace.
            case 15: return S(Quaternion.CreateFromRotationMatrix(Matrix4x4.CreateRotationX(3 + 0.1f * a)))
                + S(Quaternion.CreateFromRotationMatrix(Matrix4x4.CreateRotationY(3 + 0.1f * b)))
                + S(Quaternion.CreateFromRotationMatrix(Matrix4x4.CreateRotationZ(3 + 0.1f * c)));
            default: throw new ArgumentOutOfRangeException(nameof(which));
        }
    }

    [AutoDiffReverse(""Matrix4x4Grad"", Active, Active, Active, Active, Const, Active)]
    [AutoDiffForward(""Matrix4x4Tangent"", Dual, Dual, Dual, Dual, Const, Dual)]
    public static float Matrix4x4Member(float a, float b, float c, float d, int which)
    {
        var m = new Matrix4x4(a, b, c, d, b * c, 1, a, 2, c, d, 3, a * b, d, a, b, 4 + c);
        var n = Matrix4x4.CreateFromYawPitchRoll(a, b, c);
        switch (which)
        {
            case 0: return S(Matrix4x4.CreateRotationX(a) * Matrix4x4.CreateRotationY(b) * Matrix4x4.CreateRotationZ(c));
            case 1: return S(Matrix4x4.CreateScale(a, b, c) + Matrix4x4.CreateScale(new Vector3(d, a, b)) - Matrix4x4.CreateScale(d));
            case 2: return S(Matrix4x4.CreateTranslation(a, b, c) * Matrix4x4.CreateTranslation(new Vector3(d, a, b)));
            case 3: return S(Matrix4x4.CreateFromQuaternion(new Quaternion(a, b, c, d)));
            case 4: return S(Matrix4x4.CreateFromAxisAngle(Vector3.Normalize(new Vector3(a, 1, c)), d));
            case 5: return S(Matrix4x4.Transpose(m)) + S(m * n);
            case 6: return S(Matrix4x4.Lerp(m, n, c));
            case 7: return m.GetDeterminant();
            case 8: return S(Matrix4x4.CreateLookAt(new Vector3(a, b, 5), new Vector3(c, d, 0), Vector3.UnitY));
            case 9: return S((m * n).Translation) + S(Matrix4x4.Identity) + (m.IsIdentity ? 0 : a) + (Matrix4x4.Identity.IsIdentity ? b : 0);
            case 10: return S(Matrix4x4.Negate(m) + Matrix4x4.Multiply(m, d) + Matrix4x4.Add(m, n) - Matrix4x4.Subtract(n, m) + Matrix4x4.Multiply(m, n) - -m * c);
            case 11: return S(Matrix4x4.CreatePerspectiveFieldOfView(0.5f + 0.1f * a, 1.5f + 0.1f * b, 0.5f + 0.01f * c, 100 + d));
            case 12: return (m == n ? 1 : 2) * a + (m != m ? 3 : 5) * b;
            case 13: return Matrix4x4.Invert(m, out var inverse) ? S(inverse) : 0;
            case 14: return (Matrix4x4.Invert(Matrix4x4.CreateScale(a, 0, c), out var singular) ? 1 : 2) * a + (float.IsNaN(singular.M11) ? b : 0);
            case 15: return S(Matrix4x4.CreateRotationX(a, new Vector3(b, c, d))) + S(Matrix4x4.CreateRotationY(b, new Vector3(c, d, a))) + S(Matrix4x4.CreateRotationZ(c, new Vector3(d, a, b)));
            case 16: return S(Matrix4x4.CreateScale(a, b, c, new Vector3(d, 1, 2))) + S(Matrix4x4.CreateScale(new Vector3(d, a, b), new Vector3(c, 1, a))) + S(Matrix4x4.CreateScale(d, new Vector3(a, b, c)));
            case 17: return S(Matrix4x4.CreateWorld(new Vector3(a, b, c), new Vector3(d, 1, a), Vector3.UnitY)) + S(Matrix4x4.Transform(m, new Quaternion(a, b, c, d)));
            case 19: return Decomposed(Matrix4x4.CreateScale(1 + a, 2 + b, 0.5f + c * c) * Matrix4x4.CreateFromYawPitchRoll(b, c, d) * Matrix4x4.CreateTranslation(d, a, 3));
            case 20: return Decomposed(Matrix4x4.CreateScale(-1 - a * a, 2 + b, 3 + c) * Matrix4x4.CreateRotationZ(d)); // a reflection
            case 21: return Decomposed(Matrix4x4.CreateScale(2 + a, 0.00001f * b, 3 + c) * Matrix4x4.CreateRotationY(d)); // a row shorter than 1e-4
            case 22: return Decomposed(m); // not a rotation: false
            case 18: return S(Matrix4x4.CreateOrthographic(2 + a, 3 + b, 0.5f + 0.1f * c, 10 + d)) + S(Matrix4x4.CreateOrthographicOffCenter(a, 3 + b, c, 4 + d, 0.5f, 10 + a))
                + S(Matrix4x4.CreatePerspective(2 + a, 3 + b, 1.5f + 0.1f * c, 10 + d)) + S(Matrix4x4.CreatePerspectiveOffCenter(a, 3 + b, c, 4 + d, 1.5f + 0.1f * c, 10 + a));
            default: throw new ArgumentOutOfRangeException(nameof(which));
        }
    }

    static float Decomposed(Matrix4x4 m) =>
        (Matrix4x4.Decompose(m, out var scale, out var rotation, out var translation) ? 1 : -1) * (S(scale) + S(rotation) + S(translation));

    [AutoDiffReverse(""Matrix3x2Grad"", Active, Active, Active, Active, Const, Active)]
    [AutoDiffForward(""Matrix3x2Tangent"", Dual, Dual, Dual, Dual, Const, Dual)]
    public static float Matrix3x2Member(float a, float b, float c, float d, int which)
    {
        var m = new Matrix3x2(a, b, c, d, a * b, c + d);
        var n = new Matrix3x2(d, 1, c, a, 2, b);
        switch (which)
        {
            case 0: return S(Matrix3x2.CreateScale(a, b) * Matrix3x2.CreateTranslation(c, d));
            case 1: return S(m * n) + S(Matrix3x2.Multiply(n, m)) + S(Matrix3x2.Multiply(m, c));
            case 2: return m.GetDeterminant();
            case 3: return S(Matrix3x2.Lerp(m, n, 0.25f * c));
            case 4: return S(m.Translation) + S(Matrix3x2.Identity) + S(-m + Matrix3x2.Negate(n) - Matrix3x2.Subtract(m, n) + Matrix3x2.Add(n, n) - n * d);
            case 5: return S(Matrix3x2.CreateScale(new Vector2(a, b)) * Matrix3x2.CreateScale(c) * Matrix3x2.CreateTranslation(new Vector2(d, a)));
            case 6: return (m.IsIdentity ? 1 : 2) * a + (m == n ? 3 : 5) * b + (m != m ? 7 : 11) * c + (Matrix3x2.Identity.IsIdentity ? d : 0);
            case 7: return Matrix3x2.Invert(m, out var inverse) ? S(inverse) : 0;
            case 8: return (Matrix3x2.Invert(Matrix3x2.CreateScale(a, 0), out var singular) ? 1 : 2) * a + (float.IsNaN(singular.M32) ? b : 0);
            case 9: return S(Matrix3x2.CreateRotation(a)) + S(Matrix3x2.CreateRotation(7 * b, new Vector2(c, d)));
            default: throw new ArgumentOutOfRangeException(nameof(which));
        }
    }

    // The elements of a 2-D rotation, one at a time (.NET 10 snaps them to 0 and ±1 near multiples of π/2).
    [AutoDiffReverse(""RotationGrad"", Active, Const, Active)]
    [AutoDiffForward(""RotationTangent"", Dual, Const, Dual)]
    public static float Rotation(float radians, int which)
    {
        var m = Matrix3x2.CreateRotation(radians);
        return which == 0 ? m.M11 : which == 1 ? m.M12 : which == 2 ? m.M21 : m.M22;
    }

    [AutoDiffReverse(""VectorGrad"", Active, Active, Active, Active, Const, Active)]
    [AutoDiffForward(""VectorTangent"", Dual, Dual, Dual, Dual, Const, Dual)]
    public static float VectorMember(float a, float b, float c, float d, int which)
    {
        var m = Matrix4x4.CreateFromYawPitchRoll(a, b, c) * Matrix4x4.CreateTranslation(d, 1, 2);
        m.M14 = a; m.M24 = b; m.M34 = c; m.M44 = 2 + d;
        var k = new Matrix3x2(a, b, c, d, a * b, c + d);
        var q = new Quaternion(a, b, c, d);
        var v2 = new Vector2(c, d);
        var v3 = new Vector3(c, d, a);
        var v4 = new Vector4(c, d, a, b);
        switch (which)
        {
            case 0: return S(Vector3.Transform(v3, m)) + S(Vector3.TransformNormal(v3, m));
            case 1: return S(Vector3.Transform(v3, q));
            case 2: return S(Vector2.Transform(v2, k)) + S(Vector2.TransformNormal(v2, k));
            case 3: return S(Vector2.Transform(v2, m)) + S(Vector2.TransformNormal(v2, m)) + S(Vector2.Transform(v2, q));
            case 4: return S(Vector4.Transform(v4, m)) + S(Vector4.Transform(v3, m)) + S(Vector4.Transform(v2, m));
            case 5: return S(Vector4.Transform(v4, q)) + S(Vector4.Transform(v3, q)) + S(Vector4.Transform(v2, q));
            case 6: return S(Vector3.Reflect(v3, Vector3.Normalize(new Vector3(b, 1, a)))) + S(Vector2.Reflect(v2, new Vector2(a, b)));
            case 7: return S(Vector2.Clamp(v2, new Vector2(-1, 0.5f), new Vector2(b, 2)))
                + S(Vector3.Clamp(v3, new Vector3(a, 0, -5), new Vector3(5, d, 0.5f)))
                + S(Vector4.Clamp(v4, Vector4.Zero, new Vector4(d, 9, 9, 0.5f)));
            default: throw new ArgumentOutOfRangeException(nameof(which));
        }
    }
}";

        private static readonly float[][] Points =
        {
            new[] { 0.7f, -0.4f, 1.3f, 0.9f },
            new[] { -1.1f, 0.8f, 0.35f, 1.6f },
        };

        [Test]
        public void Quaternion_members([Range(0, 15)] int which, [Values(false, true)] bool optimize) => Check("Quaternion", which, optimize);

        [Test]
        public void Matrix4x4_members([Range(0, 22)] int which, [Values(false, true)] bool optimize) => Check("Matrix4x4", which, optimize);

        [Test]
        public void Matrix3x2_members([Range(0, 9)] int which, [Values(false, true)] bool optimize) => Check("Matrix3x2", which, optimize);

        [Test]
        public void Vector_members([Range(0, 7)] int which, [Values(false, true)] bool optimize) => Check("Vector", which, optimize);

        /// <summary>
        /// Matrix3x2.CreateRotation at and beside the angles where .NET 10 returns exact zeros and
        /// ones instead of cos and sin (within about 1e-5 of 0, ±π/2, ±π, after reducing by 2π): the
        /// same values as the library's, bit for bit there, and the derivatives of cos and sin
        /// (hand-derived), not the zero a constant would carry.
        /// </summary>
        [Test]
        public void Matrix3x2_rotation_where_the_library_snaps([Values(false, true)] bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<float, int, float>>("N", "Rotation");
            var grad = woven.Get<Func<float, int, float, (float, float)>>("N", "RotationGrad");
            var tangent = woven.Get<Func<float, float, int, (float, float)>>("N", "RotationTangent");
            float[] angles =
            {
                0f, -0f, 1e-6f, -1.5e-5f, 2e-5f, MathF.PI / 2, MathF.PI / 2 + 1e-5f, -MathF.PI / 2, -MathF.PI / 2 - 1e-5f,
                MathF.PI, -MathF.PI, MathF.PI - 1e-5f, 2 * MathF.PI, -2 * MathF.PI + 1e-6f, 5 * MathF.PI / 2, 0.8f, -2.5f, 7f, 100f,
            };
            foreach (var t in angles)
            {
                double c = Math.Cos(t), s = Math.Sin(t);
                double[] derivatives = { -s, c, -c, -s }; // of M11 = cos, M12 = sin, M21 = −sin, M22 = cos
                for (int which = 0; which < 4; which++)
                {
                    float library = primal(t, which);
                    var (value, d) = grad(t, which, 1f);
                    bool snapped = library == 0f || Math.Abs(library) == 1f;
                    if (snapped) Assert.That(BitConverter.SingleToInt32Bits(value), Is.EqualTo(BitConverter.SingleToInt32Bits(library)), $"M{which} at {t}: the library's exact {library}");
                    else Assert.That(value, Is.EqualTo(library).Within(2e-7), $"M{which} at {t}");
                    Assert.That(d, Is.EqualTo(derivatives[which]).Within(1e-5 + 4e-7 * Math.Abs(t)), $"d M{which} / dθ at {t}");
                    Assert.That(tangent(t, 1f, which).Item2, Is.EqualTo(d), $"forward d M{which} / dθ at {t}");
                }
            }
        }

        private static readonly WovenPerBuild Woven = new WovenPerBuild(Source);

        private static WovenAssembly Weave(bool optimize) => Woven.For(optimize);

        [OneTimeTearDown]
        public void Unload() => Woven.Dispose();

        private static void Check(string family, int which, bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<float, float, float, float, int, float>>("N", family + "Member");
            var grad = woven.Get<Func<float, float, float, float, int, float, (float, float, float, float, float)>>("N", family + "Grad");
            var tangent = woven.Get<Func<float, float, float, float, float, float, float, float, int, (float, float)>>("N", family + "Tangent");
            foreach (var x in Points)
            {
                float expected = primal(x[0], x[1], x[2], x[3], which);
                var (value, g0, g1, g2, g3) = grad(x[0], x[1], x[2], x[3], which, 1f);
                var gradient = new double[] { g0, g1, g2, g3 };
                string at = $"{family} {which} at ({string.Join(", ", x)})";
                Assert.That(value, Is.EqualTo(expected).Within(2e-5 * Math.Max(1, Math.Abs(expected))), at + ": value against the library's");
                for (int k = 0; k < 4; k++)
                {
                    double Along(double t)
                    {
                        var y = (float[])x.Clone();
                        y[k] = (float)t;
                        return primal(y[0], y[1], y[2], y[3], which);
                    }
                    double h = 1e-2;
                    double reference = (Along(x[k] + h) - Along(x[k] - h)) / (2 * h);
                    Assert.That(gradient[k], Is.EqualTo(reference).Within(2e-3 * Math.Max(1, Math.Abs(reference)) + 2e-3 * Math.Abs(expected)), $"{at}: d/dx{k} against central differences");
                }
                float[] u = { 0.3f, -0.5f, 0.8f, 0.2f };
                var (forwardValue, dv) = tangent(x[0], u[0], x[1], u[1], x[2], u[2], x[3], u[3], which);
                double directional = gradient.Select((gk, k) => gk * u[k]).Sum();
                Assert.That(forwardValue, Is.EqualTo(value).Within(2e-5 * Math.Max(1, Math.Abs(value))), at + ": forward value");
                Assert.That(dv, Is.EqualTo(directional).Within(1e-4 * Math.Max(1, Math.Abs(directional))), at + ": forward against reverse");
            }
        }
    }
}
