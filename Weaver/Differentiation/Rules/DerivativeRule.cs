using System.Collections.Generic;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Rules
{
    /// <summary>
    /// How much of <paramref name="seed"/> flows through one argument of an operation: the seed
    /// times the partial derivative with respect to that argument. The same expression is a
    /// forward-mode tangent contribution (seed = the argument's tangent) and a reverse-mode
    /// adjoint contribution (seed = the result's adjoint), since both are the same linear map
    /// of a scalar function.
    /// </summary>
    public delegate Value Contribution(RuleContext c, Value seed);

    /// <summary>
    /// One entry of the rule table: an operation or a known method (all its overloads: Math and
    /// MathF, float and double) and one contribution per argument. A null contribution means
    /// the result does not change with that argument (derivative zero: Floor, an int digit count).
    /// </summary>
    public sealed class DerivativeRule
    {
        public DerivativeRule(string name, params Contribution?[] arguments)
        {
            Name = name;
            Arguments = arguments;
        }

        /// <summary>The op or method name (<c>Mul</c>, <c>Sin</c>).</summary>
        public string Name { get; }

        public IReadOnlyList<Contribution?> Arguments { get; }
    }
}
