using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Loads inside a loop from a slot that does not change with the iteration (`p[i]` in a loop
    /// over j): the reverse sweep adds their adjoints into a local while it replays the loop, and
    /// adds that local into the shadow slot once, when it leaves the loop for the block the loop
    /// was entered from. A person writing the gradient by hand does the same (a register instead
    /// of a read-modify-write of memory per iteration). Only when the primal writes no memory: then
    /// the reverse sweep only ever adds into shadows, and the order of additions does not matter.
    /// The slot is touched only when something was added, so a loop that never ran never computes
    /// an address its body would not have.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        private readonly Dictionary<Instruction, (SimpleLoop Loop, Variable Pending)> _deferred = new Dictionary<Instruction, (SimpleLoop, Variable)>();

        /// <summary>Finds the loads to defer, each with the outermost simple loop in which its slot is invariant.</summary>
        private void FindDeferredLoads()
        {
            if (!_primalMemoryIsReadOnly) return;
            var loops = _loopOfHeader.Values.OrderByDescending(l => l.Body.Count).ToList();
            foreach (var i in Cloner.Primal.Blocks.SelectMany(b => b.Instructions))
            {
                if (!ActivityAnalysis.IsLoad(i.Op) || !_shadows.HasShadow(i.Operands[0]) || !_activity.IsActive(i) || !i.Type.IsFloat) continue;
                var loop = loops.FirstOrDefault(l => l.Body.Contains(i.Block) && i.Operands.All(o => Invariant(o, l)));
                if (loop != null) _deferred[i] = (loop, F.AddVariable(i.Type, "deferred" + i.Id));
            }
        }

        /// <summary>True when <paramref name="v"/> has one value for all iterations of <paramref name="loop"/>: made outside it, or an address computed inside it from such values.</summary>
        private static bool Invariant(Value v, SimpleLoop loop)
        {
            switch (v)
            {
                case Instruction i when loop.Body.Contains(i.Block):
                    return i.Op is Op.ElementAddress or Op.FieldAddress && i.Operands.All(o => Invariant(o, loop));
                case Phi phi:
                    return !loop.Body.Contains(phi.Block);
                default:
                    return true;
            }
        }

        /// <summary>The reverse of a deferred load: its adjoint is added into the loop's local; false for any other instruction.</summary>
        private bool DeferLoadAdjoint(IrBuilder b, Instruction load)
        {
            if (!_deferred.TryGetValue(load, out var deferred)) return false;
            var adjoint = TakeAdjoint(b, load);
            b.Store(deferred.Pending, b.Add(b.Load(deferred.Pending), b.ToFloat(adjoint, load.Type)));
            return true;
        }

        /// <summary>
        /// At the start of the reverse of a loop's entry block (the sweep has just left the loop):
        /// each deferred local that holds something is added into its shadow slot and cleared.
        /// </summary>
        private void FlushDeferredLoads(IrBuilder b, ReverseScope scope, Block block)
        {
            foreach (var entry in _deferred.Where(e => e.Value.Loop.Entry == block))
            {
                var load = entry.Key;
                var pending = entry.Value.Pending;
                var flush = F.AddBlock("rev flush " + load.Id);
                var after = F.AddBlock("rev after flush " + load.Id);
                var value = b.Load(pending);
                b.Branch(b.Compare(CompareKind.NeUn, value, b.Const(load.Type, 0)), flush, after);

                var fb = new IrBuilder(F, flush) { Origin = load.Origin };
                var type = ActivityAnalysis.SlotType(load);
                var slot = ShadowAddress(fb, scope, load);
                fb.StoreIndirect(type, slot, fb.Add(fb.LoadIndirect(type, slot), fb.ToFloat(value, load.Type)));
                fb.Store(pending, fb.Const(load.Type, 0));
                fb.Jump(after);
                b.Block = after;
            }
        }
    }
}
