using System.Collections.Generic;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Forward
{
    /// <summary>
    /// A call with a hand-written forward rule: the rule is called instead of the method, with
    /// each argument's tangent (zero for an argument that carries none at this call site, a
    /// zeroed array for a Const float array), and gives the primal value and its tangent.
    /// Batch mode calls it once per lane.
    /// </summary>
    public sealed partial class ForwardEmitter
    {
        /// <summary>Emits the rule call for <paramref name="i"/>; false when nothing flows through this call (it is then copied as it is).</summary>
        private bool EmitCustomRule(IrBuilder b, Instruction i)
        {
            bool flows = _activity.IsActive(i);
            foreach (var o in i.Operands) flows |= _tangents.ContainsKey(o);
            if (!flows) return false;
            int count = i.Method!.Parameters.Count, first = i.Method.HasThis ? 1 : 0;
            var pattern = new bool[count + 1];
            for (int j = 0; j < count; j++) pattern[j] = _tangents.ContainsKey(i.Operands[j + first]);
            pattern[count] = _activity.IsActive(i);
            var rule = CustomRule.For(_context, i.Method!, DerivativeMode.Forward, i.Origin, pattern)!;
            if (_lanes > 1 && rule.Target.ReturnType.MetadataType == Mono.Cecil.MetadataType.Void)
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"batch forward mode through the custom derivative of {Diagnostics.CSharpNames.Method(i.Method!)}, a method that returns nothing, is not supported yet: use width 1", i.Origin);
            }
            int offset = i.Method!.HasThis ? 1 : 0;
            var tangents = new Value[_lanes];
            for (int k = 0; k < _lanes; k++)
            {
                var arguments = new List<Value>();
                if (offset == 1) arguments.Add(Cloner.Map(i.Operands[0]));
                foreach (var p in rule.Signature.Parameters)
                {
                    var operand = i.Operands[p.PrimalIndex + offset];
                    arguments.Add(p.Role == ParameterRole.Primal ? Cloner.Map(operand) : TangentArgument(b, operand, k, i));
                }
                var type = IrType.FromClr(rule.Rule.ReturnType) ?? IrType.Struct(rule.Rule.ReturnType);
                var call = b.CallReturning(rule.Rule, false, type, arguments.ToArray());
                var elements = TupleBuilder.Elements(b, rule.Rule.ReturnType, call);
                for (int e = 0; e < elements.Count; e++)
                {
                    var role = rule.Signature.Results[e].Role;
                    if (role == ResultRole.Primal && k == 0) Cloner.Record(i, elements[e]);
                    if (role == ResultRole.Tangent) tangents[k] = b.ToFloat(elements[e], i.Type);
                }
                if (elements.Count == 0 && k == 0) Cloner.Record(i, call);
            }
            if (_activity.IsActive(i)) _tangents[i] = tangents;
            return true;
        }

        /// <summary>The tangent an argument hands a rule in lane <paramref name="k"/>: its own, else zero (a zeroed shadow for a Const float array).</summary>
        private Value TangentArgument(IrBuilder b, Value operand, int k, Instruction call)
        {
            if (_tangents.TryGetValue(operand, out var t)) return t[k];
            if (operand.Type.IsFloat) return b.Const(operand.Type, 0);
            if (operand.Type.IsScalarStructValue) return ZeroStruct(b, operand.Type);
            return ZeroShadows.Like(_context, b, Cloner.Map(operand)) ?? throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"the custom derivative of {Diagnostics.CSharpNames.Method(call.Method!)} needs a tangent for an argument of type {Diagnostics.CSharpNames.Type(operand.Type.Clr!)} that carries none here; pass memory with a shadow (Duplicated/Dual)", call.Origin);
        }
    }
}
