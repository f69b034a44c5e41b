using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoDiff.Cli;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// A corpus of programs the weaver must refuse: each entry is a small program, the one
    /// diagnostic code it must give and the line it must point at. Each is woven from Debug and
    /// Release IL; the weave must report exactly that diagnostic and write nothing: no derivative,
    /// and the module, written out, byte for byte what it was before the weave
    /// (<see cref="TestWeaver.Refused"/>). The first program of each code is also handed to the
    /// command line, which must exit 1 with the diagnostic in canonical form, leave the assembly
    /// and its PDB byte for byte as they were and write no output. Entries here complement the
    /// per-diagnostic tests (WeaverDiagnosticsTests and the others), which check the messages in
    /// detail; malformed inputs to the command line are in CliTests.
    /// Count: 78 programs, 156 weaves. 66 built with the generator — AD2001 ×15, AD2003 ×4,
    /// AD2004 ×5, AD2005 ×11, AD4001 ×10, AD4004 ×12, AD4005 ×5, AD4006 ×2, AD4008 ×2 — and 12
    /// built without it — AD4002 ×7, AD4003, AD4007 ×2, AD5001, AD5002; 14 of them (one per
    /// code) through the command line as well. Not here: AD2006 (a method without a body has no
    /// source line to point at), AD2007 (for IL that C# does not emit; WeaverDiagnosticsTests
    /// edits IL), AD5003 (needs an old runtime; WeaverDiagnosticsTests), AD5004 (a derivative of
    /// more than 65,535 locals takes seconds to build; ControlFlowRoundTripTests), AD9001 (a
    /// weaver bug).
    /// </summary>
    public sealed class BadInputCorpusTests
    {
        private const string Usings = "using System; using System.Collections.Generic; using System.Runtime.InteropServices; using AutoDiff; using static AutoDiff.Activity;\n";

        /// <summary>Name, source (after the usings line), expected code, expected line (counting the usings line as 1). Built with the source generator, as users build.</summary>
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
            ("ForeachOverAHashSet", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(HashSet<double> xs, double x) { double s = 0; foreach (var v in xs) s += v * x; return s; }
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
            ("ActiveValueIntoAConstMatrix", @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(double[,] m, double x) { m[0, 0] = x * x; return m[0, 0]; }
}", "AD4005", 4),
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
}", "AD4005", 4),
            ("AddressOfALocalHandedToTheFramework", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { double.TryParse(""2"", out double t); return x * t; }
}", "AD2004", 4),
            // A readonly static struct's field is read through its address (ldsflda).
            ("FieldOfAStaticReadonlyStruct", @"public struct Pt { public double X, Y; }
public static partial class C {
    static readonly Pt Origin = new Pt { X = 1, Y = 2 };
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => (x - Origin.X) * (x - Origin.Y);
}", "AD2001", 6),
            ("CastToAClass", @"public sealed class Box { public double V; }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(object o, double x) => ((Box)o).V * x;
}", "AD2001", 5),
            ("TypeTest", @"public sealed class Box { public double V; }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(object o, double x) => o is Box b ? b.V * x : x;
}", "AD2001", 5),
            // The closure's delegate is made in the method (ldftn).
            ("LambdaCapturingAnActiveValue", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { Func<double, double> f = v => v * x; return f(2); }
}", "AD2001", 4),
            ("TypeOf", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => typeof(C).Name.Length * x;
}", "AD2001", 4),
            ("SizeOfAStruct", @"public struct Pt { public double X, Y; }
public static unsafe partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => sizeof(Pt) * x;
}", "AD2001", 5),
            ("MakeRef", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] a) { TypedReference r = __makeref(a[0]); return __refvalue(r, double) * a[1]; }
}", "AD2001", 4),
            // Reported at the helper's line, where the arglist opcode is.
            ("ArgListInAnInlinedHelper", @"public static partial class C {
    static int Count(__arglist) => new ArgIterator(__arglist).GetRemainingCount();
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x * Count(__arglist(1, 2));
}", "AD2001", 3),
            ("VolatileField", @"public sealed class Box { public volatile float V; }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static float F(Box b, float x) => b.V * x;
}", "AD2001", 5),
            ("AddressInAnInteger", @"public static unsafe partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(nint address, double x) => *(double*)address * x;
}", "AD2001", 4),
            // 4,097 constants, one more than the frontend writes out as stores.
            ("ArrayInitializerOverTheLimit", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { var t = new double[] { " + Constants(4097) + @" }; return t[4000] * x; }
}", "AD2001", 4),
            ("SpanMethodOtherThanTheIndexer", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Duplicated, Active)]
    public static double F(double[] a, double[] b) { Span<double> s = a; var c = s.ToArray(); return c[0] * b[1]; }
}", "AD2004", 4),
            ("UnsafeAsOnAParameter", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { long bits = System.Runtime.CompilerServices.Unsafe.As<double, long>(ref x); return x * (bits & 1); }
}", "AD2004", 4),
            // T is a class whose Eval is virtual: the constrained call is not resolved, and the helper's argument stays an address.
            ("ConstrainedCallOnAClassTypeArgument", @"public interface IModel { double Eval(double x); }
public class Model : IModel { public virtual double Eval(double x) => x * x; }
public static partial class C {
    static double Run<T>(T m, double x) where T : IModel => m.Eval(x);
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Model m, double x) => Run(m, x);
}", "AD2004", 5),
            // The pinned local of a fixed statement.
            ("FixedStatement", @"public static unsafe partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] a) { fixed (double* p = a) { return p[0] * p[1]; } }
}", "AD2005", 4),
            ("DecimalParameter", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(double x, decimal m) => x * (double)m;
}", "AD2005", 4),
            ("DecimalArithmetic", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { decimal d = (decimal)x; return (double)(d * d); }
}", "AD2005", 4),
            ("DecimalReturn", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const)]
    public static decimal F(double x) => (decimal)(x * x);
}", "AD2005", 4),
            ("FunctionPointerParameter", @"public static unsafe partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(delegate*<double, double> f, double x) => f(x);
}", "AD2005", 4),
            // Quaternion's members are followed through the runtime's models, but its indexer has none.
            ("QuaternionIndexer", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static float F(float x) { var q = new System.Numerics.Quaternion(x, 1, 2, 3); return q[1] * x; }
}", "AD2005", 4),
            ("ToStringOfAnActiveValue", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x.ToString().Length * x;
}", "AD2005", 4),
            ("NullableOfAnActiveValue", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { double? y = x > 0 ? x : null; return (y ?? 0) * x; }
}", "AD2005", 4),
            ("StructWithAnIntegerField", @"public struct Item { public int Id; public double W; }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Item[] items, double x) => items[0].W * x;
}", "AD2005", 5),
            // The compiler's DefaultInterpolatedStringHandler local.
            ("InterpolatedStringOfAnActiveValue", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) { Console.WriteLine($""x = {x}""); return x * x; }
}", "AD2005", 4),
            ("SimdVector", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] a) { var v = new System.Numerics.Vector<double>(a); return System.Numerics.Vector.Dot(v, v); }
}", "AD2005", 4),
            ("MemoryHandedToTheFramework", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] x) { var y = new double[x.Length]; y[0] = x[0]; Array.Reverse(y); return y[0] * y[1]; }
}", "AD4001", 4),
            // A member of Matrix4x4 the runtime has no model for.
            ("MatrixMemberWithoutAModel", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static System.Numerics.Matrix4x4 F(float x) => System.Numerics.Matrix4x4.CreateOrthographicLeftHanded(x, 2, 1, 5);
}", "AD4001", 4),
            ("InstanceMethodOfAStruct", @"public partial struct S {
    public double K;
    [AutoDiffReverse(""D"", Active, Active)]
    public double F(double x) => K * x * x;
}", "AD4004", 5),
            ("RecursionWithAStruct", @"public struct Pt { public double X, Y; }
public static partial class C {
    static double R(Pt p, int n) => n == 0 ? p.X : R(p, n - 1) * p.Y;
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(Pt p, int n) => R(p, n);
}", "AD4004", 6),
            ("RefToOneOfTwoDifferentiatedArrays", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Duplicated, Const, Active)]
    public static double F(double[] a, double[] b, bool first) { ref double r = ref (first ? ref a[0] : ref b[0]); r *= 2; return a[0] + b[0]; }
}", "AD4004", 4),
            ("StackallocSpanInALoop", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(double x, int n) { double s = 0; for (int i = 0; i < n; i++) { Span<double> t = stackalloc double[2]; t[0] = x * s; t[1] = x; s += Math.Sin(t[0] * t[1]); } return s; }
}", "AD4004", 4),
            ("WholeStructThroughAPointer", @"public struct Pt { public double X, Y; }
public static unsafe partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active, Active)]
    public static double F(Pt* into, Pt p) { *into = p; return p.X; }
}", "AD4004", 5),
            ("ThisDualInBatchMode", @"public partial class C {
    public double K;
    [AutoDiffForward(""D"", 2, Dual, Dual, This = Dual)]
    public double F(double x) => K * x;
}", "AD4004", 5),
            ("BatchForwardThroughAVoidRule", @"public static partial class C {
    [CustomDerivative(Forward = nameof(ScaleFwd))]
    static void Scale(double[] a) { a[0] *= 2; }
    static void ScaleFwd(double[] a, double[] da) { a[0] *= 2; da[0] *= 2; }
    [AutoDiffForward(""D"", 2, Dual, Dual)]
    public static double F(double[] a) { Scale(a); return a[0]; }
}", "AD4004", 7),
            // A Const jagged array gets no zeroed shadow to hand the rule.
            ("CustomRuleWithoutAShadowForItsArgument", @"public static partial class C {
    [CustomDerivative(Reverse = nameof(GRev))]
    static double G(double[][] m, double x) => m[0][0] * x;
    static (double, double) GRev(double[][] m, double[][] dm, double x, double dret) => (m[0][0] * x, m[0][0] * dret);
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(double[][] m, double x) => G(m, x);
}", "AD4004", 7),
            ("DuplicatedListSorted", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(List<double> xs) { xs.Sort(); return xs[0] * xs[1]; }
}", "AD4001", 4),
            ("ObjectWhoseConstructorHasATry", @"public sealed class H { public double[] Data; public H(int n) { try { Data = new double[n]; } catch (OutOfMemoryException) { Data = new double[0]; } } }
public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double u) { var h = new H(2); h.Data[0] = u * u; return h.Data[0]; }
}", "AD4005", 5),
            ("DifferentiatedAndConstMemoryMeet", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Const, Const, Active)]
    public static double F(double[] x, double[][] table, bool useTable) { double[] source = useTable ? table[0] : x; return source[0] * 2; }
}", "AD4005", 4),
            // The inner derivative is written first (the outer one reads its IL) and widens
            // Consts.Two to internal; the outer one is then refused: the widening is taken back.
            ("RefusedAfterAnInnerDerivativeWidenedAMember", @"public static class Consts { private static readonly double Two = 2; public static double Times(double v) => v * Two; }
public static partial class C {
    static double _k = 3;
    [AutoDiffReverse(""Inner"", Active, Active)] public static double P(double x) => Consts.Times(x) * x;
    [AutoDiffForward(""Outer"", Dual, Dual)] public static double G(double x) => Inner(x, 1.0).Item2 * _k;
}", "AD2001", 6),
            ("TwoDerivativesThatNeedEachOther", @"public static partial class C {
    [AutoDiffForward(""DF"", Dual, Dual)]
    public static double F(double x) => x * DG(x, 1.0).Item2;
    [AutoDiffForward(""DG"", Dual, Dual)]
    public static double G(double x) => x * DF(x, 1.0).Item2;
}", "AD4008", 4),
        };

        /// <summary>
        /// As <see cref="Corpus"/>, built without the source generator: attribute and declaration
        /// mistakes the generator reports in the IDE (AD1xxx) are checked again by the weaver for
        /// assemblies built without it. The derivative is declared by hand, as the generator
        /// declares it (throwing AutoDiffNotWovenException, by which the command line tells a
        /// declaration not yet woven).
        /// </summary>
        private static readonly (string Name, string Source, string Code, int Line)[] BuiltWithoutTheGenerator =
        {
            ("ActiveInteger", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(int n) => n * 2.0;
    public static (double, int) D(int n, double dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4002", 4),
            ("ActiveIntegerReturn", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static int F(double x) => (int)x;
    public static (int, double) D(double x, int dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4002", 4),
            ("DuplicatedString", @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active, Active)]
    public static double F(string s, double x) => s.Length * x;
    public static (double, double) D(string s, string ds, double x, double dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4002", 4),
            ("DualInReverseMode", @"public static partial class C {
    [AutoDiffReverse(""D"", Dual, Active)]
    public static double F(double x) => x * x;
    public static (double, double) D(double x, double dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4002", 4),
            ("ThisOnAStaticMethod", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active, This = Duplicated)]
    public static double F(double x) => x * x;
    public static (double, double) D(double x, double dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4002", 4),
            ("BatchWidthZero", @"public static partial class C {
    [AutoDiffForward(""D"", 0, Dual, Dual)]
    public static double F(double x) => x * x;
    public static (double, double) D(double x, double dx) => throw new AutoDiffNotWovenException(""D"");
}", "AD4002", 4),
            // A generic-math primal is differentiated (closed over double and float); one over an unconstrained T is not.
            ("GenericPrimalOverAnyType", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static T F<T>(T x) => x;
    public static (T, T) D<T>(T x, T dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4004", 4),
            ("TooManyActivities", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active, Active)]
    public static double F(double x) => x * x;
    public static (double, double) D(double x, double dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4003", 4),
            ("CustomRuleNotFound", @"public static partial class C {
    [CustomDerivative(Reverse = ""GRev"")]
    static double G(double x) => x + 1;
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => G(x) * 2;
    public static (double, double) D(double x, double dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4007", 6),
            ("CustomRuleWithTheWrongSignature", @"public static partial class C {
    [CustomDerivative(Reverse = nameof(GRev))]
    static double G(double x) => x + 1;
    static (double, double) GRev(double x) => (x + 1, 1);
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => G(x) * 2;
    public static (double, double) D(double x, double dret) => throw new AutoDiffNotWovenException(""D"");
}", "AD4007", 7),
            ("DeclarationMissing", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x * x;
}", "AD5001", 4),
            ("DeclarationWithAnotherSignature", @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x * x;
    public static double D(double x) => throw new AutoDiffNotWovenException(""D"");
}", "AD5002", 4),
        };

        private static IEnumerable<(string Name, string Source, string Code, int Line, bool RunGenerator)> All() =>
            Corpus.Select(e => (e.Name, e.Source, e.Code, e.Line, true))
                .Concat(BuiltWithoutTheGenerator.Select(e => (e.Name, e.Source, e.Code, e.Line, false)));

        private static (string Name, string Source, string Code, int Line, bool RunGenerator) Entry(string name) => All().Single(e => e.Name == name);

        /// <summary>Comma-separated double constants, for a program whose array initializer is over the frontend's limit.</summary>
        private static string Constants(int count) => string.Join(", ", Enumerable.Range(0, count).Select(k => k + ".5"));

        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (var entry in All())
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
            var entry = Entry(name);
            TestWeaver.Refused(Usings + entry.Source, optimize, entry.Code, "", entry.Line, entry.RunGenerator);
        }

        /// <summary>The first program of each code: enough to show every kind of refusal reaches the command line's "nothing written".</summary>
        public static IEnumerable<TestCaseData> OnePerCode() =>
            All().GroupBy(e => e.Code).Select(g => new TestCaseData(g.First().Name).SetName($"{g.First().Name}_{g.Key}_ThroughTheCommandLine"));

        [TestCaseSource(nameof(OnePerCode))]
        public void IsRefusedByTheCommandLineWithTheFilesUntouched(string name)
        {
            var entry = Entry(name);
            using var disk = AssemblyOnDisk.Compile(Usings + entry.Source, optimize: true, runGenerator: entry.RunGenerator);
            var dll = File.ReadAllBytes(disk.DllPath);
            var pdb = File.ReadAllBytes(disk.PdbPath);
            var files = Directory.GetFileSystemEntries(disk.Folder);
            var elsewhere = Path.Combine(disk.Folder, "woven", "Fixture.dll");

            // In place (the input is the output), then to another path.
            foreach (var args in new[] { new[] { "weave", disk.DllPath }, new[] { "weave", disk.DllPath, "-o", elsewhere } })
            {
                var output = new StringWriter();
                var error = new StringWriter();
                var exit = Program.Run(args, output, error);

                Assert.That(exit, Is.EqualTo(Program.Failed), output + "\n" + error);
                Assert.That(error.ToString(), Does.Match($@"(?m)^Fixture\.cs\({entry.Line},\d+\): error {entry.Code}: "));
                Assert.That(error.ToString(), Does.Contain("1 error(s); nothing was written"));
                Assert.That(output.ToString(), Is.Empty);
                Assert.That(File.ReadAllBytes(disk.DllPath), Is.EqualTo(dll));
                Assert.That(File.ReadAllBytes(disk.PdbPath), Is.EqualTo(pdb));
                Assert.That(Directory.GetFileSystemEntries(disk.Folder), Is.EquivalentTo(files), "no output, temporary or partial file is written");
            }
        }

        [Test]
        public void HoldsAtLeastFiftyProgramsEachNamedOnce()
        {
            Assert.That(Corpus.Length, Is.GreaterThanOrEqualTo(50));
            Assert.That(All().Select(e => e.Name), Is.Unique);
        }
    }
}
