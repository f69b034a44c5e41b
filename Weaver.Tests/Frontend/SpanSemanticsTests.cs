using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>
    /// Span code reads into IR that computes what the compiled method computes. Reflection cannot
    /// pass a span, so each span method has a compiled wrapper taking arrays (`SumA(double[] a) =>
    /// Sum(a)`); the IR of the span method runs in the interpreter with an IrSpan over a copy of
    /// the same arrays. Result (or exception type) and the arrays' contents afterwards must agree,
    /// from Debug and Release IL.
    /// </summary>
    public class SpanSemanticsTests
    {
        private const string Members = @"
static double Sum(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i]; return s; }
static double SumA(double[] a) => Sum(a);
static double SumForeach(ReadOnlySpan<double> x) { double s = 0; foreach (var v in x) s += v; return s; }
static double SumForeachA(double[] a) => SumForeach(a);
static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
{
    if (a.Length != b.Length) throw new ArgumentException(""lengths differ"");
    double s = 0;
    for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
    return s;
}
static double DotA(double[] a, double[] b) => Dot(a, b);
static void Scale(Span<double> y, double a) { for (int i = 0; i < y.Length; i++) y[i] *= a; }
static void ScaleA(double[] y, double a) => Scale(y, a);
static float HalveAndSum(Span<float> y) { float s = 0; foreach (ref float v in y) { v *= 0.5f; s += v; } return s; }
static float HalveAndSumA(float[] y) => HalveAndSum(y);
static double FirstOfCopy(Span<double> y) { Span<double> t = y; return t.IsEmpty ? -1 : t[0]; }
static double FirstOfCopyA(double[] y) => FirstOfCopy(y);
static double SliceSum(ReadOnlySpan<double> x, int a, int n) { var t = x.Slice(a, n); double s = 0; for (int i = 0; i < t.Length; i++) s += t[i]; return s; }
static double SliceSumA(double[] x, int a, int n) => SliceSum(x, a, n);
static double WriteThroughTail(Span<double> y, double v) { var t = y.Slice(1); t[0] = v; return y[1] * t.Length; }
static double WriteThroughTailA(double[] y, double v) => WriteThroughTail(y, v);
static double At(ReadOnlySpan<double> x, int i) => x[i];
static double AtA(double[] x, int i) => At(x, i);
static double IndexChosenByABranch(ReadOnlySpan<double> s, bool c, int i, int j) => s[c ? i : j];
static double IndexChosenByABranchA(double[] s, bool c, int i, int j) => IndexChosenByABranch(s, c, i, j);
static double FromArray(double[] a) { Span<double> s = a.AsSpan(); var r = new Span<double>(a, 1, 2); ReadOnlySpan<double> q = a; s[0] = r[1] + q.Length; return s[0] + a.AsSpan(2)[0]; }
";

        private static Func<object?[]> Of(params object?[] a) => () => a.Select(v => v is Array array ? array.Clone() : v).ToArray();

        private static readonly Dictionary<string, Func<object?[]>[]> Inputs = new Dictionary<string, Func<object?[]>[]>
        {
            ["Sum"] = new[] { Of(new[] { 1.0, 2, 3.5 }), Of(new double[0]), Of(new[] { -1.5, 1e10, double.NaN }), Of(new object?[] { null }) },
            ["SumForeach"] = new[] { Of(new[] { 1.0, 2, 3.5 }), Of(new double[0]) },
            ["Dot"] = new[] { Of(new[] { 1.0, 2 }, new[] { 3.0, 4 }), Of(new[] { 1.0 }, new[] { 1.0, 2 }), Of(new double[0], new double[0]) },
            ["Scale"] = new[] { Of(new[] { 1.0, -2, 3 }, 2.5), Of(new double[0], 2.0) },
            ["HalveAndSum"] = new[] { Of(new[] { 1f, 3f, -5f }), Of(new float[0]) },
            ["FirstOfCopy"] = new[] { Of(new[] { 4.0, 5 }), Of(new double[0]) },
            ["SliceSum"] = new[] { Of(new[] { 1.0, 2, 3, 4, 5 }, 1, 3), Of(new[] { 1.0, 2 }, 2, 0), Of(new[] { 1.0, 2 }, 1, 2), Of(new[] { 1.0 }, -1, 1) },
            ["WriteThroughTail"] = new[] { Of(new[] { 1.0, 2, 3 }, 9.5), Of(new[] { 1.0 }, 9.5), Of(new double[0], 1.0) },
            ["At"] = new[] { Of(new[] { 1.0, 2 }, 1), Of(new[] { 1.0, 2 }, 2), Of(new[] { 1.0, 2 }, -1) },
            // The span's address waits on the stack while a branch picks the index.
            ["IndexChosenByABranch"] = new[] { Of(new[] { 1.0, 2 }, true, 0, 1), Of(new[] { 1.0, 2 }, false, 0, 1), Of(new[] { 1.0 }, false, 0, 3) },
            ["FromArray"] = new[] { Of(new[] { 1.0, 2, 3 }), Of(new[] { 1.0, 2 }) },
        };

        private static IEnumerable<TestCaseData> Cases() =>
            from optimize in new[] { false, true }
            from name in Inputs.Keys
            select new TestCaseData(name, optimize).SetName($"{name}({(optimize ? "Release" : "Debug")})");

        [TestCaseSource(nameof(Cases))]
        public void IrComputesAndWritesWhatTheCompiledMethodDoes(string name, bool optimize)
        {
            using var fixture = new LoadedFixture(FrontendFixture.Wrap(Members), optimize);
            var function = FrontendFixture.ReadVerified(fixture.Method(FrontendFixture.TypeName, name));
            var takesSpans = function.Parameters.Any(p => p.Type.Kind == IrTypeKind.Struct);
            var compiled = takesSpans ? name + "A" : name;
            var interpreter = new IrInterpreter(fixture.Assembly);
            foreach (var make in Inputs[name])
            {
                var compiledArgs = make();
                var expected = Outcome(() => IrInterpreter.ToCanonical(fixture.Invoke(FrontendFixture.TypeName, compiled, compiledArgs), function.ReturnType), compiledArgs);

                var arrays = make();
                var irArgs = arrays.Select((a, i) => function.Parameters[i].Type.Kind == IrTypeKind.Struct ? Span(a) : a).ToArray();
                var actual = Outcome(() => interpreter.Run(function, irArgs), arrays);
                Assert.That(actual, Is.EqualTo(expected), $"{name}, inputs {string.Join(", ", make().Select(Describe))}\n{IrPrinter.Print(function)}");
            }
        }

        /// <summary>What the implicit conversion from an array makes: a span over all of it (empty for null).</summary>
        private static IrSpan Span(object? array) => new IrSpan(array as Array ?? Array.Empty<double>());

        private static string Outcome(Func<object?> run, object?[] arguments)
        {
            string result;
            try
            {
                result = "returns " + Describe(run());
            }
            catch (Exception e)
            {
                result = "throws " + e.GetType().Name;
            }
            return result + "; arguments after: " + string.Join(", ", arguments.Select(Describe));
        }

        private static string Describe(object? value) => value switch
        {
            null => "null",
            double d => "f64 " + (double.IsNaN(d) ? "NaN" : BitConverter.DoubleToInt64Bits(d).ToString("x16") + " " + d.ToString("R", CultureInfo.InvariantCulture)),
            float f => "f32 " + (float.IsNaN(f) ? "NaN" : BitConverter.SingleToInt32Bits(f).ToString("x8") + " " + f.ToString("R", CultureInfo.InvariantCulture)),
            Array a => "[" + string.Join(", ", a.Cast<object?>().Select(Describe)) + "]",
            _ => value.GetType().Name + " " + Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }
}
