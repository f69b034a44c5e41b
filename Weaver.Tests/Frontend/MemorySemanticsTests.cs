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
    /// Code over memory reads into IR that computes what the compiled method computes: each
    /// method runs both ways (IrInterpreter on the IR, reflection on the loaded assembly), from
    /// Debug and Release IL, on fresh copies of the same inputs. The result (or the exception's
    /// type) must agree, and so must every argument afterwards: array contents, objects' fields,
    /// what was written through ref/out parameters.
    /// </summary>
    public class MemorySemanticsTests
    {
        private const string Members = @"
static double SumSquares(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * x[i]; return s; }
static double RunningMax(double[] x) { double m = double.NegativeInfinity; for (int i = 0; i < x.Length; i++) { if (x[i] > m) m = x[i]; } return m; }
static double SortThenSumFirstHalf(double[] a)
{
    for (int i = 1; i < a.Length; i++)
    {
        double key = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > key) { a[j + 1] = a[j]; j--; }
        a[j + 1] = key;
    }
    double s = 0;
    for (int i = 0; i < a.Length / 2; i++) s += a[i];
    return s;
}
static double ZeroUntilThreshold(double[] a, double threshold)
{
    double s = 0;
    for (int i = 0; i < a.Length; i++) { if (s + a[i] > threshold) break; s += a[i]; a[i] = 0; }
    return s;
}
static void Cube(ref double x) { x = x * (x * x); }
static void RosenbrockInp(double x, double y, ref double output) { output = (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x); }
static double[] MatVec(double[][] m, double[] v)
{
    var r = new double[m.Length];
    for (int i = 0; i < m.Length; i++) { double s = 0; for (int j = 0; j < m[i].Length; j++) s += m[i][j] * v[j]; r[i] = s; }
    return r;
}
static double Scratch(double[] x)
{
    var t = new double[x.Length];
    for (int i = 0; i < x.Length; i++) t[i] = x[i] * x[i] - 1;
    double s = 0;
    for (int i = t.Length - 1; i >= 0; i--) s = s * 0.5 + t[i];
    return s;
}
static void AddTo(double[] a, int i, double v) { a[i] += v; }
static void SquareAndCube(double x, out double square, out double cube) { square = x * x; cube = square * x; }
static float HalfSumFloat(float[] a) { float s = 0; foreach (var v in a) s += v * 0.5f; return s; }
static float SquareIn(in float x) => x * x;
static double Dot(double[] a, double[] b)
{
    if (a.Length != b.Length) throw new ArgumentException(""lengths differ"");
    double s = 0;
    for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
    return s;
}
static readonly double[] Weights = { 0.5, 0.25, 0.125 };
static readonly double Half = 0.5;
static double Weighted(double x) { double s = 0; for (int i = 0; i < Weights.Length; i++) s += Weights[i] * x; return s * Half; }
static void Swap(ref double p, ref double q) { var t = p; p = q; q = t; }
static double SwapElements(double x) { double[] a = { x, 2 * x }; Swap(ref a[0], ref a[1]); return a[0] - 3 * a[1]; }
static double Histogram(int[] bins, double x) { bins[(int)x]++; return bins[(int)x] * x; }
public sealed class Acc { public double Total; public int Count; }
static double Accumulate(Acc acc, double[] xs) { for (int i = 0; i < xs.Length; i++) { acc.Total += xs[i]; acc.Count++; } return acc.Total / acc.Count; }
static void Twice(ref double v) { v *= 2; }
static double DoubleTheTotal(Acc acc) { Twice(ref acc.Total); return acc.Total; }
static int Label(string s, double x) => x > 0 ? s.Length : ""negative"".Length;
";

        private static object?[] Args(params object?[] a) => a;

        private static Func<Assembly, object?[]> Of(params object?[] a) => _ => Copy(a);

        /// <summary>A deep copy of arrays (jagged too), so each run gets inputs of its own.</summary>
        private static object?[] Copy(object?[] a) => a.Select(CopyValue).ToArray();

        private static object? CopyValue(object? v) => v is Array array
            ? CopyArray(array)
            : v;

        private static Array CopyArray(Array array)
        {
            var copy = Array.CreateInstance(array.GetType().GetElementType()!, array.Length);
            for (int i = 0; i < array.Length; i++) copy.SetValue(CopyValue(array.GetValue(i)), i);
            return copy;
        }

        private static readonly Dictionary<string, Func<Assembly, object?[]>[]> Inputs = new Dictionary<string, Func<Assembly, object?[]>[]>
        {
            ["SumSquares"] = new[] { Of(new double[0]), Of(new[] { 1.0, 2, 3 }), Of(new[] { -1.5, 1e10, double.NaN }), Of(new object?[] { null }) },
            ["RunningMax"] = new[] { Of(new[] { 3.0, 1, 4, 1, 5 }), Of(new double[0]), Of(new[] { -2.0, double.NaN, -1 }) },
            ["SortThenSumFirstHalf"] = new[] { Of(new[] { 5.0, 3, 8, 1, 9, 2 }), Of(new[] { 1.0 }), Of(new[] { 4.0, 4, -1, 0.5, 7, 7, -3 }) },
            ["ZeroUntilThreshold"] = new[] { Of(new[] { 1.0, 2, 3, 4, 5 }, 6.5), Of(new[] { 10.0, 1 }, 5.0), Of(new[] { 1.0, 1 }, 100.0) },
            ["Cube"] = new[] { Of(2.0), Of(-1.5), Of(double.NaN) },
            ["RosenbrockInp"] = new[] { Of(1.0, 3.0, 0.0), Of(-1.5, 2.0, 7.0), Of(0.25, -0.5, 0.0) },
            ["MatVec"] = new[]
            {
                Of(new[] { new[] { 1.0, 2, 3 }, new[] { -1.0, 0.5, 4 } }, new[] { 2.0, -1, 0.25 }),
                Of(new double[0][], new double[0]),
                Of(new[] { new[] { 1.0 }, new[] { 1.0, 2, 3, 4 } }, new[] { 1.0, 2 }),
            },
            ["Scratch"] = new[] { Of(new[] { 1.0, 2, 3 }), Of(new double[0]), Of(new[] { 0.5 }) },
            ["AddTo"] = new[] { Of(new[] { 1.0, 2, 3 }, 1, 0.5), Of(new[] { 1.0 }, 3, 1.0) },
            ["SquareAndCube"] = new[] { Of(3.0, 0.0, 0.0), Of(-0.5, 9.0, 9.0) },
            ["HalfSumFloat"] = new[] { Of(new[] { 1f, 2f, 3.5f }), Of(new float[0]) },
            ["SquareIn"] = new[] { Of(3f), Of(-0.5f) },
            ["Dot"] = new[] { Of(new[] { 1.0, 2 }, new[] { 3.0, 4 }), Of(new[] { 1.0 }, new[] { 1.0, 2 }), Of(null, new[] { 1.0 }) },
            ["Weighted"] = new[] { Of(2.0), Of(-1.0) },
            ["SwapElements"] = new[] { Of(1.5), Of(-2.0) },
            ["Histogram"] = new[] { Of(new int[4], 2.5), Of(new int[2], 7.0) },
            ["Accumulate"] = new Func<Assembly, object?[]>[]
            {
                a => Args(Activator.CreateInstance(a.GetType("F+Acc")!), new[] { 1.0, 2, 3 }),
                a => Args(Activator.CreateInstance(a.GetType("F+Acc")!), new double[0]),
            },
            ["DoubleTheTotal"] = new Func<Assembly, object?[]>[]
            {
                a => { var acc = Activator.CreateInstance(a.GetType("F+Acc")!)!; acc.GetType().GetField("Total")!.SetValue(acc, 1.25); return Args(acc); },
                _ => Args(new object?[] { null }),
            },
            ["Label"] = new[] { Of("abc", 1.0), Of("", -1.0), Of(null, 1.0) },
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
            var parameters = fixture.Assembly.GetType(FrontendFixture.TypeName)!
                .GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetParameters();
            var interpreter = new IrInterpreter(fixture.Assembly);
            foreach (var make in Inputs[name])
            {
                var compiledArgs = make(fixture.Assembly);
                var expected = Outcome(() => IrInterpreter.ToCanonical(fixture.Invoke(FrontendFixture.TypeName, name, compiledArgs), function.ReturnType), compiledArgs);

                // The interpreter takes a ref/in/out argument as a box it writes through.
                var irArgs = make(fixture.Assembly)
                    .Select((a, i) => parameters[i].ParameterType.IsByRef ? new ArgumentBox(parameters[i].ParameterType.GetElementType()!, a) : a)
                    .ToArray();
                var actual = Outcome(() => interpreter.Run(function, irArgs), irArgs);
                Assert.That(actual, Is.EqualTo(expected), $"{name}, inputs {Describe(make(fixture.Assembly))}\n{IrPrinter.Print(function)}");
            }
        }

        /// <summary>The result (or the exception's type), then the state of every argument after the call.</summary>
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

        /// <summary>A comparable description: floats by bits (NaNs equal), arrays element by element, objects field by field.</summary>
        private static string Describe(object? value) => value switch
        {
            null => "null",
            ArgumentBox box => Describe(box.Value),
            double d => "f64 " + (double.IsNaN(d) ? "NaN" : BitConverter.DoubleToInt64Bits(d).ToString("x16") + " " + d.ToString("R", CultureInfo.InvariantCulture)),
            float f => "f32 " + (float.IsNaN(f) ? "NaN" : BitConverter.SingleToInt32Bits(f).ToString("x8") + " " + f.ToString("R", CultureInfo.InvariantCulture)),
            string s => "\"" + s + "\"",
            Array a => "[" + string.Join(", ", a.Cast<object?>().Select(Describe)) + "]",
            _ when value.GetType().IsPrimitive => value.GetType().Name + " " + value,
            _ => value.GetType().Name + " { " + string.Join(", ", value.GetType()
                     .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                     .OrderBy(f => f.Name)
                     .Select(f => f.Name + " = " + Describe(f.GetValue(value)))) + " }",
        };
    }
}
