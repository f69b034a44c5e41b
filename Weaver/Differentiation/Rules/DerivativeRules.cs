using System.Collections.Generic;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation.Rules
{
    /// <summary>
    /// The rule table: for every differentiable operation and known method, the contribution of
    /// each argument (seed × ∂result/∂argument), in terms of the seed <c>s</c>, the arguments and
    /// the primal result. Forward and reverse mode both read these entries. Adding a function is
    /// one line here; the table-driven test checks every entry in both modes.
    /// Edge cases follow Enzyme: Pow(0, 1) has derivatives (1, 0); Abs sends the seed through
    /// with sign +1 at 0; Max/Min send it to the first argument on a tie.
    /// </summary>
    public static class DerivativeRules
    {
        private static readonly Dictionary<Op, DerivativeRule> Ops = new Dictionary<Op, DerivativeRule>
        {
            [Op.Add] = new DerivativeRule("Add", (c, s) => s, (c, s) => s),
            [Op.Sub] = new DerivativeRule("Sub", (c, s) => s, (c, s) => c.Neg(s)),
            [Op.Mul] = new DerivativeRule("Mul", (c, s) => c.Mul(s, c.Y), (c, s) => c.Mul(s, c.X)),
            [Op.Div] = new DerivativeRule("Div", (c, s) => c.Div(s, c.Y), (c, s) => c.Neg(c.Div(c.Mul(s, c.Result), c.Y))),
            // a % b = a - b·trunc(a/b)
            [Op.Rem] = new DerivativeRule("Rem", (c, s) => s, (c, s) => c.Neg(c.Mul(s, c.Math("Truncate", c.Div(c.X, c.Y))))),
            [Op.Neg] = new DerivativeRule("Neg", (c, s) => c.Neg(s)),
            // Float-to-float conversions pass the seed on; the mode converts it to the destination type.
            [Op.Conv] = new DerivativeRule("Conv", (c, s) => s),
        };

        /// <summary>Known methods by name and arity; the same entry serves System.Math, System.MathF and the statics of double and float.</summary>
        private static readonly Dictionary<string, DerivativeRule> Methods = Table(
            new DerivativeRule("Sin", (c, s) => c.Mul(s, c.Math("Cos", c.X))),
            new DerivativeRule("Cos", (c, s) => c.Neg(c.Mul(s, c.Math("Sin", c.X)))),
            new DerivativeRule("Tan", (c, s) => c.Mul(s, c.Add(c.C(1), c.Square(c.Result)))),
            new DerivativeRule("Asin", (c, s) => c.Div(s, c.Math("Sqrt", c.Sub(c.C(1), c.Square(c.X))))),
            new DerivativeRule("Acos", (c, s) => c.Neg(c.Div(s, c.Math("Sqrt", c.Sub(c.C(1), c.Square(c.X)))))),
            new DerivativeRule("Atan", (c, s) => c.Div(s, c.Add(c.C(1), c.Square(c.X)))),
            // Atan2(y, x): ∂/∂y = x / (x² + y²), ∂/∂x = −y / (x² + y²)
            new DerivativeRule("Atan2",
                (c, s) => c.Div(c.Mul(s, c.Arg(1)), c.Add(c.Square(c.Arg(0)), c.Square(c.Arg(1)))),
                (c, s) => c.Neg(c.Div(c.Mul(s, c.Arg(0)), c.Add(c.Square(c.Arg(0)), c.Square(c.Arg(1)))))),
            new DerivativeRule("Sinh", (c, s) => c.Mul(s, c.Math("Cosh", c.X))),
            new DerivativeRule("Cosh", (c, s) => c.Mul(s, c.Math("Sinh", c.X))),
            new DerivativeRule("Tanh", (c, s) => c.Mul(s, c.Sub(c.C(1), c.Square(c.Result)))),
            new DerivativeRule("Asinh", (c, s) => c.Div(s, c.Math("Sqrt", c.Add(c.Square(c.X), c.C(1))))),
            new DerivativeRule("Acosh", (c, s) => c.Div(s, c.Math("Sqrt", c.Sub(c.Square(c.X), c.C(1))))),
            new DerivativeRule("Atanh", (c, s) => c.Div(s, c.Sub(c.C(1), c.Square(c.X)))),
            new DerivativeRule("Exp", (c, s) => c.Mul(s, c.Result)),
            new DerivativeRule("Log", (c, s) => c.Div(s, c.X)),
            // Log(x, b) = ln x / ln b
            new DerivativeRule("Log/2",
                (c, s) => c.Div(s, c.Mul(c.X, c.Math("Log", c.Y))),
                (c, s) => c.Neg(c.Div(c.Mul(s, c.Result), c.Mul(c.Y, c.Math("Log", c.Y))))),
            new DerivativeRule("Log10", (c, s) => c.Div(s, c.Mul(c.X, c.C(System.Math.Log(10))))),
            new DerivativeRule("Log2", (c, s) => c.Div(s, c.Mul(c.X, c.C(System.Math.Log(2))))),
            new DerivativeRule("Sqrt", (c, s) => c.Div(s, c.Mul(c.C(2), c.Result))),
            new DerivativeRule("Cbrt", (c, s) => c.Div(s, c.Mul(c.C(3), c.Square(c.Result)))),
            // Pow(x, y): ∂/∂x = y·x^(y−1) (0 when y = 0), ∂/∂y = x^y·ln x (0 when x = 0)
            new DerivativeRule("Pow",
                (c, s) => c.Select(c.Equal(c.Y, c.C(0)), c.C(0), c.Mul(s, c.Mul(c.Y, c.Math("Pow", c.X, c.Sub(c.Y, c.C(1)))))),
                (c, s) => c.Select(c.Equal(c.X, c.C(0)), c.C(0), c.Mul(s, c.Mul(c.Result, c.Math("Log", c.X))))),
            new DerivativeRule("Abs", (c, s) => c.Select(c.Less(c.X, c.C(0)), c.Neg(s), s)),
            new DerivativeRule("Max",
                (c, s) => c.Select(c.Less(c.X, c.Y), c.C(0), s),
                (c, s) => c.Select(c.Less(c.X, c.Y), s, c.C(0))),
            new DerivativeRule("Min",
                (c, s) => c.Select(c.Less(c.Y, c.X), c.C(0), s),
                (c, s) => c.Select(c.Less(c.Y, c.X), s, c.C(0))),
            // Clamp(x, lo, hi) is lo below the interval, hi above it, x inside (and for NaN x, as
            // .NET returns it); the seed goes to whichever it returned (x at an end, as Max/Min on a tie).
            new DerivativeRule("Clamp",
                (c, s) => c.Select(c.Less(c.X, c.Arg(1)), c.C(0), c.Select(c.Less(c.Arg(2), c.X), c.C(0), s)),
                (c, s) => c.Select(c.Less(c.X, c.Arg(1)), s, c.C(0)),
                (c, s) => c.Select(c.Less(c.X, c.Arg(1)), c.C(0), c.Select(c.Less(c.Arg(2), c.X), s, c.C(0)))),
            // CopySign(x, y) is x or −x: the seed keeps its sign where the result is x. y only gives a sign.
            new DerivativeRule("CopySign", (c, s) => c.Select(c.Equal(c.Result, c.X), s, c.Neg(s)), (Contribution?)null),
            // MaxMagnitude/MinMagnitude return one of their arguments: the seed goes to x when the result is x, else to y.
            new DerivativeRule("MaxMagnitude", (c, s) => c.Select(c.Equal(c.Result, c.X), s, c.C(0)), (c, s) => c.Select(c.Equal(c.Result, c.X), c.C(0), s)),
            new DerivativeRule("MinMagnitude", (c, s) => c.Select(c.Equal(c.Result, c.X), s, c.C(0)), (c, s) => c.Select(c.Equal(c.Result, c.X), c.C(0), s)),
            // The generic-math statics of double and float (.NET 7+): 2^x, 10^x, ln(1 + x), e^x − 1,
            // and Lerp(a, b, t) = a·(1 − t) + b·t.
            new DerivativeRule("Exp2", (c, s) => c.Mul(s, c.Mul(c.Result, c.C(System.Math.Log(2))))),
            new DerivativeRule("Exp10", (c, s) => c.Mul(s, c.Mul(c.Result, c.C(System.Math.Log(10))))),
            new DerivativeRule("LogP1", (c, s) => c.Div(s, c.Add(c.C(1), c.X))),
            new DerivativeRule("ExpM1", (c, s) => c.Mul(s, c.Add(c.Result, c.C(1)))),
            new DerivativeRule("Lerp",
                (c, s) => c.Mul(s, c.Sub(c.C(1), c.Arg(2))),
                (c, s) => c.Mul(s, c.Arg(2)),
                (c, s) => c.Mul(s, c.Sub(c.Arg(1), c.Arg(0)))),
            new DerivativeRule("Floor", (Contribution?)null),
            new DerivativeRule("Ceiling", (Contribution?)null),
            new DerivativeRule("Truncate", (Contribution?)null),
            new DerivativeRule("Round", (Contribution?)null),
            new DerivativeRule("Round/2", null, null),
            new DerivativeRule("Round/3", null, null, null),
            new DerivativeRule("FusedMultiplyAdd", (c, s) => c.Mul(s, c.Arg(1)), (c, s) => c.Mul(s, c.Arg(0)), (c, s) => s),
            // Hypot(x, y) = √(x² + y²): ∂/∂x = x / r, ∂/∂y = y / r (0 at the origin)
            new DerivativeRule("Hypot",
                (c, s) => c.Select(c.Equal(c.Result, c.C(0)), c.C(0), c.Div(c.Mul(s, c.X), c.Result)),
                (c, s) => c.Select(c.Equal(c.Result, c.C(0)), c.C(0), c.Div(c.Mul(s, c.Y), c.Result))));

        /// <summary>The rule for an arithmetic op, or null when the op has none (integer-only ops).</summary>
        public static DerivativeRule? ForOp(Op op) => Ops.TryGetValue(op, out var rule) ? rule : null;

        /// <summary>The rule for a call, or null when the callee is not a known differentiable method.</summary>
        public static DerivativeRule? ForCall(MethodReference method)
        {
            var type = method.DeclaringType.FullName;
            // double.Sqrt, float.Max…: the generic-math statics of the float types are the same
            // functions as Math's (they call them), so one entry serves all four types.
            var known = type == "System.Math" || type == "System.MathF" || type == "System.Double" || type == "System.Single";
            if (!known) return null;
            var arity = method.Parameters.Count;
            if (Methods.TryGetValue(method.Name + "/" + arity, out var rule)) return rule;
            return null;
        }

        /// <summary>Every operation entry, for the operator test (OperatorRuleTests).</summary>
        public static IEnumerable<Op> OpEntries => Ops.Keys;

        /// <summary>Every method entry, for the table-driven test: name and arity.</summary>
        public static IEnumerable<KeyValuePair<string, DerivativeRule>> MethodEntries => Methods;

        private static Dictionary<string, DerivativeRule> Table(params DerivativeRule[] rules)
        {
            var table = new Dictionary<string, DerivativeRule>();
            foreach (var rule in rules)
            {
                var slash = rule.Name.IndexOf('/');
                var name = slash < 0 ? rule.Name : rule.Name.Substring(0, slash);
                table[name + "/" + rule.Arguments.Count] = rule;
            }
            return table;
        }
    }
}
