using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Marks calls with what the call table says of them in the mode being woven: inactive
    /// (<see cref="Instruction.IsInactiveCall"/>: activity analysis lets no derivative through,
    /// the lost-derivative check lets them take active values and differentiated memory) or with
    /// a derivative to call (<see cref="Instruction.CallsDerivative"/>: a custom rule, or one the
    /// weaver makes for a callee it did not inline; the emitters call it).
    /// Changes only those flags.
    /// </summary>
    public static class MarkCalls
    {
        public static void Run(Function function, WeaveContext context, DerivativeMode mode)
        {
            foreach (var b in function.Blocks)
            {
                foreach (var i in b.Instructions)
                {
                    if (!(OpFacts.IsCall(i.Op) || i.Op == Op.NewObj) || i.Method == null) continue;
                    var kind = context.Calls.Classify(i.Method, mode);
                    i.IsInactiveCall = CallSemantics.IsInactive(kind);
                    // A call the frontend left (recursive, too large) gets a derivative made for it,
                    // unless which body runs is not known (a virtual call).
                    i.CallsDerivative = kind == CallKind.Custom ||
                        kind == CallKind.Body && OpFacts.IsCall(i.Op) && !(i.Op == Op.CallVirt && CallSemantics.IsOpenVirtual(i.Method)) &&
                        CustomRule.Synthesizable(context, i.Method, mode) != null;
                }
            }
        }
    }
}
