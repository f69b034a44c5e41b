using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// The two-pass strategy of the reverse plan, for an accumulating loop that cannot be fused:
    /// its accumulators' adjoint is known only after it (`sum += v[k] * v[k]` followed by
    /// `Math.Sqrt(sum)`), or it reads memory the function writes (`v`, a row filled just before).
    /// Its iterations are still independent, so rather than keep each iteration's values on a tape
    /// and undo them backwards, the reverse sweep runs the loop again, forwards, and undoes each
    /// iteration right after it, with the adjoint the accumulators have after the loop. FusedLoops
    /// proves the accumulator conditions; this class proves that running the loop again gives the
    /// same values, and judges when that pays:
    /// <list type="bullet">
    /// <item>legal: the loop writes no memory and calls nothing that may (so running it again
    /// changes nothing); every memory read in it reads what it read the first time, because no
    /// write between the end of the loop and the point where the reverse sweep reaches it (the rest
    /// of the function, or of the iteration of the fused loop around) may reach that memory, and
    /// none of it is a span, ref or pointer argument (which could overlap a shadow the reverse
    /// sweep writes: as for memory read again, UnwrittenMemory.IsUnwritten); and no loop holds the
    /// loop's entry but not the loop;</item>
    /// <item>cheap: only arithmetic, comparisons, conversions and loads (no calls: an `exp` is
    /// dearer to compute again than to keep);</item>
    /// <item>worth it: reversed whole, the loop would keep something on the tape (a load of memory
    /// the function writes elsewhere, or a carried value that is not an induction variable).</item>
    /// </list>
    /// Values made before the loop are read from the forward sweep's locals in both runs: FusedLoops
    /// allows two passes only inside fused (or two-pass) loops, whose iteration's values are still there.
    /// </summary>
    public sealed class SecondPasses
    {
        private readonly IReadOnlyCollection<SimpleLoop> _loops;
        private readonly ActivityInfo _activity;
        private readonly UnwrittenMemory _memory;

        public SecondPasses(IReadOnlyCollection<SimpleLoop> loops, ActivityInfo activity, UnwrittenMemory memory)
        {
            _loops = loops;
            _activity = activity;
            _memory = memory;
        }

        public bool Legal(SimpleLoop loop, Block exit)
        {
            if (_memory.WritesIn(loop.Body).Any()) return false;
            if (_loops.Any(l => l.Body.Contains(loop.Entry) && !l.Body.Contains(loop.Header))) return false;
            var between = new HashSet<Block>(loop.Body);
            between.UnionWith(After(loop, exit));
            foreach (var i in loop.Body.SelectMany(b => b.Instructions))
            {
                if (i.Op == Op.LoadStaticField) return false;
                if (!IsMemoryRead(i)) continue;
                var read = _memory.RootsRead(i);
                if (read == null || read.Any(r => r is Parameter p && p.Type.Kind != IrTypeKind.Object)) return false;
                if (!_memory.IsUnwrittenIn(i, between)) return false;
            }
            return true;
        }

        /// <summary>Only arithmetic, comparisons, conversions, selects, lengths, loads and addresses.</summary>
        public bool Cheap(SimpleLoop loop) => loop.Body.SelectMany(b => b.Instructions).All(i =>
            OpFacts.IsBinary(i.Op) || OpFacts.IsUnary(i.Op) || i.Op is Op.Conv or Op.Compare or Op.Select or Op.ArrayLength
                or Op.LoadElement or Op.LoadIndirect or Op.LoadField or Op.ElementAddress or Op.FieldAddress);

        /// <summary>
        /// Reversed whole, the loop would keep values on the tape: it reads memory the function
        /// writes, or carries a value without a derivative that is not an induction variable (the
        /// accumulators, whose values the reverse sweep does not need, aside).
        /// </summary>
        public bool TapedWhenReversed(SimpleLoop loop) =>
            loop.Body.SelectMany(b => b.Instructions).Any(i => IsMemoryRead(i) && !_memory.IsUnwritten(i)) ||
            loop.Header.Phis.Any(p => !_activity.IsActive(p) && !loop.IsInductionVariable(p, out _, out _));

        /// <summary>A read of memory (not of a struct value's field, not an array's length, which never changes).</summary>
        private static bool IsMemoryRead(Instruction i) =>
            i.Op is Op.LoadElement or Op.LoadIndirect || i.Op == Op.LoadField && i.Operands[0].Type.Kind != IrTypeKind.Struct;

        /// <summary>
        /// The blocks that may run between the end of <paramref name="loop"/> and the point where the
        /// reverse sweep reaches it: all blocks reachable from its exit, or, inside a loop, those of
        /// the same iteration (the loop around is fused or two-pass, so its iteration is undone before the next starts).
        /// </summary>
        private HashSet<Block> After(SimpleLoop loop, Block exit)
        {
            SimpleLoop? around = null;
            foreach (var l in _loops)
            {
                if (l == loop || !l.Body.IsSupersetOf(loop.Body)) continue;
                if (around == null || l.Body.Count < around.Body.Count) around = l;
            }
            var seen = new HashSet<Block>();
            var work = new Stack<Block>();
            work.Push(exit);
            while (work.Count > 0)
            {
                var b = work.Pop();
                if (b == around?.Header || !seen.Add(b)) continue;
                foreach (var s in b.Successors) work.Push(s);
            }
            return seen;
        }
    }
}
