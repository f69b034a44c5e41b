using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Marks the calls the call table says are inactive (<see cref="Instruction.IsInactiveCall"/>),
    /// so that activity analysis lets no derivative through them and the lost-derivative check
    /// lets them take active values and differentiated memory. Changes only that flag.
    /// </summary>
    public static class MarkInactiveCalls
    {
        public static void Run(Function function, CallSemantics calls)
        {
            foreach (var b in function.Blocks)
            {
                foreach (var i in b.Instructions)
                {
                    if ((OpFacts.IsCall(i.Op) || i.Op == Op.NewObj) && i.Method != null) i.IsInactiveCall = CallSemantics.IsInactive(calls.Classify(i.Method));
                }
            }
        }
    }
}
