using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// Each diagnostic of the catalogue, triggered by code as people write it (generic library
    /// types, <c>List&lt;double&gt;</c>, <c>double[,]</c>, properties, operators, compiler
    /// locals), says what the user wrote in C# spelling: the message holds the fragments given
    /// here and no IL notation (<see cref="IlNotation"/>, which every other test's diagnostics
    /// pass through as well, in <see cref="CollectingSink"/>). Woven from Debug and Release IL.
    /// </summary>
    [TestFixture]
    public sealed class MessagesInUserTermsTests
    {
        private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n";

        /// <summary>Name, source (after the usings line), code, line (the usings line is 1), what the message must say, and whether the source generator runs.</summary>
        private static readonly (string Name, string Source, string Code, int Line, string[] Says, bool Generator)[] Cases =
        {
            ("StaticFieldOfAGenericClass", @"public static class Cache<T> { public static T Last = default!; }
public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x * Cache<double>.Last;
}", "AD2001", 5, new[] { "reading a static field that is not readonly, Cache<double>.Last" }, true),
            ("StaticFieldWrittenInALocalFunction", @"public static partial class C {
    static double _last;
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { double Keep(double v) { _last = v; return v * v; } return Keep(x); }
}", "AD2001", 5, new[] { "(in local function Keep in C.F, inlined into C.F)" }, true),
            ("ForeachOverAHashSet", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(HashSet<double> xs, double x) { double s = 0; foreach (var v in xs) s += v * x; return s; }
}", "AD2003", 4, new[] { "method 'F' contains a try block (finally handler)" }, true),
            ("OutArgument", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { double y; if (double.TryParse(""1.5"", out y)) return y * x; return x; }
}", "AD2004", 4, new[] { "the address of local 'y' is taken" }, true),
            ("SpanMethodOnALocal", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { Span<double> s = stackalloc double[2]; s[0] = x; return s.ToArray()[0]; }
}", "AD2004", 4, new[] { "the address of local 's' is taken", "Span<double>.ToArray is called on it" }, true),
            ("CompilerLocalOfAnInterpolatedString", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { string s = $""{x}""; return x * s.Length; }
}", "AD2005", 4, new[] { "a local variable of type DefaultInterpolatedStringHandler" }, true),
            ("IndexerOfQuaternion", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static float F(float x) { var q = new Quaternion(x, 1, 2, 3); return q[1] * x; }
}", "AD2005", 4, new[] { "Quaternion.this[int] is a member of struct Quaternion" }, true),
            ("LibraryCallReturningAStruct", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => TimeSpan.FromSeconds(x).TotalSeconds;
}", "AD2005", 4, new[] { "the call to TimeSpan.FromSeconds returns TimeSpan" }, true),
            ("ElementOfADecimalMatrix", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(decimal[,] prices, double x) => (double)prices[0, 1] * x;
}", "AD2005", 4, new[] { "an element of a multi-dimensional array of type decimal" }, true),
            ("ActiveValueIntoAConstList", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(List<double> xs, double x) { xs[0] = x; return x; }
}", "AD4005", 4, new[] { "a value that depends on an active input is stored into memory that has no derivative" }, true),
            ("WriteToTheListAForeachWalks", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active, Active)]
    public static double F(List<double> xs, double x) { double s = 0; foreach (var v in xs) { s += v * x; xs[0] = s; } return s; }
}", "AD4004", 4, new[] { "List<double>.this[int] writes the list this foreach walks" }, true),
            ("ListInsert", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { var list = new List<double>(); list.Insert(0, x); return list[0]; }
}", "AD4001", 4, new[] { "List<double>.Insert(int, double) is called on a List<double> that carries derivatives" }, true),
            ("ListHandedToLinq", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(List<double> xs) => System.Linq.Enumerable.Sum(xs) * xs[0];
}", "AD4001", 4, new[] { "Enumerable.Sum(IEnumerable<double>) is handed a List<double> that carries derivatives" }, true),
            ("DictionaryIndexer", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { var d = new Dictionary<int, double>(); d[1] = x; return d[1]; }
}", "AD4001", 4, new[] { "the call to Dictionary<int, double>.this[int]" }, true),
            ("GenericLibraryMethod", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { double[] a = { x, 2 }; Array.Sort(a); return a[0]; }
}", "AD4001", 4, new[] { "the call to Array.Sort<double> receives memory that carries derivatives" }, true),
            ("Delegate", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Func<double, double> f, double x) => f(x);
}", "AD4001", 4, new[] { "the call to Func<double, double>.Invoke(double)" }, true),
            ("ActiveMatrix", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double[,] m) => m[0, 0];
}", "AD4002", 4, new[] { "'D': parameter 'm' of type double[,] cannot be Active" }, false),
            ("ActiveCount", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active, Active)]
    public static double F(double x, int n) => x * n;
}", "AD4002", 4, new[] { "'D': parameter 'n' of type int cannot be Active" }, false),
            ("TooFewActivities", @"public static partial class C {
    [AutoDiffReverse(""D"", Active)]
    public static double F(double[,] m, double x) => m[0, 0] * x;
}", "AD4003", 4, new[] { "'D' for 'F' gives 1 activities" }, false),
            ("ListCopiedFromACollection", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] xs) { var copy = new List<double>(xs); return copy[0] * copy[1]; }
}", "AD4004", 4, new[] { "new List<double>(IEnumerable<double>) copies a collection into a new list" }, true),
            ("ActiveValueIntoAConstRank4Array", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(double[,,,] grid, double x) { grid[0, 0, 0, 0] = x; return x; }
}", "AD4005", 4, new[] { "stored into memory that has no derivative" }, true),
            ("DifferentiatedMatrixIntoAConstObject", @"public sealed class Holder { public double[,] Grid = new double[1, 1]; }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Duplicated, Active)]
    public static double F(Holder h, double[,] m) { h.Grid = m; return m[0, 0]; }
}", "AD4006", 5, new[] { "stored into the field 'Grid' of an object" }, true),
            ("CustomRuleOverAMatrix", @"public static partial class C {
    [CustomDerivative(Reverse = nameof(PowRev))]
    static double Pow(double x, int n) => Math.Pow(x, n);
    static double PowRev(double x) => x;
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => Pow(x, 3) * 2;
    public static (double, double) D(double x, double dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4007", 7, new[] { "the custom derivative C.PowRev of C.Pow does not have the signature its rule needs: static (double, double) PowRev(double x, int n, double dret)" }, false),
            ("DerivativeThatNeedsItself", @"public static partial class C {
    [AutoDiffForward(""D"", Dual, Dual)]
    public static double F(double x) => x * D(x, 1.0).Item2;
}", "AD4008", 4, new[] { "the derivative 'D' of 'F' is reached from its own primal" }, true),
            ("ReturnedRowOfAJaggedArray", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Duplicated)]
    public static float[] F(float[][] rows) { rows[0][0] *= 2; return rows[1]; }
}", "AD4009", 4, new[] { "'D' gives the returned array a derivative, but the method can return an array read from an element of another array" }, true),
            ("GenericDerivativeOverHalf", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static T F<T>(T[] v) where T : System.Numerics.IRootFunctions<T>, System.Numerics.INumber<T> => T.Sqrt(v[0] * v[0]);
    public static Half G(Half[] v, Half[] dv) => D(v, dv, Half.One);
}", "AD4010", 5, new[] { "C.G calls C.D<Half>, with T = Half, but the derivative C.D<T> is made for T = double and T = float only" }, true),
            ("DeclarationMissing", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Duplicated, Active)]
    public static double F(double[,] m, ref float s) => m[0, 0] * s;
}", "AD5001", 4, new[] { "expected double D(double[,] m, double[,] dm, ref float s, ref float ds, double dret)" }, false),
            ("DeclarationWithTheWrongSignature", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[,] m) => m[0, 0];
    public static double D(double[,] m) => 0;
}", "AD5002", 4, new[] { "expected double D(double[,] m, double[,] dm, double dret), found static double D(double[,] m)" }, false),
        };

        /// <summary>
        /// The codes no C# program above can trigger, and the tests that trigger them (through
        /// <see cref="CollectingSink"/>, so their text is checked for IL notation too).
        /// </summary>
        private static readonly Dictionary<string, string> TriggeredElsewhere = new Dictionary<string, string>
        {
            ["AD2006"] = "WeaverDiagnosticsTests.AD2006_*: a method without a body",
            ["AD2007"] = "WeaverDiagnosticsTests.AD2007_*: IL that C# does not emit, made by editing IL",
            ["AD5003"] = "WeaverDiagnosticsTests.AD5003_*: an old AutoDiff.Runtime",
            ["AD5004"] = "ControlFlowRoundTripTests: a derivative of more than 65,535 locals",
            ["AD9001"] = "EngineRunnerTests and PipelineTests: a weaver bug, which quotes the weaver's exception",
        };

        private static IEnumerable<TestCaseData> Each() =>
            Cases.SelectMany(c => new[] { false, true }.Select(optimize =>
                new TestCaseData(c.Source, c.Code, c.Line, c.Says, c.Generator, optimize).SetName($"{c.Code}_{c.Name}({(optimize ? "Release" : "Debug")})")));

        [TestCaseSource(nameof(Each))]
        public void The_message_says_what_the_user_wrote(string source, string code, int line, string[] says, bool generator, bool optimize)
        {
            var outcome = TestWeaver.Weave(Usings + source, optimize, generator);

            Assert.That(outcome.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", outcome.Diagnostics));
            var d = outcome.Diagnostics[0];
            Assert.That(d.Code, Is.EqualTo(code), d.ToString());
            Assert.That(d.Location?.Line, Is.EqualTo(line), d.ToString());
            foreach (var fragment in says) Assert.That(d.Message, Does.Contain(fragment), d.ToString());
            Assert.That(IlNotation.In(d.Message), Is.Empty, d.ToString());
        }

        [Test]
        public void Every_code_of_the_catalogue_is_triggered_here_or_named_with_the_test_that_does()
        {
            var catalogue = typeof(DiagnosticCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Code).OrderBy(c => c).ToList();
            var covered = Cases.Select(c => c.Code).Concat(TriggeredElsewhere.Keys).Distinct().OrderBy(c => c).ToList();
            Assert.That(covered, Is.EqualTo(catalogue));
        }

        /// <summary>The messages as they read before issue 13's last bullet: each must be caught, or the check above proves nothing.</summary>
        [TestCase("the call to Double[0...,0...].Set takes a value that depends on an active input", "[0...")]
        [TestCase("the call to List`1.set_Item passes parameter '' of type !0", "'List`1'")]
        [TestCase("the call to List`1.set_Item passes parameter '' of type !0", "'set_Item'")]
        [TestCase("the call to List`1.set_Item passes parameter '' of type !0", "''")]
        [TestCase("the call to List`1.set_Item passes parameter '' of type !0", "'!0'")]
        [TestCase("the call to Enumerable.Sum(IEnumerable`1) with !!0", "'!!0'")]
        [TestCase("a compiler-generated local (V_8) of type DefaultInterpolatedStringHandler", "'V_8'")]
        [TestCase("local 'CS$<>8__locals0' of type <>c__DisplayClass0_0", "'CS$'")]
        [TestCase("local 'CS$<>8__locals0' of type <>c__DisplayClass0_0", "'<>c__'")]
        [TestCase("(in C.<F>g__Square|0_0, inlined into C.F)", "'<F>g__'")]
        [TestCase("the call to Func`2.Invoke(Double) takes a value", "'Double'")]
        [TestCase("Complex.get_Real is a member of struct Complex", "'get_Real'")]
        [TestCase("Complex.op_Multiply is a member of struct Complex", "'op_Multiply'")]
        [TestCase("Complex..ctor is a member of struct Complex", "'.ctor'")]
        [TestCase("while weaving 'System.Double C::F(System.Double)'", "'System.Double'")]
        [TestCase("while weaving 'System.Double C::F(System.Double)'", "'C::F'")]
        public void Il_notation_is_found_in_the_old_messages(string message, string found)
        {
            Assert.That(string.Join("; ", IlNotation.In(message)), Does.Contain(found));
        }

        [Test]
        public void A_diagnostic_in_il_notation_fails_the_test_that_reports_it()
        {
            var old = new Diagnostic(DiagnosticCatalog.UnsupportedType, "a compiler-generated local (V_8) of type DefaultInterpolatedStringHandler", null);
            Assert.That(() => new CollectingSink().Report(old), Throws.TypeOf<AssertionException>().With.Message.Contain("AD2005 shows IL notation"));
            Assert.That(() => IlNotation.AssertAbsentFromOutput("Model.cs(8,69): error AD4001: the call to Func`2.Invoke(Double) takes a value [/p/Model.csproj]"),
                Throws.TypeOf<AssertionException>().With.Message.Contain("Func`2"));
            Assert.That(() => new CollectingSink().Report(new Diagnostic(DiagnosticCatalog.UnsupportedType, "the call to List<double>.this[int] returns double", null)), Throws.Nothing);
        }
    }
}
