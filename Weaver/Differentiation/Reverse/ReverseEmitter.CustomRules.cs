using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// A call of a derivative: a hand-written reverse rule, or the reverse derivative the weaver
    /// made for a callee it did not inline (a recursive one). The forward sweep calls the method
    /// itself (its value and effects are the primal's); the reverse sweep calls the derivative
    /// at the call's place with the same argument values (kept or taped like any other) and the
    /// result's adjoint, and adds the gradients it returns into the arguments' adjoints; shadows
    /// of arrays it is handed receive theirs. This is recomputation (Tapenade's joint mode) rather
    /// than Enzyme's split into an augmented forward pass and a reverse pass: the callee runs
    /// again in the reverse sweep, each activation with its own arguments, so recursion needs no
    /// tape across calls. It is exact when the callee sees the same memory again: so a callee
    /// handed arrays or refs is accepted only when neither it nor the caller writes memory.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        private bool? _memoryNeverWritten;

        private bool EmitReverseCustomRule(IrBuilder b, ReverseScope scope, Instruction i)
        {
            if (!i.CallsDerivative || !OpFacts.IsCall(i.Op)) return false;
            if (!_adjoints.ContainsKey(i) && !i.Operands.Any(o => _adjoints.ContainsKey(o) || _shadows.HasShadow(o))) return true; // nothing flows through this call
            int count = i.Method!.Parameters.Count, first = i.Method.HasThis ? 1 : 0;
            var pattern = new bool[count + 1];
            for (int j = 0; j < count; j++) pattern[j] = _adjoints.ContainsKey(i.Operands[j + first]) || _shadows.HasShadow(i.Operands[j + first]);
            pattern[count] = _adjoints.ContainsKey(i);
            var target = _context.Calls.CustomRuleFor(i.Method!, DerivativeMode.Reverse)?.Target ?? CustomRule.Synthesizable(_context, i.Method!, DerivativeMode.Reverse)!;
            RefuseRecomputingChangedMemory(i, target); // before a derivative is made for it, so none is made in vain
            var rule = CustomRule.For(_context, i.Method!, DerivativeMode.Reverse, i.Origin, pattern)!;
            if (rule.Signature.Parameters.Any(p => p.Role == ParameterRole.Primal && IrType.FromClr(p.Type)?.IsScalarStructValue == true))
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"the reverse derivative of {CSharpNames.Method(i.Method!)}, which takes a struct and is called (not inlined: it has a custom rule or is recursive), is not supported yet; pass the struct's fields", i.Origin);
            }
            int offset = i.Method!.HasThis ? 1 : 0;
            bool resultFlows = _adjoints.ContainsKey(i);
            var arguments = new List<Value>();
            if (offset == 1) arguments.Add(Available(scope, Cloner.Map(i.Operands[0])));
            foreach (var p in rule.Signature.Parameters)
            {
                switch (p.Role)
                {
                    case ParameterRole.Seed:
                        arguments.Add(resultFlows ? b.ToFloat(TakeAdjoint(b, i), IrType.FromClr(p.Type)!) : b.Const(IrType.FromClr(p.Type)!, 0));
                        break;
                    case ParameterRole.Shadow:
                        arguments.Add(ShadowArgument(b, scope, i.Operands[p.PrimalIndex + offset], i));
                        break;
                    default:
                        arguments.Add(Available(scope, Cloner.Map(i.Operands[p.PrimalIndex + offset])));
                        break;
                }
            }
            var type = IrType.FromClr(rule.Rule.ReturnType) ?? IrType.Struct(rule.Rule.ReturnType);
            var call = b.CallReturning(rule.Rule, false, type, arguments.ToArray());
            var elements = TupleBuilder.Elements(b, rule.Rule.ReturnType, call);
            for (int e = 0; e < elements.Count; e++)
            {
                var result = rule.Signature.Results[e];
                if (result.Role != ResultRole.Gradient) continue;
                var operand = i.Operands[result.PrimalIndex + offset];
                if (_adjoints.ContainsKey(operand)) Accumulate(b, operand, b.ToFloat(elements[e], operand.Type));
            }
            return true;
        }

        /// <summary>
        /// The called derivative runs the callee again: any memory it reads (its arguments', this
        /// object's) must be as it was at the call, so memory may be handed to it only where
        /// neither this method nor the callee writes memory.
        /// </summary>
        private void RefuseRecomputingChangedMemory(Instruction call, Mono.Cecil.MethodDefinition target)
        {
            bool readsMemory = target.HasThis && !target.DeclaringType.IsValueType ||
                target.Parameters.Any(p => p.ParameterType.MetadataType != Mono.Cecil.MetadataType.String &&
                    (IrType.FromClr(p.ParameterType) is { Kind: IrTypeKind.Object or IrTypeKind.ByRef or IrTypeKind.Pointer } || IrType.FromClr(p.ParameterType) is { } t && t.Kind == IrTypeKind.Struct && IrType.IsSpan(t.Clr!)));
            if (!readsMemory || MemoryNeverWritten() && _context.Calls.WritesNoDerivatives(target)) return;
            throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"{CSharpNames.Method(call.Method!)} takes arrays, spans, refs or pointers and is called (not inlined: it has a custom rule or is recursive), but memory is written in this method or by the callee; " +
                "its reverse derivative would run again on memory that has changed. Let the weaver inline it, or keep memory writes out of this derivative", call.Origin);
        }

        /// <summary>The shadow handed to the derivative for a memory argument: its own, or a zeroed one for a Const float array.</summary>
        private Value ShadowArgument(IrBuilder b, ReverseScope scope, Value operand, Instruction call)
        {
            if (_forwardShadows.TryGetValue(operand, out var shadow)) return Available(scope, shadow);
            return ZeroShadows.Like(_context, b, Available(scope, Cloner.Map(operand))) ?? throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"the derivative of {CSharpNames.Method(call.Method!)} needs a shadow for an argument of type {Diagnostics.CSharpNames.Type(operand.Type.Clr!)} that has none here; pass memory with a shadow (Duplicated)", call.Origin);
        }

        /// <summary>True when the primal stores into no memory and calls nothing that might.</summary>
        private bool MemoryNeverWritten() => _memoryNeverWritten ??= Cloner.Primal.Blocks.SelectMany(bl => bl.Instructions).All(i =>
            !OpFacts.WritesMemory(i.Op) && i.Op != Op.CallOnVariable &&
            (!OpFacts.IsCall(i.Op) || i.IsInactiveCall || PureMethods.IsPure(i.Method!) || _context.Calls.WritesNoDerivatives(i.Method!)));
    }
}
