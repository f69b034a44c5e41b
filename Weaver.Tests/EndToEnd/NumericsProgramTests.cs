using System;
using System.Linq;
using System.Numerics;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Quaternion, Matrix4x4 and Matrix3x2 in programs as games and graphics write them (issue 13):
    /// as Active/Dual parameters and returns, in Duplicated arrays (<c>Quaternion[]</c>,
    /// <c>Matrix4x4[]</c>), as locals updated in loops; a rigid body fitted to targets (points
    /// rotated by a quaternion from an axis and angle), a camera's model-view-projection of a point
    /// (CreateRotationY · CreateTranslation · CreateLookAt · CreatePerspectiveFieldOfView), a 2-D
    /// sprite's corners through a Matrix3x2. Each reverse gradient against central differences of
    /// the unwoven primal (the library's own members) and forward mode against reverse, Debug and
    /// Release IL.
    /// </summary>
    public sealed class NumericsProgramTests
    {
        private const string Source = "using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public class Holder { public Quaternion Q; }

public static partial class P
{
    // Rigid-body fitting: the squared distance from rotated and moved points to their targets.
    [AutoDiffReverse(""FitGrad"", Active, Active, Active, Const, Const, Active)]
    [AutoDiffForward(""FitTangent"", Dual, Dual, Dual, Const, Const, Dual)]
    public static float RigidFit(Vector3 axis, float angle, Vector3 offset, Vector3[] points, Vector3[] targets)
    {
        var rotation = Quaternion.CreateFromAxisAngle(Vector3.Normalize(axis), angle);
        float loss = 0;
        for (int i = 0; i < points.Length; i++)
        {
            var moved = Vector3.Transform(points[i], rotation) + offset;
            loss += Vector3.DistanceSquared(moved, targets[i]);
        }
        return loss;
    }

    // A camera: a model's point through model, view and projection to normalized device coordinates.
    [AutoDiffReverse(""ProjectGrad"", Active, Active, Active, Active)]
    [AutoDiffForward(""ProjectTangent"", Dual, Dual, Dual, Dual)]
    public static Vector2 Project(Vector3 point, float yaw, Vector3 position)
    {
        var model = Matrix4x4.CreateRotationY(yaw) * Matrix4x4.CreateTranslation(position);
        var view = Matrix4x4.CreateLookAt(new Vector3(0, 2, 10), Vector3.Zero, Vector3.UnitY);
        var projection = Matrix4x4.CreatePerspectiveFieldOfView(MathF.PI / 3, 16f / 9, 0.1f, 100);
        var clip = Vector4.Transform(point, model * view * projection);
        return new Vector2(clip.X / clip.W, clip.Y / clip.W);
    }

    // A 2-D sprite: its four corners scaled and moved, squared distance to where they should be.
    [AutoDiffReverse(""SpriteGrad"", Active, Active, Active)]
    [AutoDiffForward(""SpriteTangent"", Dual, Dual, Dual)]
    public static float Sprite(Vector2 scale, Vector2 position)
    {
        var world = Matrix3x2.CreateScale(scale) * Matrix3x2.CreateTranslation(position);
        float loss = 0;
        for (int i = 0; i < 4; i++)
        {
            var corner = new Vector2(i % 2, i / 2);
            var target = new Vector2(3 + 2 * corner.X, -1 + 0.5f * corner.Y);
            loss += Vector2.DistanceSquared(Vector2.Transform(corner, world), target);
        }
        return loss;
    }

    // Structs in and out.
    [AutoDiffReverse(""RotateGrad"", Active, Active, Active)]
    [AutoDiffForward(""RotateTangent"", Dual, Dual, Dual)]
    public static Vector3 Rotate(Quaternion q, Vector3 p) => Vector3.Transform(p, Quaternion.Normalize(q));

    [AutoDiffReverse(""ComposeGrad"", Active, Active, Active)]
    [AutoDiffForward(""ComposeTangent"", Dual, Dual, Dual)]
    public static Matrix4x4 Compose(Matrix4x4 a, Matrix4x4 b) => a * Matrix4x4.Transpose(b);

    [AutoDiffReverse(""TurnGrad"", Active, Active, Active)]
    [AutoDiffForward(""TurnTangent"", Dual, Dual, Dual)]
    public static Quaternion Turn(Quaternion q, float angle) => Quaternion.Slerp(q, q * Quaternion.CreateFromAxisAngle(Vector3.UnitZ, angle), 0.5f);

    // Members called on array elements and object fields, an out argument into an array element,
    // the Translation setter, and Vector3's static Create and MultiplyAddEstimate.
    [AutoDiffReverse(""InPlaceGrad"", Duplicated, Duplicated, Active)]
    [AutoDiffForward(""InPlaceTangent"", Dual, Dual, Dual)]
    public static float InPlace(Quaternion[] qs, Matrix4x4[] ms)
    {
        float s = 0;
        for (int i = 0; i < qs.Length; i++) s += qs[i].Length() * (i + 1);
        Matrix4x4.Invert(ms[0], out ms[1]);
        var holder = new Holder { Q = qs[0] };
        var m = ms[1];
        m.Translation = Vector3.MultiplyAddEstimate(Vector3.Create(holder.Q.W), ms[0].Translation, Vector3.Create(1, 2, 3));
        return s + ms[1].M11 + 2 * ms[1].M23 + ms[0].GetDeterminant() + holder.Q.LengthSquared() + Quaternion.Normalize(holder.Q).X + m.GetDeterminant() + m.M42;
    }

    // Arrays of them, folded in loops.
    [AutoDiffReverse(""ChainGrad"", Duplicated, Active, Active)]
    [AutoDiffForward(""ChainTangent"", Dual, Dual, Dual)]
    public static float Chain(Quaternion[] rotations, Vector3 p)
    {
        var r = Quaternion.Identity;
        for (int i = 0; i < rotations.Length; i++) r = rotations[i] * r;
        var v = Vector3.Transform(p, r);
        return v.X + 2 * v.Y + 3 * v.Z;
    }

    [AutoDiffReverse(""StackGrad"", Duplicated, Active, Active)]
    [AutoDiffForward(""StackTangent"", Dual, Dual, Dual)]
    public static float Stack(Matrix4x4[] transforms, Vector3 p)
    {
        var m = Matrix4x4.Identity;
        foreach (var t in transforms) m *= t;
        var v = Vector3.Transform(p, m);
        return v.X + 2 * v.Y + 3 * v.Z;
    }
}";

        // Flattening the structs to floats and back, for central differences field by field.
        private static float[] F(Vector2 v) => new[] { v.X, v.Y };
        private static float[] F(Vector3 v) => new[] { v.X, v.Y, v.Z };
        private static float[] F(Quaternion q) => new[] { q.X, q.Y, q.Z, q.W };
        private static float[] F(Matrix4x4 m) => new[] { m.M11, m.M12, m.M13, m.M14, m.M21, m.M22, m.M23, m.M24, m.M31, m.M32, m.M33, m.M34, m.M41, m.M42, m.M43, m.M44 };
        private static Vector2 V2(float[] x, int at) => new Vector2(x[at], x[at + 1]);
        private static Vector3 V3(float[] x, int at) => new Vector3(x[at], x[at + 1], x[at + 2]);
        private static Quaternion Q(float[] x, int at) => new Quaternion(x[at], x[at + 1], x[at + 2], x[at + 3]);
        private static Matrix4x4 M(float[] x, int at) => new Matrix4x4(x[at], x[at + 1], x[at + 2], x[at + 3], x[at + 4], x[at + 5], x[at + 6], x[at + 7], x[at + 8], x[at + 9], x[at + 10], x[at + 11], x[at + 12], x[at + 13], x[at + 14], x[at + 15]);
        private static double Weighted(float[] x) => x.Select((v, k) => (double)v * (k + 1)).Sum();
        private static float[] Weights(int n) => Enumerable.Range(1, n).Select(k => (float)k).ToArray();

        /// <summary>The gradient against central differences of <paramref name="f"/> at <paramref name="x"/>; the directional derivative along <paramref name="u"/> against forward mode's <paramref name="tangent"/>.</summary>
        private static void CheckGradient(Func<float[], double> f, float[] x, float[] gradient, float[] u, float tangent, string what)
        {
            const double h = 1e-2;
            double scale = Math.Max(1, Math.Abs(f(x)));
            for (int k = 0; k < x.Length; k++)
            {
                var plus = (float[])x.Clone();
                var minus = (float[])x.Clone();
                plus[k] += (float)h;
                minus[k] -= (float)h;
                double reference = (f(plus) - f(minus)) / ((double)plus[k] - minus[k]);
                Assert.That(gradient[k], Is.EqualTo(reference).Within(3e-3 * Math.Max(1, Math.Abs(reference)) + 1e-3 * scale), $"{what}: d/dx{k} against central differences");
            }
            double directional = gradient.Select((g, k) => (double)g * u[k]).Sum();
            Assert.That(tangent, Is.EqualTo(directional).Within(1e-4 * Math.Max(1, gradient.Zip(u, (g, v) => Math.Abs((double)g * v)).Sum())), $"{what}: forward against reverse");
        }

        private static float[] Direction(int n) => Enumerable.Range(0, n).Select(k => (float)Math.Sin(1.7 * k + 0.3)).ToArray();

        private static readonly WovenPerBuild Woven = new WovenPerBuild(Source);

        private static WovenAssembly Weave(bool optimize) => Woven.For(optimize);

        [OneTimeTearDown]
        public void Unload() => Woven.Dispose();

        [TestCase(false), TestCase(true)]
        public void Rigid_body_fitted_to_targets(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Vector3, float, Vector3, Vector3[], Vector3[], float>>("P", "RigidFit");
            var grad = woven.Get<Func<Vector3, float, Vector3, Vector3[], Vector3[], float, (float, Vector3, float, Vector3)>>("P", "FitGrad");
            var tangent = woven.Get<Func<Vector3, Vector3, float, float, Vector3, Vector3, Vector3[], Vector3[], (float, float)>>("P", "FitTangent");
            var points = Enumerable.Range(0, 6).Select(i => new Vector3(MathF.Cos(i), MathF.Sin(2 * i), 0.3f * i)).ToArray();
            var truth = Quaternion.CreateFromAxisAngle(Vector3.Normalize(new Vector3(1, 2, 3)), 0.8f);
            var targets = points.Select(p => Vector3.Transform(p, truth) + new Vector3(1, -2, 0.5f)).ToArray();
            var x = F(new Vector3(1.2f, 1.7f, 3.3f)).Append(0.6f).Concat(F(new Vector3(0.7f, -1.5f, 0.2f))).ToArray();
            double Loss(float[] y) => primal(V3(y, 0), y[3], V3(y, 4), points, targets);
            var (value, dAxis, dAngle, dOffset) = grad(V3(x, 0), x[3], V3(x, 4), points, targets, 1f);
            Assert.That(value, Is.EqualTo(Loss(x)).Within(1e-5 * Math.Abs(value)));
            var u = Direction(7);
            var (forwardValue, dv) = tangent(V3(x, 0), V3(u, 0), x[3], u[3], V3(x, 4), V3(u, 4), points, targets);
            Assert.That(forwardValue, Is.EqualTo(value).Within(1e-5 * Math.Abs(value)));
            CheckGradient(Loss, x, F(dAxis).Append(dAngle).Concat(F(dOffset)).ToArray(), u, dv, "rigid body");
        }

        [TestCase(false), TestCase(true)]
        public void Camera_projection_of_a_point(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Vector3, float, Vector3, Vector2>>("P", "Project");
            var grad = woven.Get<Func<Vector3, float, Vector3, Vector2, (Vector2, Vector3, float, Vector3)>>("P", "ProjectGrad");
            var tangent = woven.Get<Func<Vector3, Vector3, float, float, Vector3, Vector3, (Vector2, Vector2)>>("P", "ProjectTangent");
            var x = F(new Vector3(0.5f, 1.2f, -0.4f)).Append(0.7f).Concat(F(new Vector3(1.5f, -0.3f, -2f))).ToArray();
            var expected = primal(V3(x, 0), x[3], V3(x, 4));
            foreach (var seed in new[] { Vector2.UnitX, Vector2.UnitY })
            {
                double Seen(float[] y) => Vector2.Dot(primal(V3(y, 0), y[3], V3(y, 4)), seed);
                var (value, dPoint, dYaw, dPosition) = grad(V3(x, 0), x[3], V3(x, 4), seed);
                Assert.That(F(value), Is.EqualTo(F(expected)).Within(1e-5), "the library's projection");
                var u = Direction(7);
                var (forwardValue, dv) = tangent(V3(x, 0), V3(u, 0), x[3], u[3], V3(x, 4), V3(u, 4));
                Assert.That(F(forwardValue), Is.EqualTo(F(value)).Within(1e-6));
                CheckGradient(Seen, x, F(dPoint).Append(dYaw).Concat(F(dPosition)).ToArray(), u, Vector2.Dot(dv, seed), $"projection seeded {seed}");
            }
        }

        [TestCase(false), TestCase(true)]
        public void Sprite_corners_through_a_Matrix3x2(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Vector2, Vector2, float>>("P", "Sprite");
            var grad = woven.Get<Func<Vector2, Vector2, float, (float, Vector2, Vector2)>>("P", "SpriteGrad");
            var tangent = woven.Get<Func<Vector2, Vector2, Vector2, Vector2, (float, float)>>("P", "SpriteTangent");
            var x = new[] { 1.5f, 0.8f, 2.5f, -0.7f };
            double Loss(float[] y) => primal(V2(y, 0), V2(y, 2));
            var (value, dScale, dPosition) = grad(V2(x, 0), V2(x, 2), 1f);
            Assert.That(value, Is.EqualTo(Loss(x)).Within(1e-5 * Math.Abs(value)));
            var u = Direction(4);
            var (_, dv) = tangent(V2(x, 0), V2(u, 0), V2(x, 2), V2(u, 2));
            CheckGradient(Loss, x, F(dScale).Concat(F(dPosition)).ToArray(), u, dv, "sprite");
            // The fit's optimum: scale (2, 0.5) at (3, −1) has a zero gradient.
            var (atOptimum, d1, d2) = grad(new Vector2(2, 0.5f), new Vector2(3, -1), 1f);
            Assert.That(atOptimum, Is.EqualTo(0f));
            Assert.That(F(d1).Concat(F(d2)), Is.All.EqualTo(0f));
        }

        [TestCase(false), TestCase(true)]
        public void Quaternion_and_Vector3_in_a_Vector3_out(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Quaternion, Vector3, Vector3>>("P", "Rotate");
            var grad = woven.Get<Func<Quaternion, Vector3, Vector3, (Vector3, Quaternion, Vector3)>>("P", "RotateGrad");
            var tangent = woven.Get<Func<Quaternion, Quaternion, Vector3, Vector3, (Vector3, Vector3)>>("P", "RotateTangent");
            var x = new[] { 0.3f, -0.5f, 0.7f, 1.1f, 1.5f, -2f, 0.4f };
            var seed = new Vector3(1, 2, 3);
            double Seen(float[] y) => Vector3.Dot(primal(Q(y, 0), V3(y, 4)), seed);
            var (value, dq, dp) = grad(Q(x, 0), V3(x, 4), seed);
            Assert.That(F(value), Is.EqualTo(F(primal(Q(x, 0), V3(x, 4)))).Within(1e-5));
            var u = Direction(7);
            var (_, dv) = tangent(Q(x, 0), Q(u, 0), V3(x, 4), V3(u, 4));
            CheckGradient(Seen, x, F(dq).Concat(F(dp)).ToArray(), u, Vector3.Dot(dv, seed), "rotate");
        }

        [TestCase(false), TestCase(true)]
        public void Matrix4x4_in_and_out(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Matrix4x4, Matrix4x4, Matrix4x4>>("P", "Compose");
            var grad = woven.Get<Func<Matrix4x4, Matrix4x4, Matrix4x4, (Matrix4x4, Matrix4x4, Matrix4x4)>>("P", "ComposeGrad");
            var tangent = woven.Get<Func<Matrix4x4, Matrix4x4, Matrix4x4, Matrix4x4, (Matrix4x4, Matrix4x4)>>("P", "ComposeTangent");
            var x = Enumerable.Range(0, 32).Select(k => (float)Math.Cos(0.9 * k + 0.2)).ToArray();
            var seed = M(Weights(16), 0);
            double Seen(float[] y) => Weighted(F(primal(M(y, 0), M(y, 16))));
            var (value, da, db) = grad(M(x, 0), M(x, 16), seed);
            Assert.That(F(value), Is.EqualTo(F(primal(M(x, 0), M(x, 16)))).Within(1e-5));
            var u = Direction(32);
            var (_, dv) = tangent(M(x, 0), M(u, 0), M(x, 16), M(u, 16));
            CheckGradient(Seen, x, F(da).Concat(F(db)).ToArray(), u, (float)Weighted(F(dv)), "compose");
        }

        [TestCase(false), TestCase(true)]
        public void Quaternion_in_and_out(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Quaternion, float, Quaternion>>("P", "Turn");
            var grad = woven.Get<Func<Quaternion, float, Quaternion, (Quaternion, Quaternion, float)>>("P", "TurnGrad");
            var tangent = woven.Get<Func<Quaternion, Quaternion, float, float, (Quaternion, Quaternion)>>("P", "TurnTangent");
            var x = F(Quaternion.Normalize(new Quaternion(0.2f, -0.4f, 0.5f, 0.8f))).Append(0.9f).ToArray();
            var seed = new Quaternion(1, 2, 3, 4);
            double Seen(float[] y) => Weighted(F(primal(Q(y, 0), y[4])));
            var (value, dq, dAngle) = grad(Q(x, 0), x[4], seed);
            Assert.That(F(value), Is.EqualTo(F(primal(Q(x, 0), x[4]))).Within(1e-5));
            var u = Direction(5);
            var (_, dv) = tangent(Q(x, 0), Q(u, 0), x[4], u[4]);
            CheckGradient(Seen, x, F(dq).Append(dAngle).ToArray(), u, (float)Weighted(F(dv)), "slerp");
        }

        [TestCase(false), TestCase(true)]
        public void Members_on_elements_and_fields_and_out_into_an_element(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Quaternion[], Matrix4x4[], float>>("P", "InPlace");
            var grad = woven.Get<Func<Quaternion[], Quaternion[], Matrix4x4[], Matrix4x4[], float, float>>("P", "InPlaceGrad");
            var tangent = woven.Get<Func<Quaternion[], Quaternion[], Matrix4x4[], Matrix4x4[], (float, float)>>("P", "InPlaceTangent");
            // 3 quaternions and the first matrix are inputs; the second matrix is overwritten by Invert.
            var x = Enumerable.Range(0, 28).Select(k => (float)Math.Sin(0.9 * k + 0.3)).ToArray();
            for (int k = 12; k < 28; k += 5) x[k] += 2; // a well-conditioned matrix
            Quaternion[] Qs(float[] y) => Enumerable.Range(0, 3).Select(i => Q(y, 4 * i)).ToArray();
            Matrix4x4[] Ms(float[] y) => new[] { M(y, 12), new Matrix4x4() };
            double Seen(float[] y) => primal(Qs(y), Ms(y));
            var dqs = new Quaternion[3];
            var dms = new Matrix4x4[2];
            var ms = Ms(x);
            float value = grad(Qs(x), dqs, ms, dms, 1f);
            Assert.That(value, Is.EqualTo(Seen(x)).Within(1e-5 * Math.Max(1, Math.Abs(value))));
            Assert.That(Matrix4x4.Invert(M(x, 12), out var inverse), Is.True);
            Assert.That(F(ms[1]), Is.EqualTo(F(inverse)).Within(1e-5), "the primal's out argument, written into the array");
            Assert.That(F(dms[1]), Is.All.EqualTo(0f), "no derivative is left in the overwritten element's shadow");
            var u = Direction(28);
            var (_, dv) = tangent(Qs(x), Qs(u), Ms(x), Ms(u));
            CheckGradient(Seen, x, dqs.SelectMany(F).Concat(F(dms[0])).ToArray(), u, dv, "in place");
        }

        [TestCase(false), TestCase(true)]
        public void Quaternion_array_folded_in_a_loop(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Quaternion[], Vector3, float>>("P", "Chain");
            var grad = woven.Get<Func<Quaternion[], Quaternion[], Vector3, float, (float, Vector3)>>("P", "ChainGrad");
            var tangent = woven.Get<Func<Quaternion[], Quaternion[], Vector3, Vector3, (float, float)>>("P", "ChainTangent");
            var x = Enumerable.Range(0, 12).Select(k => (float)Math.Sin(0.7 * k + 0.4)).Concat(new[] { 1f, -0.5f, 2f }).ToArray();
            Quaternion[] Rotations(float[] y) => Enumerable.Range(0, 3).Select(i => Q(y, 4 * i)).ToArray();
            double Seen(float[] y) => primal(Rotations(y), V3(y, 12));
            var shadow = new Quaternion[3];
            var (value, dp) = grad(Rotations(x), shadow, V3(x, 12), 1f);
            Assert.That(value, Is.EqualTo(Seen(x)).Within(1e-5 * Math.Max(1, Math.Abs(value))));
            var u = Direction(15);
            var (_, dv) = tangent(Rotations(x), Rotations(u), V3(x, 12), V3(u, 12));
            CheckGradient(Seen, x, shadow.SelectMany(F).Concat(F(dp)).ToArray(), u, dv, "quaternion chain");
        }

        [TestCase(false), TestCase(true)]
        public void Matrix4x4_array_folded_in_a_foreach(bool optimize)
        {
            var woven = Weave(optimize);
            var primal = woven.Get<Func<Matrix4x4[], Vector3, float>>("P", "Stack");
            var grad = woven.Get<Func<Matrix4x4[], Matrix4x4[], Vector3, float, (float, Vector3)>>("P", "StackGrad");
            var tangent = woven.Get<Func<Matrix4x4[], Matrix4x4[], Vector3, Vector3, (float, float)>>("P", "StackTangent");
            var x = Enumerable.Range(0, 32).Select(k => 0.5f * (float)Math.Cos(1.3 * k + 0.1)).Concat(new[] { 1f, -0.5f, 2f }).ToArray();
            Matrix4x4[] Transforms(float[] y) => new[] { M(y, 0), M(y, 16) };
            double Seen(float[] y) => primal(Transforms(y), V3(y, 32));
            var shadow = new Matrix4x4[2];
            var (value, dp) = grad(Transforms(x), shadow, V3(x, 32), 1f);
            Assert.That(value, Is.EqualTo(Seen(x)).Within(1e-5 * Math.Max(1, Math.Abs(value))));
            var u = Direction(35);
            var (_, dv) = tangent(Transforms(x), Transforms(u), V3(x, 32), V3(u, 32));
            CheckGradient(Seen, x, shadow.SelectMany(F).Concat(F(dp)).ToArray(), u, dv, "matrix stack");
        }
    }
}
