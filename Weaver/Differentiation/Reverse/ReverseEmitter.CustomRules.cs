using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// A call with a hand-written reverse rule. The forward sweep calls the method itself (its
    /// value and effects are the primal's); the reverse sweep calls the rule at the call's place
    /// with the same argument values (kept or taped like any other) and the result's adjoint,
    /// and adds the gradients it returns into the arguments' adjoints. The rule runs again on
    /// the arguments, so methods taking arrays, spans, refs or pointers — whose memory may have
    /// changed by then — are refused for now.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        private bool EmitReverseCustomRule(IrBuilder b, ReverseScope scope, Instruction i)
        {
            if (!i.HasCustomRule || !OpFacts.IsCall(i.Op)) return false;
            var rule = CustomRule.For(_context, i.Method!, DerivativeMode.Reverse, i.Origin)!;
            if (rule.Signature.Parameters.Any(p => p.Role == ParameterRole.Shadow) || rule.Signature.Parameters.Any(p => p.Type.IsValueType && !p.Type.IsPrimitive))
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"a custom reverse derivative of {i.Method!.Name}, which takes arrays, spans, refs, pointers or structs, is not supported yet; give it scalar parameters, or let the weaver differentiate its body", i.Origin);
            }
            int offset = i.Method!.HasThis ? 1 : 0;
            bool resultFlows = _adjoints.ContainsKey(i);
            if (!resultFlows && !i.Operands.Any(_adjoints.ContainsKey)) return true;
            var arguments = new List<Value>();
            if (offset == 1) arguments.Add(Available(scope, Cloner.Map(i.Operands[0])));
            foreach (var p in rule.Signature.Parameters)
            {
                arguments.Add(p.Role == ParameterRole.Seed
                    ? resultFlows ? b.ToFloat(TakeAdjoint(b, i), IrType.FromClr(p.Type)!) : b.Const(IrType.FromClr(p.Type)!, 0)
                    : Available(scope, Cloner.Map(i.Operands[p.PrimalIndex + offset])));
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
    }
}
