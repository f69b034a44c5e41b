using System.Globalization;
using System.Text;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Programs made of the loops the reverse plan's strategies are for: over rows (or once), a
    /// scratch array filled afresh, then sums over it under a function (`Math.Sqrt(1 + s * s)`,
    /// `Math.Log`, `Math.Tanh`, or added on as they are), with bodies that branch, read neighbours
    /// and the Duplicated parameter, carry an index that is not an induction variable, nest a loop,
    /// call `Math.Sin`; and the near misses of fused and two-pass loops: the scratch written in the
    /// sum or after it, the accumulator read inside its loop. Checked as the memory programs are
    /// (reverse gradient against central differences, forward tangent against the reverse
    /// gradient), so a loop the plan fuses or runs twice where it may not shows up as a wrong gradient.
    /// </summary>
    public sealed class SumPrograms : MemoryPrograms
    {
        public override string Name => "Sums";

        public override int BaseSeed => 13000;

        public override int CiCount => 250;

        public override string Generate(int seed) => Body(new System.Random(seed));

        private static string Body(System.Random r)
        {
            var rows = r.Next(4) != 0;
            var carried = r.Next(4) == 0;
            string Constant() => (r.NextDouble() * 2 - 1).ToString("0.##", CultureInfo.InvariantCulture);
            string Leaf(bool inSum, bool inLoop = true) => r.Next(inSum ? 7 : inLoop ? 5 : 3) switch
            {
                0 => "x",
                1 => Constant(),
                2 => rows ? "v[r % v.Length]" : "v[0]",
                3 => "v[k % v.Length]",
                4 => "k",
                5 => carried ? "t[q]" : "t[(k + 1) % t.Length]",
                _ => "t[k]",
            };
            string Expr(int depth, bool inSum, bool inLoop = true) => depth == 0 ? Leaf(inSum, inLoop) : r.Next(7) switch
            {
                0 => $"({Expr(depth - 1, inSum, inLoop)} + {Expr(depth - 1, inSum, inLoop)})",
                1 or 2 => $"({Expr(depth - 1, inSum, inLoop)} * {Expr(depth - 1, inSum, inLoop)})",
                3 => $"({Expr(depth - 1, inSum, inLoop)} - {Expr(depth - 1, inSum, inLoop)})",
                4 => r.Next(3) == 0 ? $"Math.Sin({Expr(depth - 1, inSum, inLoop)})" : $"({Expr(depth - 1, inSum, inLoop)} * 0.5)",
                5 => $"({Expr(depth - 1, inSum, inLoop)} > {Expr(depth - 1, inSum, inLoop)} ? {Expr(depth - 1, inSum, inLoop)} : {Expr(depth - 1, inSum, inLoop)})",
                _ => $"({Expr(depth - 1, inSum, inLoop)} / (1.5 + Math.Abs({Expr(depth - 1, inSum, inLoop)})))",
            };
            string Outer(string s) => r.Next(6) switch
            {
                0 => $"Math.Sqrt(1 + {s} * {s})",
                1 => $"Math.Log(1 + {s} * {s})",
                2 => $"Math.Tanh({s})",
                3 => $"{s} * x",
                4 => $"Math.Sin({s}) * {Constant()}",
                _ => s,
            };

            var sb = new StringBuilder("var t = new double[" + (r.Next(2) == 0 ? "v.Length" : "3") + "];\ndouble total = 0;\n");
            if (rows) sb.AppendLine($"for (int r = 0; r < {(r.Next(2) == 0 ? "v.Length" : "3")}; r++) {{");
            sb.AppendLine($"for (int k = 0; k < t.Length; k++) t[k] = {Expr(2, inSum: false)};");
            if (carried) sb.AppendLine("int q;");
            for (int sum = 0; sum < 1 + r.Next(2); sum++)
            {
                sb.AppendLine($"double s{sum} = {(r.Next(2) == 0 ? "0" : "x")};");
                if (carried) sb.AppendLine("q = 0;");
                sb.AppendLine("for (int k = 0; k < t.Length; k++) {");
                switch (r.Next(9))
                {
                    case 0: sb.AppendLine($"if ({Expr(1, true)} > {Expr(1, true)}) s{sum} += {Expr(2, true)}; else s{sum} -= {Expr(2, true)};"); break;
                    case 1: sb.AppendLine($"for (int j = 0; j < t.Length; j++) s{sum} += t[j] * {Expr(1, true)};"); break;
                    case 4: sb.AppendLine($"var a{sum} = {Expr(1, true)};\nfor (int j = 0; j < v.Length; j++) s{sum} += a{sum} * v[j] * {Expr(0, false)};"); break; // an inner loop over memory nothing writes
                    case 2: sb.AppendLine($"s{sum} += {Expr(2, true)};\nt[k] = s{sum} * 0.5;"); break; // writes what it reads
                    case 3: sb.AppendLine($"s{sum} += {Expr(1, true)} * s{sum} * 0.1;"); break; // reads its accumulator
                    default: sb.AppendLine($"s{sum} += {Expr(2, true)};"); break;
                }
                if (carried) sb.AppendLine("q = (q + 2) % t.Length;");
                sb.AppendLine("}");
                if (r.Next(5) == 0) sb.AppendLine($"t[{r.Next(3)}] = {Expr(1, false, inLoop: false)};"); // written after the sum
                sb.AppendLine($"total += {Outer("s" + sum)};");
            }
            if (rows) sb.AppendLine("}");
            sb.AppendLine($"return total + x * v[{r.Next(5)}];");
            return sb.ToString().Replace("v[r % v.Length]", rows ? "v[r % v.Length]" : "v[0]");
        }
    }
}
