using System.Collections.Generic;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Tapes in woven code read again (higher order: a forward derivative of code that calls a
    // reverse derivative with loops). A local of type AutoDiff.Tape<T> is a stack the derivative
    // pushes to and pops from by address: it becomes an IR variable, and Push, Pop and Release on
    // its address become CallOnVariable, the ops reverse mode made it with. The primal is then no
    // longer pure SSA in this one respect; forward mode follows the tape with a tape of tangents.
    public sealed partial class SsaBuilder
    {
        private readonly Dictionary<int, Variable> _tapes = new Dictionary<int, Variable>();

        /// <summary>The address of a tape local: a place only Push, Pop and Release may take.</summary>
        private sealed class TapeAddress : AddressPlaceholder
        {
            public TapeAddress(Variable tape, TypeReference type, IlInstruction origin, string what)
                : base(IrType.ByRef(type), origin, what)
            {
                Tape = tape;
            }

            public Variable Tape { get; }

            public override bool SamePlace(AddressPlaceholder other) => other is TapeAddress t && t.Tape == Tape;
        }

        public static bool IsTape(TypeReference type) => type.GetElementType().FullName == "AutoDiff.Tape`1";

        private bool TryPushTapeAddress(IlInstruction ins, List<Value> stack)
        {
            if (!(ins.OpCode.Code is Code.Ldloca or Code.Ldloca_S)) return false;
            var local = Local(ins);
            if (!IsTape(local.VariableType)) return false;
            if (!_tapes.TryGetValue(local.Index, out var tape))
            {
                _tapes[local.Index] = tape = _function.AddVariable(IrType.Struct(local.VariableType), "tape" + local.Index);
            }
            stack.Add(new TapeAddress(tape, local.VariableType, ins, LocalAddressTaken(ins)));
            return true;
        }

        /// <summary>Push, Pop or Release on a tape's address; false for any other call.</summary>
        private bool TryTranslateTapeCall(IlInstruction ins, MethodReference method, List<Value> stack, IrBuilder builder)
        {
            int receiverAt = stack.Count - 1 - method.Parameters.Count;
            if (!method.HasThis || receiverAt < 0 || !(stack[receiverAt] is TapeAddress address)) return false;
            var arguments = PopArguments(method, ParameterTypes(method, ins), 0, stack, ins, builder);
            stack.RemoveAt(stack.Count - 1);
            var result = IrType.FromClr(GenericSubstitution.Resolve(method.ReturnType, method)) ?? IrType.Void;
            var call = builder.CallOnVariable(address.Tape, method, result, arguments);
            if (!result.IsVoid) stack.Add(call);
            return true;
        }

        /// <summary>`default(Tape&lt;T&gt;)` written into a tape local: a fresh tape is what the variable starts as.</summary>
        private static bool TryInitializeTape(IlInstruction ins, List<Value> stack)
        {
            if (ins.OpCode.Code != Code.Initobj || stack.Count == 0 || !(stack[stack.Count - 1] is TapeAddress)) return false;
            stack.RemoveAt(stack.Count - 1);
            return true;
        }
    }
}
