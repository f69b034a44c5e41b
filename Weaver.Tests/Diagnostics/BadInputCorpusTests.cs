using System.Collections.Generic;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// A corpus of programs the weaver must refuse: each entry is a small program, the one
    /// diagnostic code it must give and the line it must point at. Each is woven from Debug and
    /// Release IL; the weave must report exactly that diagnostic and write nothing. Entries here
    /// complement the per-diagnostic tests (WeaverDiagnosticsTests and the others), which check
    /// the messages in detail.
    /// </summary>
    public sealed class BadInputCorpusTests
    {
        private const string Usings = "using System; using System.Collections.Generic; using System.Runtime.InteropServices; using AutoDiff; using static AutoDiff.Activity;\n";

        /// <summary>Name, source (after the usings line), expected code, expected line (counting the usings line as 1).</summary>
        private static readonly (string Name, string Source, string Code, int Line)[] Corpus =
        {
            ("TryCatch", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { try { return x * x; } catch (Exception) { return 0; } }
}", "AD2003", 4),
            ("Lock", @"public static partial class C {
    static readonly object Gate = new object();
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { lock (Gate) { return x * x; } }
}", "AD2003", 5),
            ("ForeachOverAList", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(List<double> xs, double x) { double s = 0; foreach (var v in xs) s += v * x; return s; }
}", "AD2003", 4),
            ("VirtualCall", @"public abstract class Shape { public abstract double Area(double s); }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Shape shape, double x) => shape.Area(x);
}", "AD4001", 5),
            ("InterfaceCall", @"public interface IModel { double Eval(double x); }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(IModel model, double x) => model.Eval(x) * 2;
}", "AD4001", 5),
            ("Delegate", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Func<double, double> f, double x) => f(x);
}", "AD4001", 4),
            ("PInvoke", @"public static partial class C {
    [DllImport(""libm"")] static extern double cbrt(double x);
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => cbrt(x);
}", "AD4001", 5),
            ("FrameworkMethodWithoutRule", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => Math.BitIncrement(x) * x;
}", "AD4001", 4),
            ("BitsOfAnActiveValue", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => BitConverter.DoubleToInt64Bits(x) * 1e-300 + x;
}", "AD4001", 4),
            ("StaticFieldWritten", @"public static partial class C {
    static double _last;
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { _last = x; return x * x; }
}", "AD2001", 5),
            ("MutableStaticFieldRead", @"public static partial class C {
    static double _scale = 2;
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x * _scale;
}", "AD2001", 5),
            ("ActiveValueIntoAConstArray", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(double[] scratch, double x) { scratch[0] = x * x; return scratch[0]; }
}", "AD4005", 4),
            ("DifferentiatedArrayIntoAConstJagged", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Duplicated, Active)]
    public static double F(double[][] table, double[] x) { table[0] = x; return table[0][0]; }
}", "AD4006", 4),
            ("RecursionThatWritesMemory", @"public static partial class C {
    static double Halve(double[] a, int n) { if (n < 0) return 0; a[n] *= 0.5; return a[n] + Halve(a, n - 1); }
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] a) => Halve(a, a.Length - 1);
}", "AD4004", 5),
            ("ReverseOverATape", @"public static partial class C {
    [AutoDiffReverse(""Inner"", Duplicated, Active)]
    public static double P(double[] x) { double p = 1; foreach (var v in x) p = Math.Sin(p * v); return p; }
    [AutoDiffReverse(""Outer"", Duplicated, Active)]
    public static double G(double[] x) { var g = new double[x.Length]; Inner(x, g, 1.0); return g[0]; }
}", "AD4004", 6),
            ("DerivativeThatNeedsItself", @"public static partial class C {
    [AutoDiffForward(""D"", Dual, Dual)]
    public static double F(double x) => x * D(x, 1.0).Item2;
}", "AD4008", 4),
            ("TwoDimensionalArray", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(double[,] m, double x) { m[0, 0] = x * x; return m[0, 0]; }
}", "AD4001", 4),
            ("RefLocalToTwoPlaces", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(double x, bool first) { double a = 0, b = 0; ref double r = ref (first ? ref a : ref b); r = x * x; return a + b; }
}", "AD2004", 4),
            ("ActiveValueIntoAConstObject", @"public sealed class Box { public double V; }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Box box, double x) { box.V = x * x; return box.V; }
}", "AD4005", 5),
            ("ActiveValueIntoAStaticTable", @"public static partial class C {
    static readonly double[] Cache = new double[1];
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { Cache[0] = x * x; return Cache[0]; }
}", "AD4005", 5),
            ("ConstObjectIntoDifferentiatedMemory", @"public sealed class Holder { public double[] Data = null!; }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Holder h, double x) { var hs = new Holder[1]; hs[0] = h; hs[0].Data[0] = x; return hs[0].Data[0] * x; }
}", "AD4006", 5),
            ("BoxingAnActiveValue", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { object o = x * x; return (double)o * 2; }
}", "AD2001", 4),
            ("CustomReverseRuleOnMemoryThatIsWritten", @"public static partial class C {
    [CustomDerivative(Reverse = nameof(NormRev))]
    static double Norm(double[] v) { double s = 0; foreach (var e in v) s += e * e; return Math.Sqrt(s); }
    static double NormRev(double[] v, double[] dv, double dret) { var n = Norm(v); for (int i = 0; i < v.Length; i++) dv[i] += dret * v[i] / n; return n; }
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] v) { var n = Norm(v); v[0] = 0; return n; }
}", "AD4004", 7),
            ("UsingADisposable", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { using (var s = new System.IO.MemoryStream()) { return x * x; } }
}", "AD2003", 4),
            ("ActiveValueKeptInAList", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(List<double> kept, double x) { kept.Add(x * 2); return kept[0]; }
}", "AD4001", 4),
            ("AddressOfALocalHandedToTheFramework", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { double.TryParse(""2"", out double t); return x * t; }
}", "AD2004", 4),
        };

        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (var entry in Corpus)
            {
                foreach (var optimize in new[] { false, true })
                {
                    yield return new TestCaseData(entry.Name, optimize).SetName($"{entry.Name}_{(optimize ? "Release" : "Debug")}");
                }
            }
        }

        [TestCaseSource(nameof(Cases))]
        public void IsRefusedWithOneDiagnosticAtItsLine(string name, bool optimize)
        {
            var entry = System.Array.Find(Corpus, e => e.Name == name);
            TestWeaver.Refused(Usings + entry.Source, optimize, entry.Code, "", entry.Line);
        }
    }
}
