using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Scratch arrays a loop fills afresh in every iteration before it reads them (GMM's `xcentered`,
    /// `qx` and `mainTerm`, softmax's `scores`): nothing flows through them from one iteration to the
    /// next, so undoing each iteration right after it runs (a fused loop) still meets every write's
    /// undo after the undo of every read of what it wrote, and leaves the shadow all zero, as undoing
    /// the loop whole would. Proved for an array R when:
    /// <list type="bullet">
    /// <item>R is allocated (`new T[n]`) outside the loop and used only by element loads, stores and
    /// addresses, and its length: it escapes nowhere, and no code after the loop reads it;</item>
    /// <item>a loop C inside the loop covers it: an induction variable i from 0 by 1 while i &lt; n
    /// (the allocation's own length value, or R.Length), C left only from its header, and a store
    /// of R[i] on every path round C;</item>
    /// <item>every read of R in the loop comes after C in the same iteration: no path from the loop's
    /// header to it, that does not go round the loop, avoids C's exit.</item>
    /// </list>
    /// Reads the primal; changes nothing.
    /// </summary>
    public sealed class IterationScratch
    {
        private readonly Function _primal;
        private readonly IReadOnlyCollection<SimpleLoop> _loops;
        private readonly Dictionary<Value, List<(Instruction User, int Slot)>> _uses = new Dictionary<Value, List<(Instruction, int)>>();

        public IterationScratch(Function primal, IReadOnlyCollection<SimpleLoop> loops)
        {
            _primal = primal;
            _loops = loops;
            foreach (var i in primal.Blocks.SelectMany(b => b.Instructions))
            {
                for (int k = 0; k < i.Operands.Length; k++)
                {
                    if (!_uses.TryGetValue(i.Operands[k], out var list)) _uses[i.Operands[k]] = list = new List<(Instruction, int)>();
                    list.Add((i, k));
                }
            }
        }

        /// <summary>True when <paramref name="array"/> (an allocation) is scratch that <paramref name="loop"/> fills before it reads it, in every iteration.</summary>
        public bool IsScratchOf(Value array, SimpleLoop loop)
        {
            if (array is not Instruction { Op: Op.NewArray } allocation || loop.Body.Contains(allocation.Block)) return false;
            // A multi-dimensional array (new double[n, m]): a loop over one of its indices does not
            // fill it, and the proof below reads one index and one length. Not scratch, as far as it knows.
            if (allocation.Operands.Length != 1) return false;
            if (_primal.Blocks.Any(b => b.Phis.Any(p => p.Incoming.Any(e => e.Value == allocation)))) return false;
            if (_primal.Blocks.Any(b => b.Terminator != null && b.Terminator.Operands.Contains(allocation))) return false;
            var reads = new List<Instruction>();
            var stores = new List<(Instruction Store, Value Index)>();
            foreach (var (user, slot) in UsesOf(allocation))
            {
                if (slot != 0) return false; // stored somewhere, or passed to a call
                switch (user.Op)
                {
                    case Op.ArrayLength:
                        break;
                    case Op.LoadElement:
                        reads.Add(user);
                        break;
                    case Op.StoreElement:
                        stores.Add((user, user.Operands[1]));
                        break;
                    case Op.ElementAddress:
                        foreach (var (through, at) in UsesOf(user))
                        {
                            if (at != 0) return false;
                            if (through.Op == Op.LoadIndirect) reads.Add(through);
                            else if (through.Op == Op.StoreIndirect) stores.Add((through, user.Operands[1]));
                            else return false;
                        }
                        break;
                    default:
                        return false;
                }
            }
            if (reads.Any(r => !loop.Body.Contains(r.Block))) return false; // read before or after the loop
            foreach (var (store, index) in stores)
            {
                var cover = _loops.FirstOrDefault(c => c != loop && loop.Body.IsSupersetOf(c.Body) && c.Body.Contains(store.Block) && Covers(c, store, index, allocation));
                if (cover == null) continue;
                var exit = cover.Header.Successors.Single(s => !cover.Body.Contains(s));
                if (reads.All(r => !ReachableAvoiding(loop, r.Block, exit))) return true;
            }
            return false;
        }

        private List<(Instruction User, int Slot)> UsesOf(Value v) => _uses.TryGetValue(v, out var list) ? list : new List<(Instruction, int)>();

        /// <summary>Loop <paramref name="c"/> stores R[i] for every i in 0 … length − 1.</summary>
        private bool Covers(SimpleLoop c, Instruction store, Value index, Instruction allocation)
        {
            // for (int i = 0; i < length; i++) with no other way out (SimpleLoop.HasTripCount), i the index stored at.
            if (!c.HasTripCount(out var i, out var start, out var limit) || i != index || start is not Constant { IntValue: 0 } || !IsLengthOf(limit, allocation)) return false;
            // The store runs on every path round c.
            return !ReachableAvoiding(c, c.Latch, store.Block);
        }

        /// <summary>The allocation's length: the value it was made with (or the same computation again: `y.Length` for `new double[y.Length]`), or its own Length (possibly converted to int).</summary>
        private static bool IsLengthOf(Value v, Instruction allocation)
        {
            if (SameValue(v, allocation.Operands[0])) return true;
            if (v is Instruction { Op: Op.Conv } conv && conv.Conversion is ConversionKind.I4 or ConversionKind.OvfI4) v = conv.Operands[0];
            return v is Instruction { Op: Op.ArrayLength } length && length.Operands[0] == allocation;
        }

        /// <summary>One value, or the same length computation (array lengths never change) made twice.</summary>
        private static bool SameValue(Value a, Value b)
        {
            if (a == b) return true;
            if (a is not Instruction x || b is not Instruction y || x.Op != y.Op || x.Operands.Length != y.Operands.Length) return false;
            if (x.Op is not (Op.ArrayLength or Op.Conv or Op.Add or Op.Sub or Op.Mul) || x.Conversion != y.Conversion || !x.Type.SameAs(y.Type)) return false;
            if (x.Op is Op.Add or Op.Sub or Op.Mul && x.Type.IsFloat) return false;
            for (int k = 0; k < x.Operands.Length; k++)
            {
                if (!SameValue(x.Operands[k], y.Operands[k]) && !(x.Operands[k] is Constant c && y.Operands[k] is Constant d && c.IntValue == d.IntValue && c.Type.SameAs(d.Type))) return false;
            }
            return true;
        }

        /// <summary>
        /// True when <paramref name="target"/> can be reached from <paramref name="loop"/>'s header
        /// without passing <paramref name="avoid"/> and without going back round the loop (within
        /// one iteration; loops inside it may go round).
        /// </summary>
        private static bool ReachableAvoiding(SimpleLoop loop, Block target, Block avoid)
        {
            if (target == avoid) return false;
            var seen = new HashSet<Block> { loop.Header };
            var work = new Stack<Block>();
            work.Push(loop.Header);
            while (work.Count > 0)
            {
                var b = work.Pop();
                if (b == target) return true;
                foreach (var s in b.Successors)
                {
                    if (s == avoid || s == loop.Header || !loop.Body.Contains(s)) continue;
                    if (seen.Add(s)) work.Push(s);
                }
            }
            return false;
        }
    }
}
