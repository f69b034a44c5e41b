using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// The reverse of <c>a[i] += t</c> takes the slot's adjoint and clears it (the store), then adds
    /// the load's adjoint back into it: read, write 0, read 0, write — where a person leaves the
    /// slot as it is. Within each block of the derivative this pass forwards what a slot is known
    /// to hold to a later read of the same slot (its value, or the 0 just stored), folds the
    /// <c>0 + x</c> that makes, drops a store that the next store to the same slot overwrites
    /// unread, and drops a store of the value the slot already holds. What a variable holds (adjoints
    /// pass through variables) is forwarded the same way, so a slot's value is still recognised
    /// when it comes back through one.
    /// <para>
    /// "The same slot" is the same address value, or element addresses of the same array and
    /// indices. Other accesses in between count only if they may reach the slot: each address is
    /// traced to the array it points into, and an array this function allocates (a shadow of a
    /// local array, say) is never a parameter or another allocation; anything else may be
    /// anything. A call, a tape operation or an allocation forgets everything.
    /// </para>
    /// The only difference is the sign of a zero gradient (0 + −0 is +0), as in AdjointZeroAdds.
    /// </summary>
    public static class ShadowSlotForwarding
    {
        /// <summary>What is known of one slot: the value it holds now, and the last store to it if nothing has read it since.</summary>
        private sealed class SlotState
        {
            public SlotState(Value? root) => Root = root;

            /// <summary>The array (a parameter or an allocation) the slot is in; null when unknown.</summary>
            public Value? Root { get; }

            public Value? Holds;

            public Instruction? UnreadStore;

            /// <summary>What the slot held before <see cref="UnreadStore"/>, while nothing else may have written it since.</summary>
            public Value? HeldBefore;
        }

        public static void Run(Function function)
        {
            var replacement = new Dictionary<Value, Value>();
            foreach (var block in function.Blocks)
            {
                var removed = new HashSet<Instruction>();
                var slots = new Dictionary<string, SlotState>();
                var variables = new Dictionary<Variable, Value>(); // what a variable holds now: adjoints flow through variables
                foreach (var i in block.Instructions)
                {
                    for (int k = 0; k < i.Operands.Length; k++)
                    {
                        if (replacement.ContainsKey(i.Operands[k])) i.SetOperand(k, Resolve(i.Operands[k], replacement));
                    }
                    switch (i.Op)
                    {
                        case Op.LoadIndirect:
                        {
                            var (key, root) = Slot(i.Operands[0]);
                            var state = slots.TryGetValue(key, out var s) ? s : slots[key] = new SlotState(root);
                            if (state.Holds != null && state.Holds.Type.SameAs(i.Type))
                            {
                                replacement[i] = state.Holds;
                                removed.Add(i);
                                break;
                            }
                            Read(slots, key, root);
                            state.UnreadStore = null; // read now
                            state.HeldBefore = null;
                            state.Holds = i;
                            break;
                        }
                        case Op.StoreIndirect:
                        {
                            var (key, root) = Slot(i.Operands[0]);
                            var state = slots.TryGetValue(key, out var s) ? s : slots[key] = new SlotState(root);
                            var value = i.Operands[1];
                            if (state.Holds == value)
                            {
                                removed.Add(i); // it holds that already
                                break;
                            }
                            Written(slots, key, root);
                            if (state.UnreadStore != null)
                            {
                                removed.Add(state.UnreadStore);
                                if (state.HeldBefore == value)
                                {
                                    // Without the overwritten store the slot still holds this value: nothing to write.
                                    removed.Add(i);
                                    state.Holds = value;
                                    state.UnreadStore = null;
                                    state.HeldBefore = null;
                                    break;
                                }
                            }
                            state.HeldBefore = state.UnreadStore != null ? state.HeldBefore : state.Holds;
                            state.Holds = value;
                            state.UnreadStore = i;
                            break;
                        }
                        case Op.Add when i.Type.IsFloat:
                        {
                            if (IsZero(i.Operands[0]) && i.Operands[1].Type.SameAs(i.Type)) replacement[i] = i.Operands[1];
                            else if (IsZero(i.Operands[1]) && i.Operands[0].Type.SameAs(i.Type)) replacement[i] = i.Operands[0];
                            if (replacement.ContainsKey(i)) removed.Add(i);
                            break;
                        }
                        case Op.LoadElement:
                        case Op.LoadField:
                        case Op.ArrayLength:
                            Read(slots, null, RootOf(i.Operands[0]));
                            break;
                        case Op.StoreElement:
                        case Op.StoreField:
                            Written(slots, null, RootOf(i.Operands[0]));
                            break;
                        case Op.LoadStaticField:
                            break; // static fields are never a slot of an array or object the derivative writes
                        case Op.StoreVar:
                            variables[i.Variable!] = i.Operands[0];
                            break;
                        case Op.LoadVar:
                            if (variables.TryGetValue(i.Variable!, out var content) && content.Type.SameAs(i.Type))
                            {
                                replacement[i] = content;
                                removed.Add(i);
                            }
                            else
                            {
                                variables[i.Variable!] = i;
                            }
                            break;
                        case Op.CallOnVariable:
                            variables.Remove(i.Variable!); // by address: it may change
                            slots.Clear();
                            break;
                        default:
                            if (Touches(i)) slots.Clear();
                            break;
                    }
                }
                if (removed.Count > 0) block.Instructions.RemoveAll(removed.Contains);
            }
            if (replacement.Count > 0) function.ReplaceUses(v => Resolve(v, replacement));
        }

        /// <summary>A read of memory in <paramref name="root"/> (other than slot <paramref name="key"/> itself): a store it may see is no longer unread.</summary>
        private static void Read(Dictionary<string, SlotState> slots, string? key, Value? root)
        {
            foreach (var entry in slots)
            {
                if (entry.Key == key || !MayAlias(entry.Value.Root, root)) continue;
                entry.Value.UnreadStore = null;
                entry.Value.HeldBefore = null;
            }
        }

        /// <summary>A write into <paramref name="root"/> (other than slot <paramref name="key"/> itself): what a slot it may reach holds is no longer known.</summary>
        private static void Written(Dictionary<string, SlotState> slots, string? key, Value? root)
        {
            foreach (var entry in slots)
            {
                if (entry.Key == key || !MayAlias(entry.Value.Root, root)) continue;
                entry.Value.Holds = null;
                entry.Value.HeldBefore = null; // the overwritten store may no longer be simply taken back
            }
        }

        /// <summary>Arrays this function allocates are distinct from every other array; parameters and unknowns may be anything.</summary>
        private static bool MayAlias(Value? a, Value? b)
        {
            if (a == null || b == null || a == b) return true;
            return !(a is Instruction { Op: Op.NewArray } || b is Instruction { Op: Op.NewArray });
        }

        private static Value? RootOf(Value v) => v is Parameter or Instruction { Op: Op.NewArray } ? v : null;

        private static Value Resolve(Value v, Dictionary<Value, Value> replacement)
        {
            while (replacement.TryGetValue(v, out var r)) v = r;
            return v;
        }

        /// <summary>A name for the memory an address points at (element addresses of one array and indices share it: every index, one per dimension), and the array it is in.</summary>
        private static (string Key, Value? Root) Slot(Value address) => address is Instruction { Op: Op.ElementAddress } e
            ? ($"elem {e.TypeOperand!.FullName} %{e.Operands[0].Id} {string.Join(" ", e.Indices.Select(Key))}", RootOf(e.Operands[0]))
            : ("%" + address.Id, null);

        private static string Key(Value v) => v is Constant c ? $"{c.Type} {c.IntValue}" : "%" + v.Id;

        private static bool IsZero(Value v) => v is Constant c && c.Type.IsFloat && c.FloatValue == 0;

        /// <summary>Writes memory, or may: a call, a tape, an allocation that runs a constructor, a span method.</summary>
        private static bool Touches(Instruction i) =>
            OpFacts.WritesMemory(i.Op) || OpFacts.ReadsMemory(i.Op) || OpFacts.IsCall(i.Op) ||
            i.Op is Op.CallOnVariable or Op.CallOnValue or Op.NewObj or Op.NewArray or Op.StackAlloc;
    }
}
