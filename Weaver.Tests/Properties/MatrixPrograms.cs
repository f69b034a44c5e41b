using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using AutoDiff.Weaver.Tests.Support;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Programs over a Duplicated double[,] (3 × 4): reads, writes and in-place updates of its
    /// elements at loop indices and constant ones (overwriting what was read, a[i, j] against
    /// a[j, i]-like neighbours), in nested loops bounded by GetLength with data-dependent branches;
    /// some also through a local double[,] that is either a new matrix or the parameter itself
    /// (chosen at run time, so its shadow comes through a phi), or through a local rank-3 array.
    /// Reverse gradients (added into the shadow) are checked against central differences of the
    /// primal, and forward tangents against the reverse gradient.
    /// </summary>
    public sealed class MatrixPrograms : ProgramFamily
    {
        public override string Name => "Matrix";

        public override int BaseSeed => 11000;

        public override int CiCount => 500;

        public override string Generate(int seed) => Body(new System.Random(seed));

        protected override string Declare(int k, string body) =>
            $"[AutoDiffReverse(\"R{k}\", Duplicated, Active, Active)] [AutoDiffForward(\"T{k}\", Dual, Dual, Dual)]\n" +
            $"public static double F{k}(double[,] m, double x) {{\n{body}\n}}";

        public override Verdict Check(Assembly woven, int k)
        {
            var type = Programs(woven);
            var f = type.GetMethod("F" + k)!.CreateDelegate<Func<double[,], double, double>>();
            var reverse = type.GetMethod("R" + k)!.CreateDelegate<Func<double[,], double[,], double, double, (double, double)>>();
            var forward = type.GetMethod("T" + k)!.CreateDelegate<Func<double[,], double[,], double, double, (double, double)>>();
            double Primal(double[,] m, double x) => f((double[,])m.Clone(), x);
            var m0 = new double[3, 4];
            m0 = ArrayElements.Like(m0, e => 0.9 * Math.Sin(1.7 * e + 0.3));
            const double x0 = 0.7;
            var value = Primal(m0, x0);
            if (!double.IsFinite(value)) return Verdict.SetAside;

            var dm = new double[3, 4];
            var (rv, dx) = reverse((double[,])m0.Clone(), dm, x0, 1.0);
            ProgramMismatch.Expect(rv, value, 0, "the value R returns");

            // Forward against reverse first: it holds at any size of the values.
            var direction = ArrayElements.Like(new double[3, 4], e => 1.0 - 0.35 * e);
            double TangentAlong(double s) => forward((double[,])m0.Clone(), ArrayElements.Like(direction, e => s * ArrayElements.Get(direction, e)), x0, s * 0.5).Item2;
            var (fv, t) = forward((double[,])m0.Clone(), (double[,])direction.Clone(), x0, 0.5);
            ProgramMismatch.Expect(fv, value, 0, "the value T returns");
            var dot = ArrayElements.Dot(dm, direction) + 0.5 * dx;
            if (GradientCounter.Overflowed(ArrayElements.Flat(dm).Append(dx).Append(t))) return Verdict.SetAside;
            ProgramMismatch.Expect(t, dot, ForwardRounding.Tolerance(dot, TangentAlong) + 1e-12 * (ArrayElements.Flat(dm).Sum(Math.Abs) + Math.Abs(dx)), "the forward tangent against the reverse gradient");

            // Twelve passes of acc += (...) · (acc + ...) can grow the values to 10²⁴ (seed 639282853).
            if (GradientCounter.BeyondDifferences(ArrayElements.Flat(dm).Append(dx))) return Verdict.SetAside;
            var counter = new GradientCounter();
            counter.Compare(x => Primal(m0, x), x0, value, dx, "∂x");
            for (int e = 0; e < m0.Length; e++)
            {
                var (i, j) = (e / 4, e % 4);
                double Along(double t) { var c = (double[,])m0.Clone(); c[i, j] = t; return Primal(c, x0); }
                counter.Compare(Along, m0[i, j], value, dm[i, j], $"∂m[{i}, {j}]");
            }
            return counter.Verdict;
        }

        private static string Body(System.Random r)
        {
            var local = r.Next(3); // 0: only m; 1: w, a new matrix or m itself; 2: a local rank-3 array too
            string Row() => r.Next(3) == 0 ? "i" : r.Next(3).ToString(CultureInfo.InvariantCulture);
            string Column() => r.Next(4) switch { 0 => "j", 1 => "(3 - j)", _ => r.Next(4).ToString(CultureInfo.InvariantCulture) };
            string Element() => local == 1 && r.Next(2) == 0 ? $"w[{Row()}, {Column()}]"
                : local == 2 && r.Next(3) == 0 ? $"c[{r.Next(2)}, {Row()}, {Column()}]"
                : $"m[{Row()}, {Column()}]";
            string Leaf() => r.Next(5) switch
            {
                0 => "x",
                1 => "acc",
                2 => (r.NextDouble() * 2 - 1).ToString("0.##", CultureInfo.InvariantCulture),
                _ => Element(),
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
                0 => $"{Element()} = {Expr(2)};",
                1 => $"{Element()} += {Expr(2)};",
                2 => $"acc += {Expr(2)};",
                3 => $"if ({Expr(1)} > {Expr(1)}) {Element()} = {Expr(1)}; else acc = {Expr(2)};",
                _ => $"{Element()} *= 0.5 + 0.25 * Math.Cos({Expr(1)});",
            };
            var sb = new StringBuilder("double acc = 0;\n");
            if (local == 1) sb.AppendLine($"var w = x {(r.Next(2) == 0 ? ">" : "<")} 0 ? m : new double[3, 4];");
            if (local == 2) sb.AppendLine("var c = new double[2, 3, 4];");
            sb.AppendLine("for (int i = 0; i < m.GetLength(0); i++) {");
            sb.AppendLine("for (int j = 0; j < m.GetLength(1); j++) {");
            for (int s = 0; s < 2 + r.Next(3); s++) sb.AppendLine(Statement());
            sb.AppendLine("}");
            if (r.Next(2) == 0) sb.AppendLine(Statement().Replace("(3 - j)", "3").Replace(", j]", ", 2]"));
            sb.AppendLine("}");
            for (int s = 0; s < 1 + r.Next(2); s++) sb.AppendLine(Statement().Replace("(3 - j)", "0").Replace(", j]", ", 1]").Replace("[i,", "[2,").Replace(", i,", ", 1,"));
            sb.AppendLine($"return acc + m[{r.Next(3)}, {r.Next(4)}] * x + {Expr(1).Replace("(3 - j)", "3").Replace(", j]", ", 3]").Replace("[i,", "[1,").Replace(", i,", ", 0,")};");
            return sb.ToString();
        }
    }
}
