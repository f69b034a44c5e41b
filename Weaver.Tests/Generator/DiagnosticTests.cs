using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Generator
{
    /// <summary>
    /// Every AD1xxx diagnostic, triggered by a fixture: its code, its message, that it stands on
    /// the attribute's line, and that the derivative it concerns is not declared.
    /// </summary>
    public class DiagnosticTests
    {
        private const string Header = """
            using System;
            using System.Threading.Tasks;
            using AutoDiff;
            using static AutoDiff.Activity;

            """;

        /// <summary>Runs the members inside 'partial class C' and expects exactly one diagnostic, on the line holding <paramref name="attribute"/>.</summary>
        private static Diagnostic Single(string members, string attribute, string id)
            => SingleIn(Header + "public partial class C\n{\n" + members + "\n}\n", attribute, id);

        private static Diagnostic SingleIn(string source, string attribute, string id)
        {
            var run = GeneratorRun.Of(source);
            Assert.That(run.GeneratorDiagnostics.Select(d => d.ToString()).ToList(), Has.Count.EqualTo(1));
            var diagnostic = run.GeneratorDiagnostics[0];
            Assert.That(diagnostic.Id, Is.EqualTo(id));
            Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            var span = diagnostic.Location.GetLineSpan();
            Assert.That(span.Path, Is.EqualTo(Support.TestCompiler.FileName));
            Assert.That(span.StartLinePosition.Line + 1, Is.EqualTo(LineOf(source, attribute)), "reported on the attribute's line");
            Assert.That(run.Sources, Is.Empty, "no derivative is declared for an attribute with an error");
            return diagnostic;
        }

        private static int LineOf(string source, string text)
        {
            var lines = source.Split('\n');
            var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
            Assert.That(matches, Has.Count.EqualTo(1), $"fixture holds '{text}' once");
            return matches[0] + 1;
        }

        private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

        // AD1001 — wrong number of activities
        [Test]
        public void AD1001_too_few_activities()
        {
            var d = Single("""
                [AutoDiffReverse("Bar", Active)]
                public static float Foo(float x) => x * x;
                """, "\"Bar\"", "AD1001");
            Assert.That(Message(d), Is.EqualTo("'C.Foo(float)' has 1 parameter and returns float: expected 2 activities but got 1. Give one activity per parameter, in order, then one for the return value; a void method takes no return activity."));
        }

        [Test]
        public void AD1001_void_method_takes_no_return_activity()
        {
            var d = Single("""
                [AutoDiffReverse("D", Duplicated, Const)]
                static void F(ref double x) { }
                """, "\"D\"", "AD1001");
            Assert.That(Message(d), Does.StartWith("'C.F(ref double)' has 1 parameter and returns void: expected 1 activity but got 2."));
        }

        // AD1002 — activity of the other mode
        [Test]
        public void AD1002_dual_in_reverse_mode()
        {
            var d = Single("""
                [AutoDiffReverse("D", Dual, Active)]
                static double F(double x) => x;
                """, "\"D\"", "AD1002");
            Assert.That(Message(d), Is.EqualTo("Dual on parameter 'x' is not a reverse-mode activity: in reverse mode use Const, Active, ActiveOnly, Duplicated or DuplicatedOnly (Dual and DualOnly belong to [AutoDiffForward])"));
        }

        [Test]
        public void AD1002_active_in_forward_mode()
        {
            var d = Single("""
                [AutoDiffForward("D", Dual, Active)]
                static double F(double x) => x;
                """, "\"D\"", "AD1002");
            Assert.That(Message(d), Is.EqualTo("Active on the return value is not a forward-mode activity: in forward mode use Const, Dual or DualOnly (Active, ActiveOnly, Duplicated and DuplicatedOnly belong to [AutoDiffReverse])"));
        }

        // AD1003 — activity not valid for the type
        [TestCase("[AutoDiffReverse(\"D\", Active, Active)] static double F(int n) => n;",
            "Active on parameter 'n' of type 'int' is not valid: only float, double, structs whose fields are all float or double, and memory holding them (arrays, spans, pointers, objects, ref/in/out) can be differentiated; integers, bool, enums and strings are never active: mark it Const")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Active)] static int F(double x) => (int)x;",
            "Active on the return value of type 'int' is not valid: only a float, double or struct whose fields are all float or double returns a derivative: mark the return Const")]
        [TestCase("[AutoDiffReverse(\"D\", Duplicated, Duplicated)] static double[][] F(double[] x) => new[] { x };",
            "Duplicated on the return value of type 'double[][]' is not valid: of returned memory only a float[] or double[] carries a derivative (the caller passes its seed): mark the return Const, or write the result through a parameter marked Duplicated")]
        [TestCase("[AutoDiffReverse(\"D\", Duplicated, Duplicated)] static double[,] F(double[] x) => new double[1, 1];",
            "Duplicated on the return value of type 'double[,]' is not valid: of returned memory only a float[] or double[] carries a derivative (the caller passes its seed): mark the return Const, or write the result through a parameter marked Duplicated")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Duplicated)] static double F(double x) => x;",
            "Duplicated on the return value of type 'double' is not valid: a float, double or struct return is Active (its seed is a value); Duplicated is for a returned float[] or double[]")]
        [TestCase("[AutoDiffReverse(\"D\", Duplicated, Active)] static double[] F(double[] x) => new double[1];",
            "Active on the return value of type 'double[]' is not valid: a returned array is memory, not a value: mark the return Duplicated, and pass its seed (an array as long as the result)")]
        [TestCase("[AutoDiffReverse(\"D\", Duplicated, Active)] static double F(double x) => x;",
            "Duplicated on parameter 'x' of type 'double' is not valid: a value passed by value has no memory to add its gradient into: use Active, or pass it by ref")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Active)] static double F(ref double x) => x;",
            "Active on parameter 'x' of type 'double' is not valid: a ref/in/out parameter is memory, not a value: use Duplicated, and its shadow receives the gradient")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Active)] static double F(double[] x) => x[0];",
            "Active on parameter 'x' of type 'double[]' is not valid: an array, span, pointer or object is memory, not a value: use Duplicated, and its shadow receives the gradient")]
        [TestCase("[AutoDiffReverse(\"D\", Duplicated, Active)] static double F(int[] x) => x[0];",
            "Duplicated on parameter 'x' of type 'int[]' is not valid: only float, double, structs whose fields are all float or double, and memory holding them (arrays, spans, pointers, objects, ref/in/out) can be differentiated; integers, bool, enums and strings are never active: mark it Const")]
        [TestCase("[AutoDiffForward(\"D\", Dual, Dual)] static double F(string s) => s.Length;",
            "Dual on parameter 's' of type 'string' is not valid: only float, double, structs whose fields are all float or double, and memory holding them (arrays, spans, pointers, objects, ref/in/out) can be differentiated; integers, bool, enums and strings are never active: mark it Const")]
        [TestCase("[AutoDiffForward(\"D\", Dual, Dual)] static System.Numerics.Vector3[] F(double[] x) => new System.Numerics.Vector3[1];",
            "Dual on the return value of type 'System.Numerics.Vector3[]' is not valid: only a float, double, struct whose fields are all float or double, float[] or double[] returns a tangent: mark the return Const, or write the result through a parameter marked Dual")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Active)] static double F(DayOfWeek d) => 0;",
            "Active on parameter 'd' of type 'System.DayOfWeek' is not valid: only float, double, structs whose fields are all float or double, and memory holding them (arrays, spans, pointers, objects, ref/in/out) can be differentiated; integers, bool, enums and strings are never active: mark it Const")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Const)] static unsafe double* F(double x) => null;",
            "Const on the return value of type 'double*' is not valid: a pointer or ref struct cannot be returned in a tuple next to the gradients: return void and write the result through a parameter, or make the inputs Duplicated")]
        public void AD1003_activity_not_valid_for_the_type(string member, string message)
        {
            var d = Single(member, "\"D\"", "AD1003");
            Assert.That(Message(d), Is.EqualTo(message));
        }

        [Test]
        public void AD1003_struct_with_an_integer_field_cannot_be_active()
        {
            var d = SingleIn(Header + """
                public struct Tagged { public double X; public int Tag; }
                public partial class C
                {
                    [AutoDiffReverse("D", Active, Active)]
                    static double F(Tagged t) => t.X;
                }
                """, "\"D\"", "AD1003");
            Assert.That(Message(d), Does.StartWith("Active on parameter 't' of type 'Tagged' is not valid"));
        }

        // AD1004 — containing type not partial
        [Test]
        public void AD1004_containing_type_not_partial()
        {
            var d = SingleIn(Header + """
                public static class Functions
                {
                    [AutoDiffReverse("Bar", Active, Active)]
                    public static float Foo(float x) => x * x;
                }
                """, "\"Bar\"", "AD1004");
            Assert.That(Message(d), Is.EqualTo("The derivative 'Bar' is generated into the type that declares 'Functions.Foo(float)', so that type and every type around it must be partial: add the partial modifier to 'Functions'"));
        }

        [Test]
        public void AD1004_names_every_enclosing_type_that_is_not_partial()
        {
            var d = SingleIn(Header + """
                namespace N
                {
                    public class Outer
                    {
                        public partial class Middle
                        {
                            public class Inner
                            {
                                [AutoDiffReverse("Bar", Active, Active)]
                                public static float Foo(float x) => x * x;
                            }
                        }
                    }
                }
                """, "\"Bar\"", "AD1004");
            Assert.That(Message(d), Does.EndWith("add the partial modifier to 'N.Outer' and 'N.Outer.Middle.Inner'"));
        }

        // AD1005 — name taken by a member
        [TestCase("public static (float, float) Bar(float x, float dret) => default;", "method 'C.Bar(float, float)'")]
        [TestCase("public int Bar { get; set; }", "property 'C.Bar'")]
        [TestCase("public class Bar { }", "nested type 'C.Bar'")]
        public void AD1005_name_collides_with_a_member(string member, string described)
        {
            var d = Single($$"""
                {{member}}
                [AutoDiffReverse("Bar", Active, Active)]
                public static float Foo(float x) => x * x;
                """, "\"Bar\"", "AD1005");
            Assert.That(Message(d), Is.EqualTo($"'C' already has a member named 'Bar' ({described}): give the derivative another name in the attribute, or rename the member"));
        }

        [Test]
        public void AD1005_name_of_the_type_itself()
        {
            var d = Single("""
                [AutoDiffReverse("C", Active, Active)]
                public static float Foo(float x) => x * x;
                """, "\"C\"", "AD1005");
            Assert.That(Message(d), Does.Contain("(the type itself: a member cannot have its type's name)"));
        }

        [Test]
        public void AD1005_name_of_the_primal_itself()
        {
            var d = Single("""
                [AutoDiffReverse("Foo", Active, Active)]
                public static float Foo(float x) => x * x;
                """, "\"Foo\"", "AD1005");
            Assert.That(Message(d), Does.Contain("(method 'C.Foo(float)')"));
        }

        // AD1006 — two attributes give the same name
        [Test]
        public void AD1006_same_name_twice_reports_the_later_attribute()
        {
            var source = Header + """
                public partial class C
                {
                    [AutoDiffReverse("D", Active, Active)]
                    public static float Foo(float x) => x * x;

                    [AutoDiffForward("D", Dual, Dual)] // the second
                    public static float Goo(float x) => x * x;
                }
                """;
            var run = GeneratorRun.Of(source);
            Assert.That(run.GeneratorDiagnostics, Has.Length.EqualTo(1));
            var d = run.GeneratorDiagnostics[0];
            Assert.That(d.Id, Is.EqualTo("AD1006"));
            Assert.That(d.Location.GetLineSpan().StartLinePosition.Line + 1, Is.EqualTo(LineOf(source, "// the second")));
            Assert.That(Message(d), Is.EqualTo($"The derivative name 'D' is already given by the attribute on 'C.Foo(float)' (line {LineOf(source, "AutoDiffReverse(\"D\"")}); each derivative in 'C' needs its own name: rename one of them"));
            Assert.That(run.Sources.Keys, Is.EqualTo(new[] { "C.Foo.D.g.cs" }), "the first keeps the name");
        }

        // AD1007 — width
        [Test]
        public void AD1007_width_below_one()
        {
            var d = Single("""
                [AutoDiffForward("D", 0, Dual, Dual)]
                static double F(double x) => x;
                """, "\"D\"", "AD1007");
            Assert.That(Message(d), Is.EqualTo("The batch forward derivative 'D' has width 0: each Dual value carries width tangents, so give a width of 1 or more (1 is plain forward mode)"));
        }

        // AD1008 — This
        [TestCase("[AutoDiffReverse(\"D\", Active, Active, This = Duplicated)] static double F(double x) => x;",
            "This = Duplicated is not valid on 'C.F(double)': a static method has no 'this': remove This from the attribute, or make the method an instance method")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Active, This = Active)] double F(double x) => x;",
            "This = Active is not valid on 'C.F(double)': in reverse mode 'this' is Const or Duplicated (the shadow 'dthis' then comes first and receives the gradients of the instance's fields)")]
        [TestCase("[AutoDiffForward(\"D\", Dual, Dual, This = Duplicated)] double F(double x) => x;",
            "This = Duplicated is not valid on 'C.F(double)': in forward mode 'this' is Const or Dual (the tangent 'dthis' then comes first)")]
        public void AD1008_invalid_this(string member, string message)
        {
            var d = Single(member, "\"D\"", "AD1008");
            Assert.That(Message(d), Is.EqualTo(message));
        }

        // AD1009 — not an identifier
        [TestCase("\"1x\"")]
        [TestCase("\"class\"")]
        [TestCase("\"\"")]
        [TestCase("null")]
        public void AD1009_invalid_name_is_shown_as_written(string literal)
        {
            var d = Single($$"""
                [AutoDiffReverse({{literal}}, Active, Active)]
                static double F(double x) => x;
                """, "[AutoDiffReverse(", "AD1009");
            Assert.That(Message(d), Is.EqualTo($"{literal} is not a valid C# method name: give the derivative a name that is an identifier (letters, digits and underscores, not starting with a digit, not a keyword)"));
        }

        // AD1010 — generated names collide
        [Test]
        public void AD1010_shadow_collides_with_a_parameter()
        {
            var d = Single("""
                [AutoDiffReverse("D", Duplicated, Const, Active)]
                static double F(double[] x, double dx) => x[0];
                """, "\"D\"", "AD1010");
            Assert.That(Message(d), Is.EqualTo("The derivative 'D' needs a parameter named 'dx' (the shadow of 'x'), but that name is already taken by the parameter 'dx' of 'C.F(double[], double)': rename the primal's parameter"));
        }

        [Test]
        public void AD1010_shadow_collides_with_the_seed()
        {
            var d = Single("""
                [AutoDiffReverse("D", Duplicated, Active)]
                static double F(double[] ret) => ret[0];
                """, "\"D\"", "AD1010");
            Assert.That(Message(d), Is.EqualTo("The derivative 'D' needs a parameter named 'dret' (the seed of the return value), but that name is already taken by the shadow of 'ret': rename the primal's parameter"));
        }

        // AD1011 — not a method we can serve
        [TestCase("[AutoDiffReverse(\"D\", Active, Active)] static T F<T>(double x) => default!;", "'C.F<T>(double)' is generic over 'T', which is not constrained to generic math")]
        [TestCase("static double field; [AutoDiffReverse(\"D\", Active, Active)] static ref double F(double x) => ref field;", "'C.F(double)' returns by reference: ")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Active)] static async Task<double> F(double x) { await Task.Yield(); return x; }", "'C.F(double)' is async: ")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Active)] static partial double F(double x);", "'C.F(double)' has no body ")]
        [TestCase("static void Host() { [AutoDiffReverse(\"D\", Active, Active)] static double Local(double x) => x; Local(1); }", "'Local(double)' is a local function: ")]
        [TestCase("[AutoDiffReverse(\"D\", Active, Active, Active)] public static double operator +(C a, double b) => b;", "'C.operator +(C, double)' is an operator: ")]
        public void AD1011_unsupported_method(string member, string messageStart)
        {
            var d = Single(member, "\"D\"", "AD1011");
            Assert.That(Message(d), Does.StartWith(messageStart));
        }

        // AD1012 — not an Activity
        [Test]
        public void AD1012_unknown_activity_value()
        {
            var d = Single("""
                [AutoDiffReverse("D", (Activity)42, Active)]
                static double F(double x) => x;
                """, "\"D\"", "AD1012");
            Assert.That(Message(d), Is.EqualTo("(Activity)42 on parameter 'x' is not a member of AutoDiff.Activity: use Const, Active, ActiveOnly, Duplicated, DuplicatedOnly, Dual or DualOnly"));
        }

        [Test]
        public void An_error_on_one_attribute_keeps_the_other_derivatives_of_the_method()
        {
            var run = GeneratorRun.Of(Header + """
                public static partial class C
                {
                    [AutoDiffReverse("Good", Active, Active)]
                    [AutoDiffReverse("Bad", Dual, Active)]
                    static double F(double x) => x;
                }
                """);
            Assert.That(run.GeneratorDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "AD1002" }));
            Assert.That(run.Sources.Keys, Is.EqualTo(new[] { "C.F.Good.g.cs" }));
        }

        [Test]
        public void Every_problem_of_one_attribute_is_reported()
        {
            var run = GeneratorRun.Of(Header + """
                public static partial class C
                {
                    [AutoDiffReverse("D", Dual, Active, Duplicated)]
                    static double F(int n, string s) => n;
                }
                """);
            Assert.That(run.GeneratorDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "AD1002", "AD1003", "AD1003" }));
        }
    }
}
