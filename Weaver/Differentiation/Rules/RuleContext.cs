using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Rules
{
    /// <summary>
    /// What a derivative rule sees: the primal operation's arguments and result (as values of
    /// the derivative function) and a builder positioned where the rule's code goes. Helpers
    /// compute in the result's float type and call Math for double, MathF for float.
    /// </summary>
    public sealed class RuleContext
    {
        private readonly WeaveContext _weave;

        public RuleContext(WeaveContext weave, IrBuilder builder, Value[] arguments, Value result)
        {
            _weave = weave;
            B = builder;
            Arguments = arguments;
            Result = result;
        }

        public IrBuilder B { get; }

        public Value[] Arguments { get; }

        /// <summary>The primal result of the operation (its value in the forward computation).</summary>
        public Value Result { get; }

        /// <summary>The float type the rule computes in.</summary>
        public IrType Type => Result.Type;

        public Value Arg(int index) => Arguments[index];

        public Value X => Arguments[0];

        public Value Y => Arguments[1];

        public Value C(double value) => B.Const(Type, value);

        public Value Add(Value a, Value b) => B.Add(a, b);

        public Value Sub(Value a, Value b) => B.Sub(a, b);

        public Value Mul(Value a, Value b) => B.Mul(a, b);

        public Value Div(Value a, Value b) => B.Div(a, b);

        public Value Neg(Value a) => B.Neg(a);

        public Value Square(Value a) => B.Mul(a, a);

        /// <summary>Math.<paramref name="name"/> or MathF.<paramref name="name"/> in the rule's type.</summary>
        public Value Math(string name, params Value[] arguments) =>
            B.Call(_weave.Methods.Math(name, Type, arguments.Length), arguments);

        public Value Less(Value a, Value b) => B.Compare(CompareKind.Lt, a, b);

        public Value Equal(Value a, Value b) => B.Compare(CompareKind.Eq, a, b);

        public Value Select(Value condition, Value ifTrue, Value ifFalse) => B.Select(condition, ifTrue, ifFalse);
    }
}
