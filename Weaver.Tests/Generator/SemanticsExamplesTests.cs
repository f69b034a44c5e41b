using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Generator
{
    /// <summary>Every example of semantics.md declares a derivative with exactly the documented signature.</summary>
    public class SemanticsExamplesTests
    {
        private const string Fixture = """
            using System;
            using AutoDiff;
            using static AutoDiff.Activity;

            namespace Samples
            {
                public static partial class Functions
                {
                    [AutoDiffReverse("Bar", Active, Active)]
                    public static float Foo(float x) => x * x;

                    [AutoDiffForward("RbFwd1", Dual, Const, Dual)]
                    [AutoDiffForward("RbFwd2", Const, Dual, Dual)]
                    [AutoDiffForward("RbFwd3", Dual, Dual, Dual)]
                    [AutoDiffReverse("RbRev", Active, Active, Active)]
                    static double Rosenbrock(double x, double y)
                        => (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);

                    [AutoDiffReverse("RbInpRev", Active, Active, Duplicated)]
                    static void RosenbrockInp(double x, double y, ref double output)
                        => output = (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);

                    [AutoDiffReverse("Df", Active, Active, Active)]
                    static double Primal(float x, float y) => (double)(x * x * y);

                    [AutoDiffForward("DSquare", 4, Dual, Dual)]
                    static float Square(in float x) => x * x;

                    [AutoDiffReverse("DSum", Duplicated, Active)]
                    static double SumSquares(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * x[i]; return s; }
                }
            }
            """;

        private static readonly GeneratorRun Run = GeneratorRun.Clean(Fixture);

        [TestCase("Bar", "(float, float) Bar(float x, float dret)")]
        [TestCase("RbFwd1", "(double, double) RbFwd1(double x, double dx, double y)")]
        [TestCase("RbFwd2", "(double, double) RbFwd2(double x, double y, double dy)")]
        [TestCase("RbFwd3", "(double, double) RbFwd3(double x, double dx, double y, double dy)")]
        [TestCase("RbRev", "(double, double, double) RbRev(double x, double y, double dret)")]
        [TestCase("RbInpRev", "(double, double) RbInpRev(double x, double y, ref double output, ref double doutput)")]
        [TestCase("Df", "(double, float, float) Df(float x, float y, double dret)")]
        // semantics.md's comment writes "in dx_k"; its shadow-type rule (and the brief) say the shadow of 'in T' is 'ref T'.
        [TestCase("DSquare", "(float, float, float, float, float) DSquare(in float x, ref float dx_0, ref float dx_1, ref float dx_2, ref float dx_3)")]
        [TestCase("DSum", "double DSum(double[] x, double[] dx, double dret)")]
        public void Derivative_has_the_documented_signature(string name, string expected)
        {
            Assert.That(Run.Signature("Samples.Functions", name), Is.EqualTo(expected));
        }

        [TestCase("Bar", true)]
        [TestCase("RbRev", false)]
        [TestCase("DSquare", false)]
        public void Derivative_is_static_with_the_primal_accessibility(string name, bool isPublic)
        {
            var method = Run.Method("Samples.Functions", name);
            Assert.That(method.IsStatic, Is.True);
            Assert.That(method.DeclaredAccessibility, Is.EqualTo(isPublic ? Microsoft.CodeAnalysis.Accessibility.Public : Microsoft.CodeAnalysis.Accessibility.Private));
        }

        [Test]
        public void User_code_can_call_the_derivatives_as_documented()
        {
            // The calls of semantics.md, written as user code in the same project, must bind.
            var run = GeneratorRun.Clean(Fixture.Replace("[AutoDiffReverse(\"Bar\"", """
                public static void Callers()
                {
                    var (y, dx) = Bar(3.0f, 1.0f);
                    (double a, double b) r1 = RbFwd1(1.0, 1.0, 3.0);
                    (double c, double d, double e) r2 = RbRev(1.0, 3.0, 1.0);
                    double output = 0, seed = 1;
                    (double f, double g) r3 = RbInpRev(1.0, 3.0, ref output, ref seed);
                    (double h, float i, float j) r4 = Df(3.0f, 2.5f, 1.0);
                    float x = 3, t0 = 1, t1 = 2, t2 = 3, t3 = 0;
                    var r5 = DSquare(in x, ref t0, ref t1, ref t2, ref t3);
                    double[] xs = { 1, 2 }, dxs = new double[2];
                    double s = DSum(xs, dxs, 1.0);
                }

                [AutoDiffReverse("Bar"
                """));
            Assert.That(run.CompilerErrors, Is.Empty);
        }
    }
}
