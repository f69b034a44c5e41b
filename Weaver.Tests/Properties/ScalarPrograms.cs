using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Plain scalar code over x, y (active) and n (a trip count): arithmetic, <c>%</c>, Math
    /// calls (Sin, Cos, Tanh, Atan, Exp, Sqrt, Pow, Log, Atan2, Hypot, Abs, Max, Min), locals
    /// reassigned, copied and swapped (by tuple and through a temporary), a local scratch array,
    /// if/else, ternaries, <c>switch</c>, for, while and do loops (nested two deep) with
    /// <c>break</c> and <c>continue</c>, and early returns. Values grow at most linearly in the
    /// number of passes (a product has one squashed factor, tanh(·); divisions are by 1.5 + |·|;
    /// logarithms, powers and square roots are of 1.5 + sin(·), exponents sin(·)): an overflow
    /// in a value the result does not use would poison the reverse sweep (0·∞ = NaN), as in
    /// every reverse-mode tool, and values past 10¹⁵ leave sin(·) and central differences
    /// nothing to resolve.
    /// </summary>
    public sealed class ScalarPrograms : ScalarFamily
    {
        public override string Name => "Scalar";

        public override int BaseSeed => 1000;

        public override int CiCount => 4200;

        public override string Generate(int seed) => new Generator(seed).Body();

        /// <summary>Writes one random function body over x, y and n.</summary>
        internal sealed class Generator
        {
            private static readonly string[] Targets = { "a", "b", "s[0]", "s[1]", "s[2]" };
            private readonly System.Random _random;
            private readonly List<string> _locals = new List<string> { "x", "y", "a", "b", "s[0]", "s[1]", "s[2]" };
            private readonly List<string> _loopVariables = new List<string>();
            private int _depth;
            private int _names;

            public Generator(int seed) => _random = new System.Random(seed);

            public string Body()
            {
                var sb = new StringBuilder("double a = x; double b = y; var s = new double[3];\n");
                int statements = 3 + _random.Next(4);
                for (int i = 0; i < statements; i++) sb.Append(Statement(1));
                sb.Append($"return {Expr(2)} + a * 0.5 + s[1];");
                return sb.ToString();
            }

            private string Target() => Targets[_random.Next(Targets.Length)];

            private string Name(string prefix) => prefix + _names++;

            private string Statement(int level)
            {
                switch (level < 3 ? _random.Next(13) : _random.Next(2) * 3)
                {
                    case 1:
                        return $"if ({Expr(2)} > {Expr(2)}) {{ {Statement(level + 1)} }} else {{ {Statement(level + 1)} }}\n";
                    case 2:
                    {
                        var i = Name("i");
                        return $"for (int {i} = 0; {i} < n; {i}++) {{ {Target()} = {Expr(2)} * 0.5 + s[{i} % 3] * 0.25; }}\n";
                    }
                    case 3:
                        return $"{Target()} += {Expr(2)};\n";
                    case 4:
                        return $"{Target()} = {Target()};\n";
                    case 5:
                    {
                        var (p, q) = TwoTargets();
                        var t = Name("t");
                        return _random.Next(2) == 0 ? $"({p}, {q}) = ({q}, {p});\n" : $"{{ var {t} = {p}; {p} = {q}; {q} = {t}; }}\n";
                    }
                    case 6:
                        return Loop(level, Name("j"), "while");
                    case 7:
                        return Loop(level, Name("j"), "do");
                    case 8:
                        return Loop(level, Name("i"), "for");
                    case 9:
                    {
                        var on = _loopVariables.Count > 0 && _random.Next(2) == 0 ? _loopVariables[_random.Next(_loopVariables.Count)] : "n";
                        return $"switch ({on} % 3) {{ case 0: {Statement(level + 1)} break; case 1: {Statement(level + 1)} break; default: {Statement(level + 1)} break; }}\n";
                    }
                    case 10:
                        return $"if ({Expr(1)} > {Expr(1)}) return {Expr(2)};\n";
                    case 11:
                        return $"{Target()} = {Target()} * 0.5 + {Expr(2)} % (1.5 + Math.Abs({Expr(1)}));\n";
                    default:
                        return $"{Target()} = {Expr(3)};\n";
                }
            }

            private (string, string) TwoTargets()
            {
                var p = Target();
                var q = Target();
                while (q == p) q = Target();
                return (p, q);
            }

            /// <summary>A loop of at most n (or n + 1, for do) passes whose body may break or continue.</summary>
            private string Loop(int level, string v, string kind)
            {
                _loopVariables.Add(v);
                var body = Statement(level + 1);
                var exit = _random.Next(3) switch
                {
                    0 => $"if ({Expr(1)} > {Expr(1)}) break;",
                    1 => $"if ({v} % 2 == 1) continue;",
                    _ => "",
                };
                _loopVariables.Remove(v);
                var step = Statement(level + 1);
                switch (kind)
                {
                    case "while":
                        return $"{{ int {v} = 0; while ({v} < n) {{ {v}++; {exit} {body} }} }}\n";
                    case "do":
                        return $"{{ int {v} = 0; do {{ {v}++; {exit} {body} }} while ({v} < n); }}\n";
                    default:
                        return $"for (int {v} = 0; {v} < n; {v}++) {{ {exit} {body} {step} }}\n";
                }
            }

            private string Expr(int budget)
            {
                if (budget <= 0 || _depth > 4) return Leaf();
                _depth++;
                try
                {
                    switch (_random.Next(16))
                    {
                        case 0: return $"({Expr(budget - 1)} + {Expr(budget - 1)})";
                        case 1: return $"({Expr(budget - 1)} - {Expr(budget - 1)})";
                        case 2: return $"({Expr(budget - 1)} * Math.Tanh({Expr(budget - 1)}))";
                        case 3: return $"({Expr(budget - 1)} / (1.5 + Math.Abs({Expr(budget - 1)})))";
                        case 4: return $"Math.{new[] { "Sin", "Cos", "Tanh", "Atan" }[_random.Next(4)]}({Expr(budget - 1)})";
                        case 5: return $"Math.Exp(0.2 * Math.Sin({Expr(budget - 1)}))";
                        // Kept away from negative arguments: a NaN computed in code whose result is
                        // later discarded still poisons reverse mode through a zero adjoint (0·NaN),
                        // as in every reverse-mode AD tool; the generator makes none.
                        case 6: return $"Math.Sqrt(1.5 + Math.Sin({Expr(budget - 1)}))";
                        case 7: return $"({Expr(budget - 1)} < {Expr(budget - 1)} ? {Expr(budget - 1)} : {Expr(budget - 1)})";
                        case 8: return $"Math.Pow(1.5 + Math.Sin({Expr(budget - 1)}), Math.Sin({Expr(budget - 1)}))";
                        case 9: return $"Math.Log(1.5 + Math.Sin({Expr(budget - 1)}))";
                        // The right half-plane only: no branch cut, no 0/0 at the origin.
                        case 10: return $"Math.Atan2({Expr(budget - 1)}, 1.5 + Math.Abs({Expr(budget - 1)}))";
                        case 11: return $"double.Hypot({Expr(budget - 1)}, 1.5 + Math.Tanh({Expr(budget - 1)}))";
                        case 12: return $"({Expr(budget - 1)} % (1.5 + Math.Abs({Expr(budget - 1)})))";
                        case 13: return $"Math.Abs({Expr(budget - 1)})";
                        default: return $"Math.{(_random.Next(2) == 0 ? "Max" : "Min")}({Expr(budget - 1)}, {Expr(budget - 1)})";
                    }
                }
                finally
                {
                    _depth--;
                }
            }

            private string Leaf() => _random.Next(4) == 0
                ? (_random.NextDouble() * 2 - 1).ToString("0.###", CultureInfo.InvariantCulture)
                : _locals[_random.Next(_locals.Count)];
        }
    }
}
