using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Generator
{
    /// <summary>
    /// Custom derivative rules ([CustomDerivative], [assembly: CustomDerivativeFor]): each
    /// AD1013-AD1017 error triggered, with its code, the attribute's line and the message (which
    /// prints the expected signature), and rules written to the contract that pass without any.
    /// </summary>
    public class CustomRuleDiagnosticTests
    {
        private const string Header = """
            using System;
            using System.Numerics;
            using AutoDiff;

            """;

        /// <summary>Runs the fixture and expects exactly one generator diagnostic, an error on the line holding <paramref name="marker"/>.</summary>
        private static Diagnostic Single(string source, string marker, string id)
        {
            var all = Errors(source, marker, id);
            Assert.That(all, Has.Length.EqualTo(1));
            return all[0];
        }

        /// <summary>Every generator diagnostic of the fixture; each must have this code and stand on the line holding <paramref name="marker"/>.</summary>
        private static Diagnostic[] Errors(string source, string marker, string id)
        {
            source = Header + source;
            var run = GeneratorRun.Of(source);
            Assert.That(run.GeneratorDiagnostics, Is.Not.Empty, "expected a diagnostic");
            foreach (var diagnostic in run.GeneratorDiagnostics)
            {
                Assert.That(diagnostic.Id, Is.EqualTo(id), diagnostic.ToString());
                Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
                var span = diagnostic.Location.GetLineSpan();
                Assert.That(span.Path, Is.EqualTo(Support.TestCompiler.FileName));
                Assert.That(span.StartLinePosition.Line + 1, Is.EqualTo(LineOf(source, marker)), "reported on the attribute's line");
            }
            return run.GeneratorDiagnostics.ToArray();
        }

        /// <summary>Runs a fixture whose rules fit: no generator diagnostic, and it compiles without warnings.</summary>
        private static void Clean(string source) => GeneratorRun.Clean(Header + source);

        private static int LineOf(string source, string text)
        {
            var lines = source.Split('\n');
            var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
            Assert.That(matches, Has.Count.EqualTo(1), $"fixture holds '{text}' once");
            return matches[0] + 1;
        }

        private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

        // AD1013 — the rule named does not exist

        [Test]
        public void AD1013_reverse_rule_missing_prints_the_signature_to_declare()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative(Reverse = "F_rev")]
                    public static double F(double x, double[] a) => x * a[0];
                }
                """, "CustomDerivative(", "AD1013");
            Assert.That(Message(d), Is.EqualTo(
                "The reverse rule 'F_rev' named for 'C.F(double, double[])' does not exist: 'C' has no method called 'F_rev'. "
                + "Declare it in 'C' as: static (double, double) F_rev(double x, double[] a, double[] da, double dret)"));
        }

        [Test]
        public void AD1013_a_property_of_that_name_is_not_a_rule()
        {
            var d = Single("""
                public static class C
                {
                    public static double F_fwd => 0;

                    [CustomDerivative(Forward = nameof(F_fwd))]
                    public static double F(double x) => x;
                }
                """, "CustomDerivative(", "AD1013");
            Assert.That(Message(d), Does.EndWith("Declare it in 'C' as: static (double, double) F_fwd(double x, double dx)"));
        }

        [Test]
        public void AD1013_assembly_form_names_the_rules_type()
        {
            var d = Single("""
                [assembly: CustomDerivativeFor(typeof(Lib), nameof(Lib.Cube), typeof(Rules), Forward = "Cube_fwd")]

                public static class Lib { public static float Cube(float x) => x * x * x; }
                public static class Rules { }
                """, "CustomDerivativeFor(", "AD1013");
            Assert.That(Message(d), Is.EqualTo(
                "The forward rule 'Cube_fwd' named for 'Lib.Cube(float)' does not exist: 'Rules' has no method called 'Cube_fwd'. "
                + "Declare it in 'Rules' as: static (float, float) Cube_fwd(float x, float dx)"));
        }

        // AD1014 — the rule's signature does not match

        [Test]
        public void AD1014_missing_shadow_and_gradient_prints_the_expected_signature()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative(Reverse = nameof(F_rev))]
                    public static double F(double x, double[] a) => x * a[0];

                    public static double F_rev(double x, double[] a, double dret) => 0;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Is.EqualTo(
                "The reverse rule 'C.F_rev' for 'C.F(double, double[])' does not have the expected signature: "
                + "it has 3 parameters but must have 4; it returns 'double' but must return '(double, double)'. "
                + "Expected: static (double, double) F_rev(double x, double[] a, double[] da, double dret)"));
        }

        [Test]
        public void AD1014_spells_a_matrix_as_csharp_does_not_as_metadata_does()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative(Reverse = nameof(Trace_rev))]
                    public static double Trace(double[,] m) => m[0, 0] + m[1, 1];

                    public static double Trace_rev(double[,] m) => 0;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Is.EqualTo(
                "The reverse rule 'C.Trace_rev' for 'C.Trace(double[,])' does not have the expected signature: "
                + "it has 1 parameter but must have 3. "
                + "Expected: static double Trace_rev(double[,] m, double[,] dm, double dret)"));
        }

        [Test]
        public void AD1014_shadow_of_a_ref_parameter_must_be_ref()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative(Reverse = nameof(G_rev))]
                    public static void G(int n, ref double y) => y *= n;

                    public static void G_rev(int n, ref double y, double dy) { }
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Is.EqualTo(
                "The reverse rule 'C.G_rev' for 'C.G(int, ref double)' does not have the expected signature: "
                + "parameter 3 ('dy') is 'double' but must be 'ref double'. "
                + "Expected: static void G_rev(int n, ref double y, ref double dy)"));
        }

        [Test]
        public void AD1014_forward_rule_returns_the_primal_and_the_tangent()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative(Forward = nameof(F_fwd))]
                    public static double F(double x) => x;

                    public static double F_fwd(double x, double dx) => dx;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Is.EqualTo(
                "The forward rule 'C.F_fwd' for 'C.F(double)' does not have the expected signature: "
                + "it returns 'double' but must return '(double, double)'. "
                + "Expected: static (double, double) F_fwd(double x, double dx)"));
        }

        [Test]
        public void AD1014_parameter_type_differs()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative(Reverse = nameof(F_rev))]
                    public static float F(float x) => x;

                    public static (float, float) F_rev(double x, float dret) => default;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Does.Contain("does not have the expected signature: parameter 1 ('x') is 'double' but must be 'float'. "));
            Assert.That(Message(d), Does.EndWith("Expected: static (float, float) F_rev(float x, float dret)"));
        }

        [Test]
        public void AD1014_rule_of_an_instance_method_is_an_instance_method()
        {
            var d = Single("""
                public sealed class Spring
                {
                    public double K;

                    [CustomDerivative(Reverse = nameof(Energy_rev))]
                    public double Energy(double x) => 0.5 * K * x * x;

                    public static (double, double) Energy_rev(double x, double dret) => default;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Is.EqualTo(
                "The reverse rule 'Spring.Energy_rev' for 'Spring.Energy(double)' does not have the expected signature: "
                + "it is static but must be an instance method of the same type (its 'this' is Const). "
                + "Expected: (double, double) Energy_rev(double x, double dret)"));
        }

        [Test]
        public void AD1014_rule_of_a_static_method_is_static()
        {
            var d = Single("""
                public sealed class C
                {
                    [CustomDerivative(Forward = nameof(F_fwd))]
                    public static double F(double x) => x;

                    public (double, double) F_fwd(double x, double dx) => default;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Does.Contain(": it is an instance method but must be static. "));
        }

        [Test]
        public void AD1014_assembly_form_rule_of_an_instance_method_takes_this_first()
        {
            var d = Single("""
                [assembly: CustomDerivativeFor(typeof(Body), nameof(Body.Kinetic), typeof(Rules), Reverse = nameof(Rules.Kinetic_rev))]

                public sealed class Body
                {
                    public double Mass;
                    public double Kinetic(double v) => 0.5 * Mass * v * v;
                }

                public static class Rules
                {
                    public static (double, double) Kinetic_rev(double v, double dret) => default;
                }
                """, "CustomDerivativeFor(", "AD1014");
            Assert.That(Message(d), Is.EqualTo(
                "The reverse rule 'Rules.Kinetic_rev' for 'Body.Kinetic(double)' does not have the expected signature: "
                + "it has 2 parameters but must have 3. "
                + "Expected: static (double, double) Kinetic_rev(Body @this, double v, double dret)"));
        }

        [Test]
        public void AD1014_each_mode_is_checked()
        {
            var all = Errors("""
                public static class C
                {
                    [CustomDerivative(Forward = nameof(F_fwd), Reverse = nameof(F_rev))]
                    public static double F(double x) => x;

                    public static double F_fwd(double x) => x;
                    public static double F_rev(double x) => x;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(all.Select(Message), Is.EqualTo(new[]
            {
                "The forward rule 'C.F_fwd' for 'C.F(double)' does not have the expected signature: it has 1 parameter but must have 2; it returns 'double' but must return '(double, double)'. Expected: static (double, double) F_fwd(double x, double dx)",
                "The reverse rule 'C.F_rev' for 'C.F(double)' does not have the expected signature: it has 1 parameter but must have 2; it returns 'double' but must return '(double, double)'. Expected: static (double, double) F_rev(double x, double dret)",
            }));
        }

        [Test]
        public void AD1014_rule_of_a_non_generic_method_is_not_generic()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative(Forward = nameof(F_fwd))]
                    public static double F(double x) => x;

                    public static (double, double) F_fwd<T>(double x, double dx) => default;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Does.Contain(": it is generic but must not be. Expected: static (double, double) F_fwd(double x, double dx)"));
        }

        [Test]
        public void AD1014_no_overload_of_the_rule_fits()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative(Reverse = nameof(F_rev))]
                    public static double F(double x) => x;

                    public static double F_rev(double x) => x;
                    public static float F_rev(float x, float dret) => x;
                }
                """, "CustomDerivative(", "AD1014");
            Assert.That(Message(d), Does.Contain(": none of the 2 methods called 'F_rev' in 'C' has it. Expected: static (double, double) F_rev(double x, double dret)"));
        }

        // AD1015 — (assembly form) the method is not found

        [Test]
        public void AD1015_no_method_of_that_name()
        {
            var d = Single("""
                [assembly: CustomDerivativeFor(typeof(Lib), "Cbe", typeof(Lib), Forward = "Cube_fwd")]

                public static class Lib { public static float Cube(float x) => x * x * x; }
                """, "CustomDerivativeFor(", "AD1015");
            Assert.That(Message(d), Is.EqualTo("'Lib' has no method 'Cbe': name a method that 'Lib' declares"));
        }

        [Test]
        public void AD1015_no_overload_with_those_parameter_types()
        {
            var d = Single("""
                [assembly: CustomDerivativeFor(typeof(Lib), nameof(Lib.Cube), typeof(Lib), ParameterTypes = new[] { typeof(int) }, Forward = "Cube_fwd")]

                public static class Lib
                {
                    public static float Cube(float x) => x * x * x;
                    public static double Cube(double x) => x * x * x;
                }
                """, "CustomDerivativeFor(", "AD1015");
            Assert.That(Message(d), Is.EqualTo(
                "'Lib' has no method 'Cube' with parameter types (int): name a method that 'Lib' declares (its methods named 'Cube' are Lib.Cube(float), Lib.Cube(double))"));
        }

        // AD1016 — (assembly form) the name alone matches several overloads

        [Test]
        public void AD1016_overloads_without_parameter_types()
        {
            var d = Single("""
                [assembly: CustomDerivativeFor(typeof(Math), nameof(Math.Abs), typeof(Rules), Reverse = "Abs_rev")]

                public static class Rules { public static (double, double) Abs_rev(double x, double dret) => default; }
                """, "CustomDerivativeFor(", "AD1016");
            Assert.That(Message(d), Does.Match(@"^'System\.Math' has \d+ methods named 'Abs' \("));
            Assert.That(Message(d), Does.Contain("System.Math.Abs(double)").And.Contain("System.Math.Abs(float)"));
            Assert.That(Message(d), Does.EndWith("): say which one with ParameterTypes = new[] { typeof(...), ... }"));
        }

        [Test]
        public void AD1016_overloads_that_differ_only_in_ref()
        {
            var d = Single("""
                [assembly: CustomDerivativeFor(typeof(Lib), nameof(Lib.Twice), typeof(Lib), ParameterTypes = new[] { typeof(double) }, Reverse = "Twice_rev")]

                public static class Lib
                {
                    public static double Twice(double x) => 2 * x;
                    public static double Twice(ref double x) => 2 * x;
                }
                """, "CustomDerivativeFor(", "AD1016");
            Assert.That(Message(d), Is.EqualTo(
                "'Lib' has 2 methods named 'Twice' (Lib.Twice(double), Lib.Twice(ref double)): ParameterTypes cannot tell apart overloads that differ only in ref, in or out: give the rules to a method with a name of its own that calls the one you mean"));
        }

        // AD1017 — no rule named

        [Test]
        public void AD1017_custom_derivative_without_forward_or_reverse()
        {
            var d = Single("""
                public static class C
                {
                    [CustomDerivative]
                    public static double F(double x) => x;
                }
                """, "[CustomDerivative]", "AD1017");
            Assert.That(Message(d), Is.EqualTo("[CustomDerivative] for 'C.F(double)' names no rule: give Forward = nameof(...), Reverse = nameof(...), or both"));
        }

        [Test]
        public void AD1017_assembly_form_without_forward_or_reverse()
        {
            var d = Single("""
                [assembly: CustomDerivativeFor(typeof(Math), nameof(Math.Cbrt), typeof(Math))]
                """, "CustomDerivativeFor(", "AD1017");
            Assert.That(Message(d), Is.EqualTo("[CustomDerivativeFor] for 'System.Math.Cbrt(double)' names no rule: give Forward = nameof(...), Reverse = nameof(...), or both"));
        }

        // Rules written to the contract: no diagnostic

        [Test]
        public void Scalar_method_rules_fit_and_tuple_names_do_not_matter()
        {
            Clean("""
                public static class C
                {
                    [CustomDerivative(Forward = nameof(Square_fwd), Reverse = nameof(Square_rev))]
                    public static double Square(double x) => x * x;

                    public static (double, double) Square_fwd(double x, double dx) => (x * x, 2 * x * dx);
                    public static (double value, double dx) Square_rev(double at, double seed) => (at * at, 2 * at * seed);
                }
                """);
        }

        [Test]
        public void Array_and_int_parameters_rules_fit()
        {
            // Reverse: the array is Duplicated, the int Const, no Active input: the result is the primal alone.
            Clean("""
                public static class C
                {
                    [CustomDerivative(Forward = nameof(Head_fwd), Reverse = nameof(Head_rev))]
                    public static double Head(double[] a, int n) => a[n];

                    public static (double, double) Head_fwd(double[] a, double[] da, int n) => (a[n], da[n]);
                    public static double Head_rev(double[] a, double[] da, int n, double dret) { da[n] += dret; return a[n]; }
                }
                """);
        }

        [Test]
        public void Void_method_with_a_ref_double_rules_fit()
        {
            Clean("""
                public static class C
                {
                    [CustomDerivative(Forward = nameof(Scale_fwd), Reverse = nameof(Scale_rev))]
                    public static void Scale(double k, ref double y) => y *= k;

                    public static void Scale_fwd(double k, double dk, ref double y, ref double dy) { dy = dk * y + k * dy; y *= k; }
                    public static double Scale_rev(double k, ref double y, ref double dy) { var dk = dy * y; y *= k; dy *= k; return dk; }
                }
                """);
        }

        [Test]
        public void Struct_of_scalars_rules_fit()
        {
            Clean("""
                public struct Point { public double X, Y; }

                public static class C
                {
                    [CustomDerivative(Forward = nameof(Length_fwd), Reverse = nameof(Length_rev))]
                    public static float Length(Vector2 v) => v.Length();

                    public static (float, float) Length_fwd(Vector2 v, Vector2 dv) => default;
                    public static (float, Vector2) Length_rev(Vector2 v, float dret) => default;

                    [CustomDerivative(Reverse = nameof(Mid_rev))]
                    public static Point Mid(Point a, Point b) => new Point { X = (a.X + b.X) / 2, Y = (a.Y + b.Y) / 2 };

                    public static (Point, Point, Point) Mid_rev(Point a, Point b, Point dret) => default;
                }
                """);
        }

        [Test]
        public void Read_only_span_shadow_is_a_span()
        {
            Clean("""
                public static class C
                {
                    [CustomDerivative(Reverse = nameof(Sum_rev))]
                    public static double Sum(ReadOnlySpan<double> v) => v[0];

                    public static double Sum_rev(ReadOnlySpan<double> v, Span<double> dv, double dret) => v[0];
                }
                """);
        }

        [Test]
        public void Nullable_annotations_do_not_matter()
        {
            Clean("""
                public static class C
                {
                    [CustomDerivative(Reverse = nameof(Log_rev))]
                    public static double Log(double x, string? label) => x;

                    public static (double, double) Log_rev(double x, string label, double dret) => (x, dret);
                }
                """);
        }

        [Test]
        public void Instance_method_rules_fit()
        {
            Clean("""
                public sealed class Spring
                {
                    public double K;

                    [CustomDerivative(Forward = nameof(Energy_fwd), Reverse = nameof(Energy_rev))]
                    public double Energy(double x) => 0.5 * K * x * x;

                    public (double, double) Energy_fwd(double x, double dx) => (Energy(x), K * x * dx);
                    public (double, double) Energy_rev(double x, double dret) => (Energy(x), K * x * dret);
                }
                """);
        }

        [Test]
        public void Assembly_form_for_a_static_method_rules_fit()
        {
            Clean("""
                [assembly: CustomDerivativeFor(typeof(Math), nameof(Math.Cbrt), typeof(CbrtRules),
                    Forward = nameof(CbrtRules.Cbrt_fwd), Reverse = nameof(CbrtRules.Cbrt_rev))]
                [assembly: CustomDerivativeFor(typeof(Math), nameof(Math.Abs), typeof(CbrtRules),
                    ParameterTypes = new[] { typeof(double) }, Reverse = nameof(CbrtRules.Abs_rev))]

                public static class CbrtRules
                {
                    public static (double, double) Cbrt_fwd(double x, double dx) => default;
                    public static (double, double) Cbrt_rev(double x, double dret) => default;
                    public static (double, double) Abs_rev(double x, double dret) => default;
                }
                """);
        }

        [Test]
        public void Assembly_form_for_an_instance_method_of_another_class_rules_fit()
        {
            Clean("""
                [assembly: CustomDerivativeFor(typeof(Body), nameof(Body.Kinetic), typeof(Rules),
                    Forward = nameof(Rules.Kinetic_fwd), Reverse = nameof(Rules.Kinetic_rev))]

                public sealed class Body
                {
                    public double Mass;
                    public double Kinetic(double v) => 0.5 * Mass * v * v;
                }

                public static class Rules
                {
                    public static (double, double) Kinetic_fwd(Body body, double v, double dv) => default;
                    public static (double, double) Kinetic_rev(Body body, double v, double dret) => default;
                }
                """);
        }

        // Incremental: the errors are plain data, so an unrelated edit reuses them

        [Test]
        public void Unrelated_edit_reuses_the_cached_errors()
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var source = Header + """
                [assembly: CustomDerivativeFor(typeof(Math), nameof(Math.Cbrt), typeof(C), Reverse = "Cbrt_rev")]

                public static class C
                {
                    [CustomDerivative(Forward = "F_fwd")]
                    public static double F(double x) => x;
                }
                """;
            var compilation = CSharpCompilation.Create("Fixture",
                new[] { CSharpSyntaxTree.ParseText(source, parse, path: "Fixture.cs") },
                Support.TestCompiler.MetadataReferences,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { Support.GeneratorFactory.Create() }, parseOptions: parse,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);

            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", parse, path: "Other.cs"));
            driver = driver.RunGenerators(edited);

            var result = driver.GetRunResult().Results.Single();
            Assert.That(result.Diagnostics.Select(d => d.Id), Is.EquivalentTo(new[] { "AD1013", "AD1013" }), "both forms still report");
            var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
            Assert.That(outputs, Is.Not.Empty);
            Assert.That(outputs.Select(o => o.Reason), Is.All.EqualTo(IncrementalStepRunReason.Cached).Or.EqualTo(IncrementalStepRunReason.Unchanged));
        }
    }
}
