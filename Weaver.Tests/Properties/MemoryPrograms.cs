using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using AutoDiff.Weaver.Tests.Support;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Programs over a Duplicated array: reads, writes and in-place updates of its elements
    /// (overwriting what was read), loops over it with data-dependent branches; half of them also
    /// through a local jagged array whose rows are a new array, the parameter itself and the first
    /// row again (so rows alias), with a row replaced inside the loop. Reverse gradients (added
    /// into the shadow) are checked against central differences of the primal, and forward
    /// tangents against the reverse gradient.
    /// </summary>
    public class MemoryPrograms : ProgramFamily
    {
        public override string Name => "Memory";

        public override int BaseSeed => 5000;

        public override int CiCount => 1600;

        public override string Generate(int seed) => Body(new System.Random(seed));

        protected override string Declare(int k, string body) =>
            $"[AutoDiffReverse(\"R{k}\", Duplicated, Active, Active)] [AutoDiffForward(\"T{k}\", Dual, Dual, Dual)]\n" +
            $"public static double F{k}(double[] v, double x) {{\n{body}\n}}";

        public override Verdict Check(Assembly woven, int k)
        {
            var type = Programs(woven);
            var f = type.GetMethod("F" + k)!.CreateDelegate<Func<double[], double, double>>();
            var reverse = type.GetMethod("R" + k)!.CreateDelegate<Func<double[], double[], double, double, (double, double)>>();
            var forward = type.GetMethod("T" + k)!.CreateDelegate<Func<double[], double[], double, double, (double, double)>>();
            double Primal(double[] v, double x) => f((double[])v.Clone(), x);
            var v0 = new[] { 0.4, -0.9, 1.3, 0.2, -0.35 };
            const double x0 = 0.7;
            var value = Primal(v0, x0);
            if (!double.IsFinite(value)) return Verdict.SetAside;

            var dv = new double[v0.Length];
            var (rv, dx) = reverse((double[])v0.Clone(), dv, x0, 1.0);
            ProgramMismatch.Expect(rv, value, 0, "the value R returns");

            // Forward against reverse first: it holds at any size of the values.
            var direction = new[] { 1.0, -0.5, 0.25, 2.0, -1.0 };
            double TangentAlong(double s) => forward((double[])v0.Clone(), direction.Select(d => s * d).ToArray(), x0, s * 0.5).Item2;
            var (fv, t) = forward((double[])v0.Clone(), (double[])direction.Clone(), x0, 0.5);
            ProgramMismatch.Expect(fv, value, 0, "the value T returns");
            var dot = dv.Zip(direction, (g, d) => g * d).Sum() + 0.5 * dx;
            if (GradientCounter.Overflowed(dv.Append(dx).Append(t))) return Verdict.SetAside;
            ProgramMismatch.Expect(t, dot, ForwardRounding.Tolerance(dot, TangentAlong), "the forward tangent against the reverse gradient");

            if (GradientCounter.BeyondDifferences(dv.Append(dx))) return Verdict.SetAside;
            var counter = new GradientCounter();
            counter.Compare(x => Primal(v0, x), x0, value, dx, "∂x");
            for (int i = 0; i < v0.Length; i++)
            {
                var j = i;
                double Along(double e) { var c = (double[])v0.Clone(); c[j] = e; return Primal(c, x0); }
                counter.Compare(Along, v0[i], value, dv[i], $"∂v[{i}]");
            }
            return counter.Verdict;
        }

        private static string Body(System.Random r)
        {
            var jagged = r.Next(2) == 0;
            string Index() => r.Next(3) == 0 ? "i" : r.Next(5).ToString(CultureInfo.InvariantCulture);
            string Array() => jagged && r.Next(2) == 0 ? $"m[{r.Next(3)}]" : "v";
            string Leaf() => r.Next(5) switch
            {
                0 => "x",
                1 => "acc",
                2 => (r.NextDouble() * 2 - 1).ToString("0.##", CultureInfo.InvariantCulture),
                _ => $"{Array()}[{Index()}]",
            };
            string Expr(int depth) => depth == 0 ? Leaf() : r.Next(6) switch
            {
                0 => $"({Expr(depth - 1)} + {Expr(depth - 1)})",
                1 => $"({Expr(depth - 1)} * {Expr(depth - 1)})",
                2 => $"Math.Sin({Expr(depth - 1)})",
                3 => $"({Expr(depth - 1)} - {Expr(depth - 1)})",
                4 => $"({Expr(depth - 1)} > {Expr(depth - 1)} ? {Expr(depth - 1)} : {Expr(depth - 1)})",
                _ => $"({Expr(depth - 1)} / (1.5 + Math.Abs({Expr(depth - 1)})))",
            };
            string Statement() => r.Next(5) switch
            {
                0 => $"{Array()}[{Index()}] = {Expr(2)};",
                1 => $"{Array()}[{Index()}] += {Expr(2)};",
                2 => $"acc += {Expr(2)};",
                3 => $"if ({Expr(1)} > {Expr(1)}) {Array()}[{Index()}] = {Expr(1)}; else acc = {Expr(2)};",
                _ => $"{Array()}[{Index()}] *= 0.5 + 0.25 * Math.Cos({Expr(1)});",
            };
            var sb = new StringBuilder("double acc = 0;\n");
            if (jagged) sb.AppendLine("var m = new double[3][]; m[0] = new double[5]; m[1] = v; m[2] = m[0];");
            sb.AppendLine("for (int i = 0; i < v.Length; i++) {");
            if (jagged && r.Next(2) == 0) sb.AppendLine($"if (i == {1 + r.Next(3)}) {{ m[{r.Next(3)}] = new double[5]; m[0][i] = {Expr(1)}; }}");
            for (int s = 0; s < 2 + r.Next(3); s++) sb.AppendLine(Statement());
            sb.AppendLine("}");
            for (int s = 0; s < 1 + r.Next(2); s++) sb.AppendLine(Statement().Replace("[i]", "[1]"));
            sb.AppendLine($"return acc + v[{r.Next(5)}] * x + {Expr(1).Replace("[i]", "[2]")};");
            return sb.ToString().Replace("int i = 0; i < v.Length", "int i = 0; i < v.Length");
        }
    }
}
