using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Marks calls with what the call table says of them in the mode being woven: inactive
    /// (<see cref="Instruction.IsInactiveCall"/>: activity analysis lets no derivative through,
    /// the lost-derivative check lets them take active values and differentiated memory) or with
    /// a custom rule (<see cref="Instruction.HasCustomRule"/>: the emitters call the rule).
    /// Changes only those flags.
    /// </summary>
    public static class MarkCalls
    {
        public static void Run(Function function, CallSemantics calls, DerivativeMode mode)
        {
            foreach (var b in function.Blocks)
            {
                foreach (var i in b.Instructions)
                {
                    if (!(OpFacts.IsCall(i.Op) || i.Op == Op.NewObj) || i.Method == null) continue;
                    var kind = calls.Classify(i.Method, mode);
                    i.IsInactiveCall = CallSemantics.IsInactive(kind);
                    i.HasCustomRule = kind == CallKind.Custom;
                }
            }
        }
    }
}
