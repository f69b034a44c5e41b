using System;
using System.Collections.Generic;
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
        private readonly Func<int, Value> _argument;
        private readonly Func<Value> _result;
        private readonly Value?[] _arguments;
        private Value? _resultValue;

        /// <summary>
        /// Arguments and result are fetched only when the rule asks for them: in reverse mode inside
        /// a loop each fetched value costs a tape slot, so a rule that needs none (Add) costs none.
        /// </summary>
        public RuleContext(WeaveContext weave, IrBuilder builder, int arity, Func<int, Value> argument, Func<Value> result, IrType type)
        {
            _weave = weave;
            B = builder;
            _argument = argument;
            _result = result;
            _arguments = new Value?[arity];
            Type = type;
        }

        public RuleContext(WeaveContext weave, IrBuilder builder, Value[] arguments, Value result)
            : this(weave, builder, arguments.Length, k => arguments[k], () => result, result.Type)
        {
        }

        public IrBuilder B { get; }

        /// <summary>The primal result of the operation (its value in the forward computation).</summary>
        public Value Result => _resultValue ??= _result();

        /// <summary>The float type the rule computes in.</summary>
        public IrType Type { get; }

        public Value Arg(int index) => _arguments[index] ??= _argument(index);

        public Value X => Arg(0);

        public Value Y => Arg(1);

        public Value C(double value) => B.Const(Type, value);

        public Value Add(Value a, Value b) => B.Add(a, b);

        public Value Sub(Value a, Value b) => B.Sub(a, b);

        public Value Mul(Value a, Value b) => B.Mul(a, b);

        public Value Div(Value a, Value b) => B.Div(a, b);

        public Value Neg(Value a) => B.Neg(a);

        public Value Square(Value a) => B.Mul(a, a);

        /// <summary>
        /// Values of Math functions of the first argument that the emitter already has (the cosine
        /// of a fused SinCos), by function name; the rule's call is then not made again.
        /// </summary>
        public Dictionary<string, Func<Value>>? Known { get; set; }

        /// <summary>Math.<paramref name="name"/> or MathF.<paramref name="name"/> in the rule's type.</summary>
        public Value Math(string name, params Value[] arguments)
        {
            if (Known != null && arguments.Length == 1 && ReferenceEquals(arguments[0], X) && Known.TryGetValue(name, out var known)) return known();
            return B.Call(_weave.Methods.Math(name, Type, arguments.Length), arguments);
        }

        public Value Less(Value a, Value b) => B.Compare(CompareKind.Lt, a, b);

        public Value Equal(Value a, Value b) => B.Compare(CompareKind.Eq, a, b);

        public Value Select(Value condition, Value ifTrue, Value ifFalse) => B.Select(condition, ifTrue, ifFalse);
    }
}
