using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Writes one random body, deterministic from a seed, for
    /// <c>{double|P|S} F(P p, S s, P[] ps, double x)</c> where <c>struct P { double X, Y; }</c> and
    /// <c>struct S { P A; double W; }</c>, and ps has 4 elements. It uses struct locals (q0, q1: P;
    /// t0, t1: S; block-scoped copies of elements, foreach variables), a local S[2] (ss), the
    /// parameters themselves (written too), field writes at both nesting levels, whole-struct
    /// assignments, <c>with</c> expressions, ternaries between structs, for, foreach and while
    /// loops over ps with data-dependent branches, <c>continue</c>, <c>break</c> and early
    /// returns, and in-place updates of ps's elements. Values stay bounded: products are of
    /// squashed factors, divisions are by 1.5 + |·|, square roots of 1.5 + sin(·).
    /// </summary>
    internal sealed class RandomStructProgram
    {
        private readonly System.Random _random;
        private readonly string _returnType;
        private readonly List<string> _pointLocals = new List<string>();
        private readonly List<string> _readOnlyPoints = new List<string>();
        private readonly List<string> _indices = new List<string>();
        private int _blocks;
        private int _loops;


        public RandomStructProgram(int seed, string returnType)
        {
            _random = new System.Random(seed);
            _returnType = returnType;
        }

        public string Body()
        {
            var sb = new StringBuilder();
            sb.AppendLine("double acc = 0.5 * x;");
            sb.AppendLine("P q0 = p; P q1 = default; S t0 = s; S t1 = new S { A = ps[1], W = x };");
            sb.AppendLine("var ss = new S[2]; ss[0] = s; ss[1].A = ps[2]; ss[1].W = x;");
            sb.AppendLine($"q0 = {PointExpr(1)}; t1 = {$"new S {{ A = {PointExpr(1)}, W = {Expr(1)} }}"};");
            int statements = 3 + _random.Next(4);
            for (int i = 0; i < statements; i++) sb.AppendLine(_random.Next(3) == 0 ? (_random.Next(4) == 0 ? OtherLoop() : Loop(0)) : Statement(1));
            sb.Append(Return());
            return sb.ToString();
        }

        private string Return() => _returnType switch
        {
            "double" => $"return acc + {Expr(2)} + q0.X * t1.A.Y + ps[{_random.Next(4)}].Y;",
            "P" => _random.Next(4) switch
            {
                0 => "return q0;",
                1 => $"return new P {{ X = acc + q1.X, Y = {Expr(2)} }};",
                2 => $"return {Condition()} ? q0 : t1.A;",
                _ => $"return new P({Expr(1)} + ps[{_random.Next(4)}].X, t0.W * {Expr(1)});",
            },
            _ => _random.Next(3) switch
            {
                0 => "return t0;",
                1 => $"return new S {{ A = {PointExpr(1)}, W = acc + {Expr(1)} }};",
                _ => $"t1.W += acc; return {Condition()} ? t0 : ss[1];",
            },
        };

        // An early return from inside a loop: a value of the return type, kept simple.
        private string EarlyReturn() => _returnType switch
        {
            "double" => $"return acc + q0.Y * {Expr(1)};",
            "P" => $"return {PointAtom()};",
            _ => $"return {StructAtom()};",
        };

        // A loop over ps other than `for`: foreach (its variable read only), or while with break.
        private string OtherLoop()
        {
            if (_random.Next(2) == 0)
            {
                var f = "f" + _blocks++;
                _readOnlyPoints.Add(f);
                var body = Statement(2) + " " + (_random.Next(2) == 0 ? $"acc += {f}.{Axis()} * {Expr(1)};" : $"{PointTarget()} = {f};");
                _readOnlyPoints.Remove(f);
                return $"foreach (var {f} in ps) {{ {body} }}";
            }
            var w = "w" + _loops++;
            _indices.Add(w);
            var statement = Statement(2);
            _indices.Remove(w);
            return $"{{ int {w} = 0; while (true) {{ {statement} {w}++; if ({w} >= ps.Length || {Condition()}) break; }} }}";
        }

        private string Loop(int level)
        {
            var i = "i" + _loops++;
            _indices.Add(i);
            var sb = new StringBuilder($"for (int {i} = 0; {i} < ps.Length; {i}++) {{\n");
            if (_random.Next(3) == 0) sb.Append($"if (ps[{i}].X > {Expr(1)}) continue;\n");
            int statements = 1 + _random.Next(3);
            for (int k = 0; k < statements; k++) sb.AppendLine(level == 0 && _random.Next(6) == 0 ? Loop(level + 1) : Statement(2));
            if (_random.Next(8) == 0) sb.AppendLine($"if ({Condition()}) {EarlyReturn()}");
            _indices.Remove(i);
            return sb.Append('}').ToString();
        }

        private string Statement(int level)
        {
            switch (_random.Next(level < 3 ? 17 : 10))
            {
                case 0: return PointAssignment();
                case 1: return FieldWrite("=", () => Expr(2));
                case 2: return FieldWrite("+=", () => Expr(2));
                case 3: return FieldWrite("*=", Factor);
                case 4: return $"{StructTarget()} = {StructExpr()};";
                case 5: return $"{StructTarget()}.W {(_random.Next(2) == 0 ? "+=" : "=")} {Expr(2)};";
                case 6: return Update($"{StructTarget()}.A.{Axis()}", _random.Next(2) == 0 ? "+=" : "*=");
                case 7: return $"acc += {Expr(2)};";
                case 8: return $"ps[{Index()}].{Axis()} {new[] { "=", "+=", "*=" }[_random.Next(3)]} {Factor()};";
                case 9: return $"x = {Expr(1)};";
                case 10: return $"if ({Condition()}) {{ {Statement(level + 1)} }} else {{ {Statement(level + 1)} }}";
                case 11: return ElementCopy(level);
                case 12: return Swap();
                case 13: return Update($"ss[{Pair()}].A.{Axis()}", new[] { "=", "+=", "*=" }[_random.Next(3)]);
                case 14: return _random.Next(2) == 0 ? $"ss[{Pair()}] = {StructExpr()};" : $"ss[{Pair()}].A = {PointExpr(2)};";
                default: return $"{PointVariable()} = {Condition()} ? {PointExpr(1)} : {PointExpr(1)};";
            }
        }

        // A whole P stored into a variable, an element, or a field of an S variable (through its address).
        private string PointAssignment()
        {
            return $"{PointTarget()} = {PointExpr(2)};";
        }

        private string FieldWrite(string op, System.Func<string> value)
        {
            return $"{PointTarget()}.{Axis()} {op} {value()};";
        }

        // A struct local scoped to a block, made from an element (copied back at the end), a
        // struct expression or a `with`, written field by field and used.
        private string ElementCopy(int level)
        {
            var e = "e" + _blocks++;
            var index = Index();
            var source = _random.Next(3) switch
            {
                0 => PointExpr(2),
                1 => With(),
                _ => $"ps[{index}]",
            };
            var sb = new StringBuilder($"{{ var {e} = {source}; ");
            _pointLocals.Add(e);
            sb.Append($"{e}.{Axis()} += {Expr(2)}; ");
            if (_random.Next(2) == 0) sb.Append(Statement(level + 1)).Append(' ');
            sb.Append(_random.Next(2) == 0 ? $"ps[{index}] = {e}; }}" : $"{PointTarget()} = {e}; }}");
            _pointLocals.Remove(e);
            return sb.ToString();
        }

        private string Swap()
        {
            var e = "e" + _blocks++;
            var a = Index();
            var b = Index();
            return $"{{ var {e} = ps[{a}]; ps[{a}] = ps[{b}]; ps[{b}] = {e}; }}";
        }

        private string With() => $"{PointAtom()} with {{ {Axis()} = {Expr(1)} }}";

        /// <summary>
        /// An assignment to <paramref name="target"/> by <paramref name="op"/>: a product only ever by a
        /// Factor (x *= x in a loop overflows, and an infinity in a value the result does not use
        /// poisons the reverse sweep through its zero adjoint, 0·∞ = NaN, as in every reverse-mode
        /// tool: seed 695365094 did that before), a sum or an assignment by either kind of value.
        /// </summary>
        private string Update(string target, string op) =>
            $"{target} {op} {(op != "*=" && _random.Next(2) == 0 ? Expr(2) : Factor())};";

        private string Pair() => $"({Index()}) % 2";

        private string Condition(int depth = 1) => $"{Expr(depth)} > {Expr(depth)}";

        // A factor in [0.25, 0.75]: repeated *= in loops cannot blow up.
        private string Factor() => $"(0.5 + 0.25 * Math.{(_random.Next(2) == 0 ? "Cos" : "Tanh")}({Expr(1)}))";

        private string Axis() => _random.Next(2) == 0 ? "X" : "Y";

        private string Index()
        {
            if (_indices.Count > 0 && _random.Next(2) == 0)
            {
                var i = _indices[_random.Next(_indices.Count)];
                return _random.Next(3) == 0 ? $"({i} + 1) % ps.Length" : i;
            }
            return _random.Next(4).ToString(CultureInfo.InvariantCulture);
        }

        private string PointVariable()
        {
            var targets = new[] { "q0", "q1", "p", $"ps[{Index()}]" }.Concat(_pointLocals).ToArray();
            return targets[_random.Next(targets.Length)];
        }

        private string PointTarget()
        {
            var targets = new[] { "q0", "q1", "t0.A", "t1.A", "p", "s.A", $"ps[{Index()}]" }.Concat(_pointLocals).ToArray();
            return targets[_random.Next(targets.Length)];
        }

        private string StructTarget() => new[] { "t0", "t1", "s" }[_random.Next(3)];

        private string PointAtom()
        {
            var atoms = new[] { "q0", "q1", "t0.A", "t1.A", "p", "s.A", $"ps[{Index()}]", $"ss[{Pair()}].A" }.Concat(_pointLocals).Concat(_readOnlyPoints).ToArray();
            return atoms[_random.Next(atoms.Length)];
        }

        private string StructAtom() => _random.Next(4) == 0 ? $"ss[{Pair()}]" : new[] { "t0", "t1", "s" }[_random.Next(3)];

        private string PointExpr(int depth) => _random.Next(depth == 0 ? 1 : 7) switch
        {
            0 => PointAtom(),
            1 => $"new P {{ X = {Expr(depth)}, Y = {Expr(depth)} }}",
            2 => $"new P({Expr(depth)}, {Expr(depth)})",
            3 => "default(P)",
            4 => $"({Condition(depth - 1)} ? {PointExpr(depth - 1)} : {PointExpr(depth - 1)})",
            5 => $"({With()})",
            _ => PointAtom(),
        };

        private string StructExpr() => _random.Next(4) switch
        {
            0 => $"new S {{ A = {PointExpr(1)}, W = {Expr(1)} }}",
            1 => $"({Condition()} ? {StructAtom()} : {StructAtom()})",
            2 => "default(S)",
            _ => StructAtom(),
        };

        private string Leaf() => _random.Next(8) switch
        {
            0 => "x",
            // acc grows through the loops; squashed, it cannot feed back into itself chaotically.
            1 => "Math.Tanh(acc)",
            2 => (_random.NextDouble() * 2 - 1).ToString("0.##", CultureInfo.InvariantCulture),
            3 => $"{StructAtom()}.W",
            4 => $"{StructAtom()}.A.{Axis()}",
            _ => $"{PointAtom()}.{Axis()}",
        };

        private string Expr(int depth) => depth == 0 ? Leaf() : _random.Next(9) switch
        {
            0 => $"({Expr(depth - 1)} + {Expr(depth - 1)})",
            1 => $"({Expr(depth - 1)} - {Expr(depth - 1)})",
            2 => $"(Math.Tanh({Expr(depth - 1)}) * {Expr(depth - 1)})",
            3 => $"({Expr(depth - 1)} / (1.5 + Math.Abs({Expr(depth - 1)})))",
            4 => $"Math.{new[] { "Sin", "Cos", "Tanh", "Atan" }[_random.Next(4)]}({Expr(depth - 1)})",
            5 => $"Math.Exp(0.3 * Math.Sin({Expr(depth - 1)}))",
            6 => $"Math.Sqrt(1.5 + Math.Sin({Expr(depth - 1)}))",
            7 => _random.Next(2) == 0
                ? $"({Condition(depth - 1)} ? {Expr(depth - 1)} : {Expr(depth - 1)})"
                : $"Math.Max({Expr(depth - 1)}, {Expr(depth - 1)})",
            // A field of a struct value: of a variable, or of a ternary, constructor or `with`.
            _ => _random.Next(3) switch
            {
                0 => $"({PointExpr(depth - 1)}).{Axis()}",
                1 => $"({StructExpr()}).{(_random.Next(2) == 0 ? "W" : "A." + Axis())}",
                _ => $"{PointAtom()}.{Axis()}",
            },
        };
    }
}
