using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Generator
{
    /// <summary>Shadow types and result shapes beyond the semantics.md examples, one rule per case.</summary>
    public class ShadowAndResultShapeTests
    {
        private const string Fixture = """
            using System;
            using System.Collections.Generic;
            using System.Numerics;
            using AutoDiff;
            using static AutoDiff.Activity;

            public struct Point { public double X, Y; }
            public sealed class Particle { public double Mass; }

            public static unsafe partial class Shapes
            {
                // ReadOnlySpan<T> → Span<T>
                [AutoDiffReverse("DNorm", Duplicated, Active)]
                public static double Norm(ReadOnlySpan<double> v) => 0;

                // Span<T> → Span<T>, DuplicatedOnly like Duplicated
                [AutoDiffReverse("DScale", DuplicatedOnly)]
                public static void Scale(Span<float> v) { }

                // out T → ref T; Const input copied, no shadow
                [AutoDiffReverse("DSplit", Active, Const, Duplicated)]
                public static void Split(double x, int n, out double half) => half = x / n;

                // pointer → same pointer, and the derivative is declared unsafe
                [AutoDiffReverse("DSumPtr", Duplicated, Const, Active)]
                public static double SumPtr(double* p, int n) => 0;

                // object → same type
                [AutoDiffReverse("DEnergy", Duplicated, Active)]
                public static double Energy(Particle p) => p.Mass;

                // struct of scalars: Active, gradient of the struct type
                [AutoDiffReverse("DLength", Active, Active)]
                public static float Length(Vector3 v) => v.Length();

                // ActiveOnly return: primal left out; one gradient → that type alone
                [AutoDiffReverse("GradOnly", Active, ActiveOnly)]
                public static double Cube(double x) => x * x * x;

                // ActiveOnly return with two gradients → tuple of gradients
                [AutoDiffReverse("GradPoint", Active, Const, ActiveOnly)]
                public static double Dot(Point p, double w) => p.X * w + p.Y * w;

                // Const return, nothing active: no gradients → the primal alone
                [AutoDiffReverse("Plain", Const, Const)]
                public static double Twice(double x) => 2 * x;

                // void, only shadows: void
                [AutoDiffReverse("DFill", Duplicated)]
                public static void Fill(double[] a) { }

                // forward: Const return → the primal
                [AutoDiffForward("FConst", Dual, Const)]
                public static double F1(double x) => x;

                // forward: DualOnly → tangent alone
                [AutoDiffForward("FTangent", Dual, DualOnly)]
                public static double F2(double x) => x;

                // batch DualOnly → tuple of the tangents; ref shadows stay ref
                [AutoDiffForward("FBatch", 3, Dual, DualOnly)]
                public static double F3(ref double x) => x;

                // width 1 is plain forward mode: no _0 suffix
                [AutoDiffForward("FWidth1", 1, Dual, Dual)]
                public static double F4(double x) => x;

                // forward void → void; ReadOnlySpan tangent is a Span; array tangent an array
                [AutoDiffForward("FCopy", Dual, Dual)]
                public static void Copy(ReadOnlySpan<double> from, double[] to) { }

                // ref readonly parameter: copied as is, shadow is ref
                [AutoDiffForward("FRo", Dual, Dual)]
                public static double Ro(ref readonly double x) => x;

                // a multi-dimensional array's shadow has its type (and, checked by the derivative, its shape)
                [AutoDiffReverse("DFrobenius", Duplicated, Active)]
                public static double Frobenius(double[,] a) => 0;

                // float[,,] tangent is a float[,,]; batch lanes each get one
                [AutoDiffForward("FVolume", 2, Dual, DualOnly)]
                public static float Volume(float[,,] v) => 0;

                // a returned double[] Duplicated: its seed dret is an array, the primal array is returned
                [AutoDiffReverse("DSoftmax", Duplicated, Duplicated)]
                public static double[] Softmax(double[] x) => new double[x.Length];

                // DuplicatedOnly return: the primal left out; the gradient of an Active input remains
                [AutoDiffReverse("DScaled", Duplicated, Active, DuplicatedOnly)]
                public static float[] Scaled(float[] v, float s) => new float[v.Length];

                // Duplicated return next to an Active input: (primal array, gradient)
                [AutoDiffReverse("DScaledBoth", Const, Active, Duplicated)]
                public static float[] ScaledBoth(float[] v, float s) => new float[v.Length];

                // forward: a Dual double[] return gives (value, tangent array); DualOnly the tangent alone; batch one per lane
                [AutoDiffForward("FSoftmax", Dual, Dual)]
                [AutoDiffForward("FSoftmaxOnly", Dual, DualOnly)]
                [AutoDiffForward("FSoftmaxBatch", 2, Dual, Dual)]
                public static double[] Softmax2(double[] x) => new double[x.Length];

                // List<double>/List<float> → a list of the same type (reverse, forward, batch); a Const list has none
                [AutoDiffReverse("DMean", Duplicated, Const, Active)]
                [AutoDiffForward("FMean", Dual, Const, Dual)]
                [AutoDiffForward("FMeanBatch", 2, Dual, Const, DualOnly)]
                public static double Mean(List<double> xs, List<double> weights) => 0;

                [AutoDiffReverse("DAppend", Duplicated, Active)]
                public static void Append(List<float> log, float x) { }

                // keyword parameter names stay escaped
                [AutoDiffReverse("DKeyword", Active, Active)]
                public static double Keyword(double @do) => @do;
            }
            """;

        private static readonly GeneratorRun Run = GeneratorRun.Clean(Fixture);

        [TestCase("DNorm", "double DNorm(ReadOnlySpan<double> v, Span<double> dv, double dret)")]
        [TestCase("DScale", "void DScale(Span<float> v, Span<float> dv)")]
        [TestCase("DSplit", "double DSplit(double x, int n, out double half, ref double dhalf)")]
        [TestCase("DEnergy", "double DEnergy(Particle p, Particle dp, double dret)")]
        [TestCase("DLength", "(float, Vector3) DLength(Vector3 v, float dret)")]
        [TestCase("GradOnly", "double GradOnly(double x, double dret)")]
        [TestCase("GradPoint", "Point GradPoint(Point p, double w, double dret)")]
        [TestCase("Plain", "double Plain(double x)")]
        [TestCase("DFill", "void DFill(double[] a, double[] da)")]
        [TestCase("FConst", "double FConst(double x, double dx)")]
        [TestCase("FTangent", "double FTangent(double x, double dx)")]
        [TestCase("FBatch", "(double, double, double) FBatch(ref double x, ref double dx_0, ref double dx_1, ref double dx_2)")]
        [TestCase("FWidth1", "(double, double) FWidth1(double x, double dx)")]
        [TestCase("FCopy", "void FCopy(ReadOnlySpan<double> from, Span<double> dfrom, double[] to, double[] dto)")]
        [TestCase("FRo", "(double, double) FRo(ref readonly double x, ref double dx)")]
        [TestCase("DSoftmax", "double[] DSoftmax(double[] x, double[] dx, double[] dret)")]
        [TestCase("DScaled", "float DScaled(float[] v, float[] dv, float s, float[] dret)")]
        [TestCase("DScaledBoth", "(float[], float) DScaledBoth(float[] v, float s, float[] dret)")]
        [TestCase("FSoftmax", "(double[], double[]) FSoftmax(double[] x, double[] dx)")]
        [TestCase("FSoftmaxOnly", "double[] FSoftmaxOnly(double[] x, double[] dx)")]
        [TestCase("FSoftmaxBatch", "(double[], double[], double[]) FSoftmaxBatch(double[] x, double[] dx_0, double[] dx_1)")]
        [TestCase("DKeyword", "(double, double) DKeyword(double @do, double dret)")]
        [TestCase("DMean", "double DMean(List<double> xs, List<double> dxs, List<double> weights, double dret)")]
        [TestCase("FMean", "(double, double) FMean(List<double> xs, List<double> dxs, List<double> weights)")]
        [TestCase("FMeanBatch", "(double, double) FMeanBatch(List<double> xs, List<double> dxs_0, List<double> dxs_1, List<double> weights)")]
        [TestCase("DAppend", "float DAppend(List<float> log, List<float> dlog, float x)")]
        [TestCase("DFrobenius", "double DFrobenius(double[,] a, double[,] da, double dret)")]
        [TestCase("FVolume", "(float, float) FVolume(float[,,] v, float[,,] dv_0, float[,,] dv_1)")]
        public void Derivative_has_the_expected_signature(string name, string expected)
        {
            Assert.That(Run.Signature("Shapes", name), Is.EqualTo(expected));
        }

        [Test]
        public void Pointer_shadow_is_the_same_pointer_and_the_derivative_is_unsafe()
        {
            Assert.That(Run.Signature("Shapes", "DSumPtr"), Is.EqualTo("double DSumPtr(double* p, double* dp, int n, double dret)"));
            Assert.That(Run.Sources["Shapes.SumPtr.DSumPtr.g.cs"], Does.Contain("public static unsafe double DSumPtr("));
        }

        [Test]
        public void Several_attributes_on_one_method_give_one_derivative_each()
        {
            var run = GeneratorRun.Clean("""
                using AutoDiff;
                using static AutoDiff.Activity;
                static partial class C
                {
                    [AutoDiffReverse("R", Active, Active)]
                    [AutoDiffForward("F", Dual, Dual)]
                    [AutoDiffForward("B", 2, Dual, DualOnly)]
                    static double Sq(double x) => x * x;
                }
                """);
            Assert.That(run.Signature("C", "R"), Is.EqualTo("(double, double) R(double x, double dret)"));
            Assert.That(run.Signature("C", "F"), Is.EqualTo("(double, double) F(double x, double dx)"));
            Assert.That(run.Signature("C", "B"), Is.EqualTo("(double, double) B(double x, double dx_0, double dx_1)"));
            Assert.That(run.Sources.Keys, Is.EquivalentTo(new[] { "C.Sq.R.g.cs", "C.Sq.F.g.cs", "C.Sq.B.g.cs" }));
        }

        [Test]
        public void Nullable_annotations_are_kept()
        {
            var run = GeneratorRun.Clean("""
                using AutoDiff;
                using static AutoDiff.Activity;
                public sealed class Box { public double V; }
                static partial class C
                {
                    [AutoDiffReverse("D", Const, Duplicated, Active)]
                    static double F(string? label, Box? box) => box?.V ?? 0;
                }
                """);
            Assert.That(run.Signature("C", "D"), Is.EqualTo("double D(string? label, Box? box, Box? dbox, double dret)"));
        }
    }
}
