using System;
using System.Reflection;
using System.Text.RegularExpressions;
using AutoDiff.Weaver.Tests.Support;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// The scalar programs in single precision: <c>float</c> locals, arrays and literals, MathF and
    /// float.Hypot. Each is compiled twice: <c>F{k}</c> in float, whose derivatives are woven, and
    /// its double twin <c>G{k}</c> (the same text in double), the reference: float central
    /// differences are too coarse to check against, the twin's are not. The float gradient is
    /// checked against the twin's central differences to float accuracy (where float and double
    /// agree on the value), and the forward tangent against the reverse gradient.
    /// </summary>
    public sealed class FloatPrograms : ProgramFamily
    {
        public override string Name => "Float";

        public override int BaseSeed => 3000;

        public override int CiCount => 1100;

        private static readonly Regex Literal = new Regex(@"(?<![\w.])(\d+\.\d+)(?![\w.])", RegexOptions.Compiled);

        public override string Generate(int seed) => new ScalarPrograms.Generator(seed).Body();

        protected override string Declare(int k, string body) =>
            $"[AutoDiffReverse(\"R{k}\", Active, Active, Const, Active)] [AutoDiffForward(\"T{k}\", Dual, Dual, Const, Dual)]\n" +
            $"public static float F{k}(float x, float y, int n) {{\n{InFloat(body)}\n}}\n" +
            $"public static double G{k}(double x, double y, int n) {{\n{body}\n}}";

        /// <summary>The double program's text in float.</summary>
        private static string InFloat(string body) =>
            Literal.Replace(body.Replace("double", "float").Replace("Math.", "MathF."), "$1f");

        public override Verdict Check(Assembly woven, int k)
        {
            var type = Programs(woven);
            var f = type.GetMethod("F" + k)!.CreateDelegate<Func<float, float, int, float>>();
            var twin = type.GetMethod("G" + k)!.CreateDelegate<Func<double, double, int, double>>();
            var reverse = type.GetMethod("R" + k)!.CreateDelegate<Func<float, float, int, float, (float, float, float)>>();
            var forward = type.GetMethod("T" + k)!.CreateDelegate<Func<float, float, float, float, int, (float, float)>>();
            var counter = new GradientCounter();
            foreach (var (x, y, n) in new[] { (0.31f, -0.72f, 3), (-1.13f, 0.44f, 5), (0.87f, 1.21f, 0) })
            {
                var at = $"at (x, y, n) = ({x}f, {y}f, {n})";
                var value = f(x, y, n);
                if (!float.IsFinite(value)) continue;
                var (rv, dx, dy) = reverse(x, y, n, 1f);
                ProgramMismatch.Expect(rv, value, 0, "the value R returns " + at);
                var (fv, t) = forward(x, 2f, y, -1f, n);
                ProgramMismatch.Expect(fv, value, 0, "the value T returns " + at);
                var scale = Math.Max(1, 2 * Math.Abs(dx) + Math.Abs(dy));
                ProgramMismatch.Expect(t, 2 * (double)dx - dy, 1e-4 * scale, "the forward tangent along (2, -1) against the reverse gradient " + at);

                var reference = twin(x, y, n);
                if (!(Math.Abs(reference - value) <= 1e-4 * Math.Max(1, Math.Abs(reference)))) continue; // float and double part ways here
                Compare(v => twin(v, y, n), x, reference, dx, "∂x " + at, counter);
                Compare(v => twin(x, v, n), y, reference, dy, "∂y " + at, counter);
            }
            return counter.Verdict;
        }

        /// <summary>A float derivative against the double twin's central differences, to float accuracy.</summary>
        private static void Compare(Func<double, double> twin, double at, double value, float derivative, string what, GradientCounter counter)
        {
            if (!FiniteDifferences.IsSmooth(twin, at) || !FiniteDifferences.Resolves(value, at, derivative) || !FiniteDifferences.Converges(twin, at)) return;
            var expected = FiniteDifferences.Derivative(twin, at);
            ProgramMismatch.Expect(derivative, expected, 2e-3 * Math.Max(1, Math.Abs(expected)), what + " (float, against the double twin's central differences)");
            counter.Count(expected);
        }
    }
}
