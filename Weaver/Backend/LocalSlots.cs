using System.Collections.Generic;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// Which IL local holds each phi, each instruction placed in a local, and each variable. With a
    /// local apiece, a reverse derivative of a few thousand lines of arithmetic needed more than
    /// the 65,535 locals IL allows (the runtime rejects such a body); most of those values are
    /// dead long before the method ends. Here values share a local when their live intervals
    /// (<see cref="LiveIntervals"/>) do not overlap and their IL types are the same (same kind,
    /// same full name in the same scope, by-ref and pointer types included): a linear scan in
    /// order of interval start, with a free list of locals per type, in n log n (two sorts). A
    /// variable whose address is taken keeps a local of its own; one never read nor written gets
    /// none. The derivative then needs about as many locals as it has values live at once; the IL
    /// emitter still reports AD5004 if that is more than IL allows. Reads the IR; changes nothing.
    /// </summary>
    public sealed class LocalSlots
    {
        private readonly LiveIntervals _live;
        private readonly int[] _localOf;

        private LocalSlots(LiveIntervals live)
        {
            _live = live;
            _localOf = new int[live.Items.Count];
        }

        /// <summary>The type of each local, in the order the locals are to be declared.</summary>
        public List<IrType> Locals { get; } = new List<IrType>();

        /// <summary>The local of a phi, an instruction placed in a local, or a variable; false if it needs none (never touched).</summary>
        public bool TryGetLocal(object item, out int local)
        {
            local = _localOf[_live.IndexOf(item)];
            return local >= 0;
        }

        public static LocalSlots Assign(Function f, IReadOnlyDictionary<Instruction, Placement> placement)
        {
            var live = LiveIntervals.Compute(f, placement);
            var slots = new LocalSlots(live);
            slots.Scan();
            return slots;
        }

        private void Scan()
        {
            var order = new List<int>(_live.Items.Count);
            var typeIds = new Dictionary<(IrTypeKind, string?, string?), int>();
            var typeOf = new int[_live.Items.Count]; // a small number per IL type, which picks the free list
            for (int k = 0; k < _live.Items.Count; k++)
            {
                _localOf[k] = -1;
                if (_live.AddressTaken[k]) _localOf[k] = NewLocal(TypeOf(k)); // its uses are not followed: never shared
                else if (_live.End[k] >= 0)
                {
                    order.Add(k);
                    var key = KeyOf(TypeOf(k));
                    if (!typeIds.TryGetValue(key, out typeOf[k])) typeIds[key] = typeOf[k] = typeIds.Count;
                }
            }
            // By start and by end, ties in item order (so the same IR always gets the same
            // locals): the keys are made unique by the index in their low half, and sorting plain
            // longs is fast.
            var byStart = new long[order.Count];
            var byEnd = new long[order.Count];
            for (int n = 0; n < order.Count; n++)
            {
                byStart[n] = (long)_live.Start[order[n]] << 32 | (uint)order[n];
                byEnd[n] = (long)_live.End[order[n]] << 32 | (uint)order[n];
            }
            System.Array.Sort(byStart);
            System.Array.Sort(byEnd);

            var free = new Stack<int>[typeIds.Count];
            for (int t = 0; t < free.Length; t++) free[t] = new Stack<int>();
            var expired = 0;
            foreach (var key in byStart)
            {
                var k = (int)(key & 0xFFFFFFFF);
                // A local is free once its item's last point comes before this one's first (reads
                // at even points, writes at odd: an operand's local can take the result). Such an
                // item starts before this one too, so it already holds its local.
                while (expired < byEnd.Length && byEnd[expired] >> 32 < _live.Start[k])
                {
                    var done = (int)(byEnd[expired++] & 0xFFFFFFFF);
                    free[typeOf[done]].Push(_localOf[done]);
                }
                var list = free[typeOf[k]];
                _localOf[k] = list.Count > 0 ? list.Pop() : NewLocal(TypeOf(k));
            }
        }

        private int NewLocal(IrType type)
        {
            Locals.Add(type);
            return Locals.Count - 1;
        }

        private IrType TypeOf(int item) => _live.Items[item] switch
        {
            Variable v => v.Type,
            Value v => v.Type,
            _ => throw new System.InvalidOperationException($"{_live.Items[item]} needs no local"),
        };

        /// <summary>An IL type, as far as sharing a local goes: scalars have no Cecil type; the rest are told apart by full name and scope.</summary>
        private static (IrTypeKind, string?, string?) KeyOf(IrType type) => (type.Kind, type.Clr?.FullName, type.Clr?.Scope?.Name);
    }
}
