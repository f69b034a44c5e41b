using System.Linq;
using System.Collections.Generic;
using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// An operation inside a <see cref="Block"/>. It is a <see cref="Value"/> (its result);
    /// void operations (stores, void calls) have type void and are never used as operands.
    /// </summary>
    public sealed class Instruction : Value
    {
        internal Instruction(int id, IrType type, Op op, Value[] operands)
            : base(id, type)
        {
            Op = op;
            Operands = operands;
        }

        public Op Op { get; }

        /// <summary>The inputs, in IL stack order. Replace entries with <see cref="SetOperand"/>.</summary>
        public Value[] Operands { get; }

        /// <summary>The block the instruction belongs to (set when appended).</summary>
        public Block Block { get; internal set; } = null!;

        /// <summary>The callee of <see cref="Op.Call"/> / <see cref="Op.CallVirt"/> / <see cref="Op.CallOnVariable"/> / <see cref="Op.CallOnValue"/>, the constructor of <see cref="Op.NewObj"/>.</summary>
        public MethodReference? Method { get; internal set; }

        /// <summary>
        /// A call whose result is a constant and which writes no derivative (an [Inactive] method,
        /// or one whose IL shows it: CallSemantics): whatever it is handed, no derivative flows
        /// through it. Set by MarkCalls.
        /// </summary>
        public bool IsInactiveCall { get; set; }

        /// <summary>A call with a hand-written derivative for the mode being woven (CallSemantics, CustomRule): the emitters call the rule. Set by MarkCalls.</summary>
        public bool CallsDerivative { get; set; }

        /// <summary>The comparison of <see cref="Op.Compare"/>.</summary>
        public CompareKind Compare { get; internal set; }

        /// <summary>The conversion of <see cref="Op.Conv"/>.</summary>
        public ConversionKind Conversion { get; internal set; }

        /// <summary>The variable of <see cref="Op.LoadVar"/> / <see cref="Op.StoreVar"/> / <see cref="Op.CallOnVariable"/>.</summary>
        public Variable? Variable { get; internal set; }

        /// <summary>The element type of the memory ops (NewArray, Load/StoreElement, ElementAddress, Load/StoreIndirect).</summary>
        public TypeReference? TypeOperand { get; internal set; }

        /// <summary>The field of LoadField / StoreField / FieldAddress / LoadStaticField.</summary>
        public FieldReference? Field { get; internal set; }

        /// <summary>The string of <see cref="Op.LoadString"/>.</summary>
        public string? Text { get; internal set; }

        /// <summary>
        /// The IL instruction of the primal this came from, for diagnostics (file and line come
        /// from its sequence point). Null for code the weaver made up.
        /// </summary>
        public Mono.Cecil.Cil.Instruction? Origin { get; set; }

        public void SetOperand(int index, Value value) => Operands[index] = value;

        /// <summary>
        /// The indices of <see cref="Op.LoadElement"/>, <see cref="Op.StoreElement"/> and
        /// <see cref="Op.ElementAddress"/>: one for a vector, one per dimension of a
        /// multi-dimensional array (the operands between the array and a store's value).
        /// </summary>
        public Value[] Indices
        {
            get
            {
                int count = Op switch
                {
                    Op.LoadElement or Op.ElementAddress => Operands.Length - 1,
                    Op.StoreElement => Operands.Length - 2,
                    _ => throw new System.InvalidOperationException($"{Op} has no element indices"),
                };
                var indices = new Value[count];
                System.Array.Copy(Operands, 1, indices, 0, count);
                return indices;
            }
        }

        /// <summary>
        /// True when the instruction may not be moved, dropped or duplicated: it writes or reads
        /// memory, allocates, calls an impure method, or may throw.
        /// </summary>
        public bool HasSideEffects =>
            Op == Op.StoreVar || Op == Op.CallOnVariable || Op == Op.CallOnValue || Op == Op.NewArray || Op == Op.ElementAddress || Op == Op.FieldAddress ||
            Op == Op.NewObj && Type.Kind == IrTypeKind.Object || // a class constructor may do anything
            Op == Op.StackAlloc || // IL localloc needs an otherwise empty stack: never computed inside another expression
            OpFacts.ReadsMemory(Op) || OpFacts.WritesMemory(Op) ||
            OpFacts.IsCall(Op) && !PureMethods.IsPure(Method!) ||
            Op is Op.Div or Op.Rem or Op.DivUn or Op.RemUn && Type.IsInteger ||
            Op is Op.AddOvf or Op.AddOvfUn or Op.SubOvf or Op.SubOvfUn or Op.MulOvf or Op.MulOvfUn ||
            Op == Op.Conv && Conversion >= ConversionKind.OvfI1;
    }

    /// <summary>A join: the value is the incoming value of the predecessor control came from.</summary>
    public sealed class Phi : Value
    {
        internal Phi(int id, IrType type, Block block)
            : base(id, type)
        {
            Block = block;
        }

        public Block Block { get; }

        /// <summary>One entry per predecessor edge of <see cref="Block"/>.</summary>
        public List<PhiIncoming> Incoming { get; } = new List<PhiIncoming>();

        public Value ValueFrom(Block predecessor)
        {
            foreach (var entry in Incoming)
            {
                if (entry.Predecessor == predecessor) return entry.Value;
            }
            throw new System.InvalidOperationException($"{Name} has no incoming value from b{predecessor.Id}");
        }
    }

    public sealed class PhiIncoming
    {
        public PhiIncoming(Block predecessor, Value value)
        {
            Predecessor = predecessor;
            Value = value;
        }

        public Block Predecessor { get; }

        public Value Value { get; set; }
    }

    /// <summary>
    /// A mutable slot (an IL local in the end). The frontend never makes them: primal code is
    /// pure SSA. Differentiation uses them for adjoint accumulators and for values one sweep
    /// hands to the other, so that it needs no phis of its own.
    /// </summary>
    public sealed class Variable
    {
        internal Variable(int id, IrType type, string name)
        {
            Id = id;
            Type = type;
            Name = name;
        }

        public int Id { get; }

        public IrType Type { get; }

        public string Name { get; }

        public override string ToString() => "$" + Name;
    }

    /// <summary>
    /// Calls the weaver may move, duplicate or drop: the math functions of Math, MathF, double and
    /// float, which have no side effects — the statics that take and return only numbers (and enums,
    /// as Math.Round's MidpointRounding). One that writes through an argument (Math.DivRem's out) or
    /// takes anything else (double.Parse's string) is not one of them.
    /// </summary>
    public static class PureMethods
    {
        public static bool IsPure(MethodReference method)
        {
            var type = method.DeclaringType.FullName;
            if (!(type is "System.Math" or "System.MathF" or "System.Double" or "System.Single") || method.HasThis) return false;
            return (IsNumber(method.ReturnType) || IsPairOfNumbers(method.ReturnType)) && method.Parameters.All(p => IsNumber(p.ParameterType));
        }

        /// <summary>Math.SinCos's (double, double).</summary>
        private static bool IsPairOfNumbers(TypeReference type) =>
            type is GenericInstanceType { ElementType.FullName: "System.ValueTuple`2" } pair && pair.GenericArguments.All(IsNumber);

        private static bool IsNumber(TypeReference type) =>
            type.IsPrimitive || type.IsValueType && !type.IsGenericParameter && type.TryResolve() is { IsEnum: true };
    }
}
