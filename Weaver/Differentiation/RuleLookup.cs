using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Differentiation.Rules;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// The rule for an active instruction, or the diagnostic that says why there is none. Both
    /// modes ask here, so an operation is either differentiated the same way in both or refused
    /// in both.
    /// </summary>
    public static class RuleLookup
    {
        public static DerivativeRule For(Instruction i, ActivityInfo activity)
        {
            if (i.CallsDerivative) throw new System.InvalidOperationException($"{i} has a custom rule: the emitter calls it");
            if (OpFacts.IsCall(i.Op))
            {
                return DerivativeRules.ForCall(i.Method!) ?? throw new DiagnosticException(DiagnosticCatalog.CallWithoutRule,
                    $"the call to {CSharpNames.Method(i.Method!)}({string.Join(", ", System.Linq.Enumerable.Select(i.Method!.Parameters, p => CSharpNames.Type(p.ParameterType, i.Method)))}) " +
                    "takes a value that depends on an active input and its result is differentiated, but there is no derivative rule for it", i.Origin);
            }
            if (i.Op == Op.Conv && !(i.Operands[0].Type.IsFloat && i.Type.IsFloat))
            {
                // int → float: the operand is never active, so nothing flows; the rule passes the seed on.
                return DerivativeRules.ForOp(Op.Conv)!;
            }
            return DerivativeRules.ForOp(i.Op) ?? throw new DiagnosticException(DiagnosticCatalog.UnsupportedInstruction,
                $"the operation '{i.Op.ToString().ToLowerInvariant()}' on a value that depends on an active input has no derivative", i.Origin);
        }
    }
}
