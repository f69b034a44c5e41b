using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Random programs, deterministic from a seed: arithmetic and Math calls, locals reassigned,
    /// branches, ternaries, loops with run-time trip counts and a local scratch array. Each is
    /// woven from Debug and Release IL, and its reverse gradient is checked against central
    /// differences and against the forward tangents. A silently wrong derivative of any shape the
    /// generator makes fails here.
    /// </summary>
    [TestFixture]
    public sealed class RandomProgramTests : WovenInBothBuilds
    {
        private static readonly int Programs = Soak.Count(100);

        public static IEnumerable<TestCaseData> Cases() => CasesFor(Programs, "Program");

        [TestCaseSource(nameof(Cases))]
        public void GradientMatchesCentralDifferencesAndForwardMode(int k, bool optimize) =>
            CheckScalarProgram(optimize, "Random.P", k, Soak.Seed(1000, k), Programs_[k], largeTripCount: 5);

        private static readonly string[] Programs_ = Enumerable.Range(0, Programs).Select(k => new Generator(Soak.Seed(1000, k)).Body()).ToArray();

        protected override string Source()
        {
            var sb = new StringBuilder("using System; using AutoDiff; using static AutoDiff.Activity;\nnamespace Random { public static partial class P {\n");
            for (int k = 0; k < Programs; k++)
            {
                sb.AppendLine($"[AutoDiffReverse(\"R{k}\", Active, Active, Const, Active)] [AutoDiffForward(\"T{k}\", Dual, Dual, Const, Dual)]");
                sb.AppendLine($"public static double F{k}(double x, double y, int n) {{\n{Programs_[k]}\n}}");
            }
            return sb.Append("} }").ToString();
        }

        /// <summary>Writes one random function body over x, y (active) and n (a small trip count).</summary>
        private sealed class Generator
        {
            private readonly System.Random _random;
            private readonly List<string> _locals = new List<string> { "x", "y" };
            private int _depth;

            public Generator(int seed) => _random = new System.Random(seed);

            public string Body()
            {
                var sb = new StringBuilder("double a = x; double b = y; var s = new double[3];\n");
                _locals.AddRange(new[] { "a", "b", "s[0]", "s[1]", "s[2]" });
                int statements = 3 + _random.Next(4);
                for (int i = 0; i < statements; i++) sb.Append(Statement(1));
                sb.Append($"return {Expr(2)} + a * 0.5 + s[1];");
                return sb.ToString();
            }

            private string Target() => new[] { "a", "b", "s[0]", "s[1]", "s[2]" }[_random.Next(5)];

            private string Statement(int level)
            {
                switch (level < 3 ? _random.Next(5) : 0)
                {
                    case 1:
                        return $"if ({Expr(2)} > {Expr(2)}) {{ {Statement(level + 1)} }} else {{ {Statement(level + 1)} }}\n";
                    case 2:
                        return $"for (int i{level} = 0; i{level} < n; i{level}++) {{ {Target()} = {Expr(2)} * 0.5 + s[i{level} % 3] * 0.25; }}\n";
                    case 3:
                        return $"{Target()} += {Expr(2)};\n";
                    default:
                        return $"{Target()} = {Expr(3)};\n";
                }
            }

            private string Expr(int budget)
            {
                if (budget <= 0 || _depth > 4) return Leaf();
                _depth++;
                try
                {
                    switch (_random.Next(9))
                    {
                        case 0: return $"({Expr(budget - 1)} + {Expr(budget - 1)})";
                        case 1: return $"({Expr(budget - 1)} - {Expr(budget - 1)})";
                        case 2: return $"({Expr(budget - 1)} * {Expr(budget - 1)})";
                        case 3: return $"({Expr(budget - 1)} / (1.5 + Math.Abs({Expr(budget - 1)})))";
                        case 4: return $"Math.{new[] { "Sin", "Cos", "Tanh", "Atan" }[_random.Next(4)]}({Expr(budget - 1)})";
                        case 5: return $"Math.Exp(0.2 * Math.Sin({Expr(budget - 1)}))";
                        // Kept away from negative arguments: a NaN computed in code whose result is
                        // later discarded still poisons reverse mode through a zero adjoint (0·NaN),
                        // as in every reverse-mode AD tool; the generator makes none.
                        case 6: return $"Math.Sqrt(1.5 + Math.Sin({Expr(budget - 1)}))";
                        case 7: return $"({Expr(budget - 1)} < {Expr(budget - 1)} ? {Expr(budget - 1)} : {Expr(budget - 1)})";
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
