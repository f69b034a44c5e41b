using System.Collections.Generic;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// Where each value that <see cref="IlEmitter"/> keeps in an IL local is live: one interval of
    /// program points per phi, per instruction placed in a local, and per variable. Two of them
    /// whose intervals are disjoint can share a local (<see cref="LocalSlots"/>): a reverse
    /// derivative of long straight-line code has tens of thousands of such values, but few live
    /// at once, and IL allows 65,535 locals.
    /// <para>
    /// Points are numbered in the order the emitter writes code: per block, each instruction
    /// computed in place (an inline one is computed at its user, so its operands are read there),
    /// then the terminator, then the phi copies for its successors (on a trampoline or not: both
    /// are modelled at the end of the block, which only makes more values live there). Point k
    /// reads at 2k and writes at 2k + 1, so a value last read by the instruction that writes
    /// another can share its local. Liveness across blocks is the usual backward data flow (a
    /// phi is written at the end of each predecessor, like a variable), over bit sets of the
    /// values seen in more than one block or read before written in one; a variable read before
    /// any store relies on the zeroed locals and is live from the entry. Each interval is the
    /// hull of the points where its value is written, read, or live across a block boundary: it
    /// covers every point where the value is live and keeps no holes (a value live in two loops
    /// holds its local between them too), which costs sharing, never correctness. Any numbering
    /// would be sound for that reason; the emission order keeps the hulls short.
    /// </para>
    /// A variable the emitter takes the address of (CallOnVariable) is marked, not followed: it
    /// keeps a local of its own. Reads the IR; changes nothing. Time is linear in the code, plus
    /// blocks × cross-block values / 64 per data-flow pass.
    /// </summary>
    public sealed class LiveIntervals
    {
        /// <summary>The values and variables that need a local: <see cref="Value"/> (a phi or instruction) or <see cref="Variable"/>.</summary>
        public List<object> Items { get; } = new List<object>();

        /// <summary>First point (half-steps, see the summary) where item k is written or live; int.MaxValue if it is never touched.</summary>
        public List<int> Start { get; } = new List<int>();

        /// <summary>Last point where item k is read, written or live; -1 if it is never touched.</summary>
        public List<int> End { get; } = new List<int>();

        /// <summary>True for a variable whose address the emitter takes: it must not share its local.</summary>
        public List<bool> AddressTaken { get; } = new List<bool>();

        // Item index by IR id (values and variables number apart); arrays, as every read and write looks one up.
        private int[] _byValueId = System.Array.Empty<int>();
        private int[] _byVariableId = System.Array.Empty<int>();

        // Per item, while walking: the block of its last event; whether that block already wrote it
        // or read it first (later events there change neither its reads-first nor its writes, as
        // far as data flow cares: a value read first is live on entry, whatever is written after);
        // whether it crosses blocks.
        private readonly List<int> _lastBlock = new List<int>();
        private readonly List<bool> _settledInLastBlock = new List<bool>();
        private readonly List<bool> _crossesBlocks = new List<bool>();

        // Per block: items read before written in it (upward-exposed), items written in it, and its first and last point.
        private readonly List<List<int>> _readFirst = new List<List<int>>();
        private readonly List<List<int>> _written = new List<List<int>>();
        private readonly List<(int First, int Last)> _points = new List<(int, int)>();

        private LiveIntervals()
        {
        }

        /// <summary>The index in <see cref="Items"/> of a phi, an instruction placed in a local, or a variable.</summary>
        public int IndexOf(object item)
        {
            var (ids, id) = item is Variable v ? (_byVariableId, v.Id) : (_byValueId, ((Value)item).Id);
            var k = id < ids.Length ? ids[id] : -1;
            if (k < 0 || Items[k] != item) throw new System.InvalidOperationException($"{item} is not a value of the function that needs a local");
            return k;
        }

        public static LiveIntervals Compute(Function f, IReadOnlyDictionary<Instruction, Placement> placement)
        {
            var live = new LiveIntervals();
            foreach (var v in f.Variables) live.Add(v);
            foreach (var b in f.Blocks)
            {
                foreach (var phi in b.Phis) live.Add(phi);
                foreach (var i in b.Instructions)
                {
                    if (placement[i] == Placement.Local && !i.Type.IsVoid) live.Add(i);
                }
            }
            live.NumberItems();
            live.Walk(f, placement);
            CrossBlockLiveness.Extend(f, live);
            return live;
        }

        private void Add(object item)
        {
            Items.Add(item);
            Start.Add(int.MaxValue);
            End.Add(-1);
            AddressTaken.Add(false);
            _lastBlock.Add(-1);
            _settledInLastBlock.Add(false);
            _crossesBlocks.Add(false);
        }

        private void NumberItems()
        {
            int values = 0, variables = 0;
            foreach (var item in Items)
            {
                if (item is Variable v) variables = System.Math.Max(variables, v.Id + 1);
                else values = System.Math.Max(values, ((Value)item).Id + 1);
            }
            _byValueId = new int[values];
            _byVariableId = new int[variables];
            for (int id = 0; id < values; id++) _byValueId[id] = -1;
            for (int id = 0; id < variables; id++) _byVariableId[id] = -1;
            for (int k = 0; k < Items.Count; k++)
            {
                if (Items[k] is Variable v) _byVariableId[v.Id] = k;
                else _byValueId[((Value)Items[k]).Id] = k;
            }
        }

        /// <summary>Numbers the points in emission order and records every read and write of an item.</summary>
        private void Walk(Function f, IReadOnlyDictionary<Instruction, Placement> placement)
        {
            var point = 0;
            var pending = new Stack<Value>();
            for (int n = 0; n < f.Blocks.Count; n++)
            {
                var b = f.Blocks[n];
                _readFirst.Add(new List<int>());
                _written.Add(new List<int>());
                var first = point;
                foreach (var i in b.Instructions)
                {
                    var where = placement[i];
                    if (where != Placement.Local && where != Placement.Effect) continue;
                    ReadOperands(i.Operands, n, point, placement, pending);
                    if (i.Variable != null)
                    {
                        if (i.Op == Op.CallOnVariable) AddressTaken[IndexOf(i.Variable)] = true;
                        else if (i.Op == Op.LoadVar) Event(IndexOf(i.Variable), n, point, write: false);
                        else if (i.Op == Op.StoreVar) Event(IndexOf(i.Variable), n, point, write: true);
                    }
                    if (where == Placement.Local && !i.Type.IsVoid) Event(IndexOf(i), n, point, write: true);
                    point++;
                }
                if (b.Terminator != null) ReadOperands(b.Terminator.Operands, n, point, placement, pending);
                point++;
                // Every copy reads before any writes, as one edge's copies do: a phi of one target
                // may come in to another's (a target listed twice, by a switch, changes nothing).
                foreach (var s in b.Successors)
                {
                    foreach (var phi in s.Phis) ReadOperand(phi.ValueFrom(b), n, point, placement, pending);
                }
                foreach (var s in b.Successors)
                {
                    foreach (var phi in s.Phis) Event(IndexOf(phi), n, point, write: true);
                }
                _points.Add((first, point));
                point++;
            }
        }

        private void ReadOperands(IEnumerable<Value> operands, int block, int point, IReadOnlyDictionary<Instruction, Placement> placement, Stack<Value> pending)
        {
            foreach (var o in operands) ReadOperand(o, block, point, placement, pending);
        }

        /// <summary>Records the reads an operand makes where it is emitted: its local, or, inline, everything its expression reads (a stack, not recursion: inline chains can be thousands deep).</summary>
        private void ReadOperand(Value operand, int block, int point, IReadOnlyDictionary<Instruction, Placement> placement, Stack<Value> pending)
        {
            pending.Push(operand);
            while (pending.Count > 0)
            {
                switch (pending.Pop())
                {
                    case Phi phi:
                        Event(IndexOf(phi), block, point, write: false);
                        break;
                    case Instruction i when placement[i] == Placement.Inline:
                        if (i.Op == Op.LoadVar) Event(IndexOf(i.Variable!), block, point, write: false);
                        foreach (var o in i.Operands) pending.Push(o);
                        break;
                    case Instruction i:
                        Event(IndexOf(i), block, point, write: false);
                        break;
                }
            }
        }

        private void Event(int item, int block, int point, bool write)
        {
            var at = 2 * point + (write ? 1 : 0);
            if (at < Start[item]) Start[item] = at;
            if (at > End[item]) End[item] = at;
            if (_lastBlock[item] != block)
            {
                if (_lastBlock[item] >= 0) _crossesBlocks[item] = true;
                _lastBlock[item] = block;
                _settledInLastBlock[item] = false;
            }
            if (_settledInLastBlock[item]) return;
            _settledInLastBlock[item] = true;
            if (write)
            {
                _written[block].Add(item);
            }
            else
            {
                // Read before any write in this block: live on entry to it (from a predecessor, or from the zeroed locals).
                _crossesBlocks[item] = true;
                _readFirst[block].Add(item);
            }
        }

        /// <summary>
        /// Cross-block liveness (backward, to a fixed point) for the items seen in more than one
        /// block or read before written: each interval is stretched over the blocks it is live
        /// into or out of. Kept apart from the walk because it is the only part that iterates.
        /// </summary>
        private static class CrossBlockLiveness
        {
            public static void Extend(Function f, LiveIntervals live)
            {
                var dense = new int[live.Items.Count];
                var items = new List<int>();
                for (int k = 0; k < live.Items.Count; k++)
                {
                    dense[k] = -1;
                    if (live._crossesBlocks[k] && !live.AddressTaken[k])
                    {
                        dense[k] = items.Count;
                        items.Add(k);
                    }
                }
                if (items.Count == 0) return;

                var blocks = f.Blocks;
                var number = new Dictionary<Block, int>(blocks.Count);
                for (int n = 0; n < blocks.Count; n++) number[blocks[n]] = n;
                var successors = new int[blocks.Count][];
                var predecessors = new List<int>[blocks.Count];
                for (int n = 0; n < blocks.Count; n++) predecessors[n] = new List<int>();
                for (int n = 0; n < blocks.Count; n++)
                {
                    var list = new List<int>();
                    foreach (var s in blocks[n].Successors)
                    {
                        var m = number[s];
                        if (list.Contains(m)) continue;
                        list.Add(m);
                        predecessors[m].Add(n);
                    }
                    successors[n] = list.ToArray();
                }

                var words = (items.Count + 63) / 64;
                var liveIn = new ulong[blocks.Count][];
                for (int n = 0; n < blocks.Count; n++) liveIn[n] = new ulong[words];
                var scratch = new ulong[words];

                // Worklist in reverse layout order: the derivative's code mostly flows forward, so most blocks settle in one visit.
                var queued = new bool[blocks.Count];
                var work = new Stack<int>();
                for (int n = 0; n < blocks.Count; n++)
                {
                    work.Push(n);
                    queued[n] = true;
                }
                while (work.Count > 0)
                {
                    var n = work.Pop();
                    queued[n] = false;
                    LiveOut(n, successors, liveIn, scratch);
                    foreach (var k in live._written[n])
                    {
                        if (dense[k] >= 0) scratch[dense[k] >> 6] &= ~(1UL << dense[k]);
                    }
                    foreach (var k in live._readFirst[n])
                    {
                        if (dense[k] >= 0) scratch[dense[k] >> 6] |= 1UL << dense[k];
                    }
                    if (SameBits(scratch, liveIn[n])) continue;
                    System.Array.Copy(scratch, liveIn[n], words);
                    foreach (var p in predecessors[n])
                    {
                        if (queued[p]) continue;
                        queued[p] = true;
                        work.Push(p);
                    }
                }

                for (int n = 0; n < blocks.Count; n++)
                {
                    var (first, last) = live._points[n];
                    Stretch(live, items, liveIn[n], 2 * first);
                    LiveOut(n, successors, liveIn, scratch);
                    Stretch(live, items, scratch, 2 * last + 1);
                }
            }

            private static void LiveOut(int block, int[][] successors, ulong[][] liveIn, ulong[] into)
            {
                System.Array.Clear(into, 0, into.Length);
                foreach (var s in successors[block])
                {
                    var bits = liveIn[s];
                    for (int w = 0; w < into.Length; w++) into[w] |= bits[w];
                }
            }

            private static bool SameBits(ulong[] a, ulong[] b)
            {
                for (int w = 0; w < a.Length; w++)
                {
                    if (a[w] != b[w]) return false;
                }
                return true;
            }

            private static readonly int[] DeBruijn =
            {
                0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4, 62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
                63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11, 46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
            };

            /// <summary>The index of the lowest set bit (netstandard2.0 has no BitOperations).</summary>
            private static int LowestBit(ulong word) => DeBruijn[((word & (ulong)-(long)word) * 0x03F79D71B4CB0A89UL) >> 58];

            /// <summary>Every item whose bit is set is live at <paramref name="at"/>: its interval covers it.</summary>
            private static void Stretch(LiveIntervals live, List<int> items, ulong[] bits, int at)
            {
                for (int w = 0; w < bits.Length; w++)
                {
                    var word = bits[w];
                    while (word != 0)
                    {
                        var bit = LowestBit(word);
                        word &= word - 1;
                        var k = items[(w << 6) + bit];
                        if (at < live.Start[k]) live.Start[k] = at;
                        if (at > live.End[k]) live.End[k] = at;
                    }
                }
            }
        }
    }
}
