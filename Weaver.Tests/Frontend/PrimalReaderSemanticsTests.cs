using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>
    /// The IR the frontend reads computes what the compiled method computes: each method runs
    /// both ways (IrInterpreter on the IR, reflection on the loaded assembly) at several inputs,
    /// from Debug and from Release IL. Exceptions count as results (same type expected).
    /// </summary>
    public class PrimalReaderSemanticsTests
    {
        private const string Members = @"
static double Rosenbrock(double x, double y) => (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);
static double Ternary(double a, double b, bool c) => a + (c ? b * 2 : Math.Sin(b)) * a;
static double NestedTernary(double x, int k) => x * (k > 0 ? (k > 5 ? 3.0 : x) : -x) + 1;
static double Piecewise(double x) { double y = 0; if (x < -1) y = -x; else if (x < 1) y = x * x; else y = Math.Log(x) + 1; return y * 2; }
static double Clamp(double x, double lo, double hi) { if (x < lo) return lo; if (x > hi) return hi; return x; }
static double SwitchInt(int k, double x) { switch (k) { case 0: return x; case 1: return x * 2; case 2: case 3: return x * 3; case 7: return Math.Exp(x); default: return 0; } }
enum Shape { Circle, Square, Triangle }
static double Area(Shape s, double r) { switch (s) { case Shape.Circle: return Math.PI * r * r; case Shape.Square: return r * r; case Shape.Triangle: return r * r * Math.Sqrt(3) / 4; } return -1; }
static double MixedTypes(float x, float y) => (double)(x * x * y) + MathF.Cos(x) - (float)Math.Tanh(y);
static float FloatMath(float x, double d) { float z = x * 2f; z += (float)d; z -= MathF.Sqrt(Math.Abs(x)); return z; }
static long IntegerOps(int a, int b, long c) { int q = b == 0 ? 0 : a / b; uint u = (uint)a; return (long)(u >> 3) + (q ^ b) + (c << 2) - (a % 7) + (long)(ulong)u; }
static double SumLoop(double x, int n) { double s = 0; for (int i = 0; i < n; i++) s += x * i; return s; }
static double NestedLoops(double x, int n) { double s = 0; for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) s += (i - j) * x + (j % 2 == 0 ? 1 : -1); return s; }
static double WhileWithBreak(double x) { int steps = 0; while (true) { if (x <= 1 || steps > 50) break; x = x / 2; steps++; } return x + steps; }
static double DoWhile(double x) { do { x = x * 0.5 + 1; } while (x > 2.5); return x; }
static double NaNComparisons(double x, double y) { double r = 0; if (!(x >= y)) r += 1; if (!(x < y)) r += 2; if (x != y) r += 4; if (!(x <= y)) r += 8; return r; }
static bool BoolResult(double x, double y) => x > y && y > 0 || double.IsNaN(x);
static double Checked(int a, int b) => checked(a * b) + 0.5;
static double Helper(double x) => x * 3;
static double CallsHelper(double x, double y) { var h = Helper(x); y = y + h; return Math.Pow(y, 2) - Math.Max(x, y); }
";

        private static readonly Dictionary<string, object[][]> Inputs = new Dictionary<string, object[][]>
        {
            ["Rosenbrock"] = new[] { new object[] { 1.0, 1.0 }, new object[] { -1.5, 3.0 }, new object[] { 0.25, double.NaN } },
            ["Ternary"] = new[] { new object[] { 1.5, 2.0, true }, new object[] { 1.5, 2.0, false }, new object[] { -3.0, 0.5, true } },
            ["NestedTernary"] = new[] { new object[] { 2.0, 0 }, new object[] { 2.0, 3 }, new object[] { 2.0, 9 }, new object[] { -1.0, -4 } },
            ["Piecewise"] = new[] { new object[] { -2.0 }, new object[] { 0.5 }, new object[] { 3.0 }, new object[] { double.NaN } },
            ["Clamp"] = new[] { new object[] { -2.0, -1.0, 1.0 }, new object[] { 0.5, -1.0, 1.0 }, new object[] { 7.0, -1.0, 1.0 }, new object[] { double.NaN, 0.0, 1.0 } },
            ["SwitchInt"] = new[] { new object[] { 0, 1.5 }, new object[] { 1, 1.5 }, new object[] { 3, 1.5 }, new object[] { 7, 1.5 }, new object[] { -1, 1.5 }, new object[] { 5, 1.5 } },
            ["Area"] = new[] { new object[] { 0, 2.0 }, new object[] { 1, 2.0 }, new object[] { 2, 2.0 }, new object[] { 9, 2.0 } },
            ["MixedTypes"] = new[] { new object[] { 3.0f, 2.5f }, new object[] { -0.5f, 1e-3f }, new object[] { 1e20f, 1e20f } },
            ["FloatMath"] = new[] { new object[] { 3.0f, 0.1 }, new object[] { -2.5f, 1e10 }, new object[] { 0f, -0.0 } },
            ["IntegerOps"] = new[] { new object[] { 17, 5, 3L }, new object[] { -17, 0, -9L }, new object[] { int.MinValue, -3, long.MaxValue } },
            ["SumLoop"] = new[] { new object[] { 1.5, 0 }, new object[] { 1.5, 1 }, new object[] { -0.25, 10 } },
            ["NestedLoops"] = new[] { new object[] { 0.5, 0 }, new object[] { 0.5, 4 }, new object[] { -2.0, 7 } },
            ["WhileWithBreak"] = new[] { new object[] { 0.5 }, new object[] { 100.0 }, new object[] { double.PositiveInfinity } },
            ["DoWhile"] = new[] { new object[] { 1.0 }, new object[] { 40.0 } },
            ["NaNComparisons"] = new[] { new object[] { 1.0, 2.0 }, new object[] { 2.0, 1.0 }, new object[] { 1.0, 1.0 }, new object[] { double.NaN, 1.0 }, new object[] { 1.0, double.NaN } },
            ["BoolResult"] = new[] { new object[] { 2.0, 1.0 }, new object[] { 1.0, 2.0 }, new object[] { double.NaN, 1.0 } },
            ["Checked"] = new[] { new object[] { 3, 4 }, new object[] { int.MaxValue, 2 } },
            ["CallsHelper"] = new[] { new object[] { 1.0, 2.0 }, new object[] { -3.0, 0.5 } },
        };

        private static IEnumerable<TestCaseData> Cases() =>
            from optimize in new[] { false, true }
            from name in Inputs.Keys
            select new TestCaseData(name, optimize).SetName($"{name}({(optimize ? "Release" : "Debug")})");

        [TestCaseSource(nameof(Cases))]
        public void IrComputesWhatTheCompiledMethodComputes(string name, bool optimize)
        {
            using var fixture = new LoadedFixture(FrontendFixture.Wrap(Members), optimize);
            var function = FrontendFixture.ReadVerified(fixture.Method(FrontendFixture.TypeName, name));
            var interpreter = new IrInterpreter(fixture.Assembly);
            foreach (var raw in Inputs[name])
            {
                var clrArgs = ToClrArguments(fixture, name, raw);
                var expected = Outcome(() => IrInterpreter.ToCanonical(fixture.Invoke(FrontendFixture.TypeName, name, clrArgs), function.ReturnType));
                var actual = Outcome(() => interpreter.Run(function, clrArgs));
                Assert.That(actual, Is.EqualTo(expected), $"{name}({string.Join(", ", raw)})\n{IrPrinter.Print(function)}");
            }
        }

        /// <summary>Arguments as the compiled method takes them (ints become enum values where it wants an enum).</summary>
        private static object?[] ToClrArguments(LoadedFixture fixture, string name, object[] raw)
        {
            var method = fixture.Assembly.GetType(FrontendFixture.TypeName)!.GetMethod(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
            var parameters = method.GetParameters();
            return raw.Select((a, i) => parameters[i].ParameterType.IsEnum ? Enum.ToObject(parameters[i].ParameterType, a) : a).ToArray();
        }

        /// <summary>A comparable outcome: the value (floats by bits, NaNs equal) or the exception's type.</summary>
        private static string Outcome(Func<object?> run)
        {
            try
            {
                return run() switch
                {
                    double d => "f64 " + (double.IsNaN(d) ? "NaN" : BitConverter.DoubleToInt64Bits(d).ToString("x16") + " " + d.ToString("R")),
                    float f => "f32 " + (float.IsNaN(f) ? "NaN" : BitConverter.SingleToInt32Bits(f).ToString("x8") + " " + f.ToString("R")),
                    null => "null",
                    var v => v.GetType().Name + " " + v,
                };
            }
            catch (Exception e)
            {
                return "throws " + e.GetType().Name;
            }
        }
    }
}
