using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Programs that call the user's own helpers: static helpers with mixed activity (an int
    /// argument, a loop inside), a helper writing through `ref` (to a local or an array element),
    /// helpers reading and writing an array, a recursive helper with a depth bound, struct
    /// constructors, methods and operators, generic math, a bool helper in a condition, a local
    /// function capturing a parameter, inside branches and loops. Products and scalings have one
    /// squashed factor, tanh(·), so that nested loops cannot grow a value to infinity: an
    /// overflow in a value the result does not use poisons the reverse sweep (0·∞ = NaN), as in
    /// every reverse-mode tool (a soak found one such program, seed 435075 at scale 2).
    /// </summary>
    public sealed class CallPrograms : ScalarFamily
    {
        public override string Name => "Call";

        public override int BaseSeed => 7000;

        public override int CiCount => 2100;

        protected override int LargeTripCount => 2;

        private const string Helpers = @"
public struct P
{
    public double X, Y;
    public P(double x, double y) { X = x; Y = y; }
    public double Norm() => Math.Sqrt(X * X + Y * Y + 1);
    public P Scaled(double s) => new P(X * s, Y * s);
    public static P operator +(P a, P b) => new P(a.X + b.X, a.Y + b.Y);
}

public static class Hx
{
    public static double Mix(double a, double b) => a * Math.Sin(b) + 0.5 * b;
    // Bounded (tanh) so that loops cannot grow a value to infinity: an infinity in a discarded value poisons reverse mode (0·∞), as in every reverse-mode tool.
    public static double Poly(double a, int k) { double s = 0, p = 1, t = Math.Tanh(a); for (int i = 0; i < k; i++) { p *= t; s += p / (i + 1); } return s; }
    public static void Update(ref double a, double b) { a = a * 0.75 + Math.Cos(b); }
    public static double Rec(double a, int d) => d <= 0 ? a : Math.Sin(Rec(a, d - 1)) * 0.9 + 0.1 * a;
    public static bool Above(double a, double b) => a > b + 0.1;
    public static double Sum(double[] v) { double s = 0; foreach (var e in v) s += Math.Atan(e) * 0.5; return s; }
    public static void Fill(double[] v, double a) { for (int i = 0; i < v.Length; i++) v[i] = a * (i + 1) * 0.25 + v[i] * 0.5; }
    public static T Twice<T>(T a) where T : INumber<T> => a + a;
}
";

        protected override string Types => Helpers;

        public override string Generate(int seed) => new Generator(seed).Body();

        /// <summary>Writes one random function body over x, y (active) and n (a small trip count), calling the helpers.</summary>
        private sealed class Generator
        {
            private static readonly string[] Targets = { "a", "b", "s[0]", "s[1]", "s[2]" };
            private readonly System.Random _random;
            private readonly List<string> _locals = new List<string> { "x", "y", "a", "b", "s[0]", "s[1]", "s[2]" };
            private int _depth;

            public Generator(int seed) => _random = new System.Random(seed);

            public string Body()
            {
                var sb = new StringBuilder("double a = x; double b = y; var s = new double[3];\ndouble Local(double t) => Math.Sin(t) * t * 0.25 + x;\n");
                int statements = 3 + _random.Next(4);
                for (int i = 0; i < statements; i++) sb.Append(Statement(1));
                sb.Append($"return {Expr(2)} + a * 0.5 + s[1];");
                return sb.ToString();
            }

            private string Target() => Targets[_random.Next(Targets.Length)];

            private string Statement(int level)
            {
                switch (level < 3 ? _random.Next(7) : 0)
                {
                    case 1:
                        return $"if (Hx.Above({Expr(1)}, {Expr(1)})) {{ {Statement(level + 1)} }} else {{ {Statement(level + 1)} }}\n";
                    case 2:
                        return $"for (int i{level} = 0; i{level} < n; i{level}++) {{ {Statement(level + 1)} }}\n";
                    case 3:
                        return $"Hx.Update(ref {Target()}, {Expr(2)});\n";
                    case 4:
                        return $"Hx.Fill(s, {Expr(2)});\n";
                    case 5:
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
                    switch (_random.Next(14))
                    {
                        case 0: return $"({Expr(budget - 1)} + {Expr(budget - 1)})";
                        case 1: return $"({Expr(budget - 1)} * Math.Tanh({Expr(budget - 1)}))";
                        case 2: return $"Math.Sin({Expr(budget - 1)})";
                        case 3: return $"Hx.Mix({Expr(budget - 1)}, {Expr(budget - 1)})";
                        case 4: return $"Hx.Poly({Expr(budget - 1)}, {1 + _random.Next(3)})";
                        case 5: return $"Hx.Rec({Expr(budget - 1)}, {_random.Next(4)})";
                        case 6: return $"new P({Expr(budget - 1)}, {Expr(budget - 1)}).Norm()";
                        case 7: return $"(new P({Expr(budget - 1)}, 0.5) + new P({Expr(budget - 1)}, {Expr(budget - 1)})).Scaled(Math.Tanh({Expr(budget - 1)})).Norm()";
                        case 8: return $"(Hx.Above({Expr(budget - 1)}, {Expr(budget - 1)}) ? {Expr(budget - 1)} : {Expr(budget - 1)})";
                        case 9: return $"Hx.Twice({Expr(budget - 1)})";
                        case 10: return "Hx.Sum(s)";
                        case 11: return $"Math.Cos({Expr(budget - 1)})";
                        case 12: return $"Local({Expr(budget - 1)})";
                        default: return $"({Expr(budget - 1)} / (1.5 + Math.Abs({Expr(budget - 1)})))";
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
