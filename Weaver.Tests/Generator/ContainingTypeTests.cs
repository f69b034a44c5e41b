using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Generator
{
    /// <summary>The derivative lands in the primal's own type, however that type is declared and nested.</summary>
    public class ContainingTypeTests
    {
        private const string Fixture = """
            using AutoDiff;
            using static AutoDiff.Activity;

            namespace Outer.Inner
            {
                public partial class Host<T> where T : class
                {
                    internal partial struct Nested
                    {
                        public double Scale { get; set; }

                        [AutoDiffReverse("DScaled", Active, Active, This = Duplicated)]
                        public double Scaled(double x) => Scale * x;

                        [AutoDiffForward("FScaled", Dual, Dual, This = Dual)]
                        public double Scaled2(double x) => Scale * x;
                    }

                    public double Weight;

                    [AutoDiffReverse("DWeighted", Active, Const, Active, This = Duplicated)]
                    protected internal double Weighted(double x, T? tag) => Weight * x;

                    [AutoDiffReverse("DPlain", Active, Active)]
                    private protected double Plain(double x) => Weight * x;
                }

                public partial record Rec(double A)
                {
                    [AutoDiffReverse("DTimesA", Active, Active, This = Duplicated)]
                    public double TimesA(double x) => A * x;
                }

                public partial record struct RecStruct(double A)
                {
                    [AutoDiffForward("FTimesA", Dual, Dual)]
                    public readonly double TimesA(double x) => A * x;
                }

                public ref partial struct RefHolder
                {
                    [AutoDiffReverse("DSq", Active, Active)]
                    public static double Sq(double x) => x * x;
                }

                public partial interface IShape
                {
                    [AutoDiffReverse("DArea", Active, Active)]
                    static double Area(double r) => r * r;
                }
            }

            partial class GlobalHost
            {
                [AutoDiffReverse("DSq", Active, Active)]
                internal static double Sq(double x) => x * x;
            }
            """;

        private static readonly GeneratorRun Run = GeneratorRun.Clean(Fixture);

        [TestCase("Outer.Inner.Host`1+Nested", "DScaled", "(double, double) DScaled(ref Host<T>.Nested dthis, double x, double dret)")]
        [TestCase("Outer.Inner.Host`1+Nested", "FScaled", "(double, double) FScaled(ref Host<T>.Nested dthis, double x, double dx)")]
        [TestCase("Outer.Inner.Host`1", "DWeighted", "(double, double) DWeighted(Host<T> dthis, double x, T? tag, double dret)")]
        [TestCase("Outer.Inner.Host`1", "DPlain", "(double, double) DPlain(double x, double dret)")]
        [TestCase("Outer.Inner.Rec", "DTimesA", "(double, double) DTimesA(Rec dthis, double x, double dret)")]
        [TestCase("Outer.Inner.RecStruct", "FTimesA", "(double, double) FTimesA(double x, double dx)")]
        [TestCase("Outer.Inner.RefHolder", "DSq", "(double, double) DSq(double x, double dret)")]
        [TestCase("Outer.Inner.IShape", "DArea", "(double, double) DArea(double r, double dret)")]
        [TestCase("GlobalHost", "DSq", "(double, double) DSq(double x, double dret)")]
        public void Derivative_is_declared_in_the_primal_type(string type, string name, string expected)
        {
            Assert.That(Run.Signature(type, name), Is.EqualTo(expected));
        }

        [TestCase("Outer.Inner.Host`1+Nested", "DScaled", Accessibility.Public, false)]
        [TestCase("Outer.Inner.Host`1", "DWeighted", Accessibility.ProtectedOrInternal, false)]
        [TestCase("Outer.Inner.Host`1", "DPlain", Accessibility.ProtectedAndInternal, false)]
        [TestCase("GlobalHost", "DSq", Accessibility.Internal, true)]
        [TestCase("Outer.Inner.IShape", "DArea", Accessibility.Public, true)]
        public void Derivative_keeps_accessibility_and_staticness(string type, string name, Accessibility accessibility, bool isStatic)
        {
            var method = Run.Method(type, name);
            Assert.That(method.DeclaredAccessibility, Is.EqualTo(accessibility));
            Assert.That(method.IsStatic, Is.EqualTo(isStatic));
        }

        [Test]
        public void Containing_types_are_redeclared_with_their_kind_and_type_parameters()
        {
            var source = Run.Sources["Outer.Inner.Host_1.Nested.Scaled.DScaled.g.cs"];
            Assert.That(source, Does.Contain("namespace Outer.Inner"));
            Assert.That(source, Does.Contain("partial class Host<T>"));
            Assert.That(source, Does.Contain("partial struct Nested"));
            Assert.That(Run.Sources["Outer.Inner.RecStruct.TimesA.FTimesA.g.cs"], Does.Contain("partial record struct RecStruct"));
            Assert.That(Run.Sources["Outer.Inner.Rec.TimesA.DTimesA.g.cs"], Does.Contain("partial record Rec"));
            Assert.That(Run.Sources["Outer.Inner.RefHolder.Sq.DSq.g.cs"], Does.Contain("ref partial struct RefHolder"));
            Assert.That(Run.Sources["Outer.Inner.IShape.Area.DArea.g.cs"], Does.Contain("partial interface IShape"));
            Assert.That(Run.Sources["GlobalHost.Sq.DSq.g.cs"], Does.Not.Contain("namespace"));
        }

        [Test]
        public void Static_class_is_redeclared_static()
        {
            var run = GeneratorRun.Clean("""
                using AutoDiff;
                using static AutoDiff.Activity;
                namespace N { public static partial class S { [AutoDiffReverse("D", Active, Active)] public static double F(double x) => x; } }
                """);
            Assert.That(run.Sources["N.S.F.D.g.cs"], Does.Contain("static partial class S"));
        }
    }
}
