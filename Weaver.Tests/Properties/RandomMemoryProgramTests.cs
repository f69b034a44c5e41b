using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Random programs over a Duplicated array: reads, writes and in-place updates of its
    /// elements (overwriting what was read), loops over it with data-dependent branches; half of
    /// them also through a local jagged array whose rows are a new array, the parameter itself
    /// and the first row again (so rows alias), with a row replaced inside the loop. Reverse
    /// gradients (added into the shadow) are checked against central differences of the primal,
    /// and forward tangents against the reverse gradient, from Debug and Release IL.
    /// </summary>
    [TestFixture]
    public sealed class RandomMemoryProgramTests : WovenInBothBuilds
    {
        private static readonly int Programs = Soak.Count(60);
        private static readonly string[] Bodies = Enumerable.Range(0, Programs).Select(k => Body(new System.Random(Soak.Seed(5000, k)))).ToArray();

        protected override string Source()
        {
            var sb = new StringBuilder("using System; using AutoDiff; using static AutoDiff.Activity;\nnamespace RandomMemory { public static partial class P {\n");
            for (int k = 0; k < Programs; k++)
            {
                sb.AppendLine($"[AutoDiffReverse(\"R{k}\", Duplicated, Active, Active)] [AutoDiffForward(\"T{k}\", Dual, Dual, Dual)]");
                sb.AppendLine($"public static double F{k}(double[] v, double x) {{\n{Bodies[k]}\n}}");
            }
            return sb.Append("} }").ToString();
        }

        public static IEnumerable<TestCaseData> Cases() => CasesFor(Programs, "MemoryProgram");

        [TestCaseSource(nameof(Cases))]
        public void GradientMatchesCentralDifferencesAndForwardMode(int k, bool optimize)
        {
            var type = Woven(optimize).GetType("RandomMemory.P", throwOnError: true)!;
            var f = type.GetMethod("F" + k)!;
            var rev = type.GetMethod("R" + k)!;
            var fwd = type.GetMethod("T" + k)!;
            double Primal(double[] v, double x) => (double)f.Invoke(null, new object[] { (double[])v.Clone(), x })!;
            var v0 = new[] { 0.4, -0.9, 1.3, 0.2, -0.35 };
            const double x0 = 0.7;
            var value = Primal(v0, x0);
            Assume.That(double.IsFinite(value));

            var dv = new double[v0.Length];
            var (rv, dx) = ((double, double))rev.Invoke(null, new object[] { (double[])v0.Clone(), dv, x0, 1.0 })!;
            Assert.That(rv, Is.EqualTo(value));
            if (!FiniteDifferences.IsSmooth(x => Primal(v0, x), x0)) Assert.Inconclusive($"seed {Soak.Seed(5000, k)}: the program has a kink at the test point");
            if (!FiniteDifferences.Resolves(value, x0, dx)) Assert.Inconclusive($"seed {Soak.Seed(5000, k)}: values grow past what central differences resolve");
            var gx = FiniteDifferences.Derivative(x => Primal(v0, x), x0);
            Assert.That(dx, Is.EqualTo(gx).Within(FiniteDifferences.Tolerance(gx, 1e-5)), $"∂x, seed {Soak.Seed(5000, k)}\n" + Bodies[k]);
            for (int i = 0; i < v0.Length; i++)
            {
                var j = i;
                double Along(double e) { var c = (double[])v0.Clone(); c[j] = e; return Primal(c, x0); }
                if (!FiniteDifferences.IsSmooth(Along, v0[i]) || !FiniteDifferences.Converges(Along, v0[i])) continue; // no reliable reference along this coordinate
                var gi = FiniteDifferences.Derivative(Along, v0[i]);
                Assert.That(dv[i], Is.EqualTo(gi).Within(FiniteDifferences.Tolerance(gi, 1e-5)), $"∂v[{i}], seed {Soak.Seed(5000, k)}\n" + Bodies[k]);
            }

            var direction = new[] { 1.0, -0.5, 0.25, 2.0, -1.0 };
            var (fv, t) = ((double, double))fwd.Invoke(null, new object[] { (double[])v0.Clone(), (double[])direction.Clone(), x0, 0.5 })!;
            Assert.That(fv, Is.EqualTo(value));
            var dot = dv.Zip(direction, (g, d) => g * d).Sum() + 0.5 * dx;
            Assert.That(t, Is.EqualTo(dot).Within(FiniteDifferences.Tolerance(dot, 1e-9)), "⟨ẋ, ∇f⟩\n" + Bodies[k]);
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
