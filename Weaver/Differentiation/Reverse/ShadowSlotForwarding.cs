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
    /// unread, and drops a store of the value the slot already holds. "The same slot" is the same
    /// address value, or element addresses of the same array and index; any other write, call or
    /// unknown read forgets what is known (another address may be the same memory).
    /// The only difference is the sign of a zero gradient (0 + −0 is +0), as in AdjointZeroAdds.
    /// </summary>
    public static class ShadowSlotForwarding
    {
        public static void Run(Function function)
        {
            var replacement = new Dictionary<Value, Value>();
            foreach (var block in function.Blocks)
            {
                var removed = new HashSet<Instruction>();
                var known = new Dictionary<string, Value>();       // what a slot holds now
                var unread = new Dictionary<string, (Instruction Store, Value? Before)>(); // the last store to a slot, not read since, and what the slot held before it
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
                            var slot = Slot(i.Operands[0]);
                            if (known.TryGetValue(slot, out var held) && held.Type.SameAs(i.Type))
                            {
                                replacement[i] = held;
                                removed.Add(i);
                                break;
                            }
                            unread.Clear(); // it may read any of them
                            known[slot] = i;
                            break;
                        }
                        case Op.StoreIndirect:
                        {
                            var slot = Slot(i.Operands[0]);
                            var value = i.Operands[1];
                            if (known.TryGetValue(slot, out var held) && held == value)
                            {
                                removed.Add(i); // it holds that already
                                break;
                            }
                            if (unread.TryGetValue(slot, out var overwritten))
                            {
                                removed.Add(overwritten.Store);
                                if (overwritten.Before == value)
                                {
                                    // Without the overwritten store the slot still holds this value: nothing to write.
                                    removed.Add(i);
                                    known.Clear();
                                    known[slot] = value;
                                    unread.Remove(slot);
                                    break;
                                }
                            }
                            var before = known.TryGetValue(slot, out var was) ? was : null;
                            known.Clear(); // the slot may be another's memory
                            known[slot] = value;
                            unread[slot] = (i, before);
                            break;
                        }
                        case Op.Add when i.Type.IsFloat:
                        {
                            if (IsZero(i.Operands[0]) && i.Operands[1].Type.SameAs(i.Type)) replacement[i] = i.Operands[1];
                            else if (IsZero(i.Operands[1]) && i.Operands[0].Type.SameAs(i.Type)) replacement[i] = i.Operands[0];
                            if (replacement.ContainsKey(i)) removed.Add(i);
                            break;
                        }
                        case Op.ElementAddress:
                        case Op.FieldAddress:
                        case Op.LoadVar:
                        case Op.StoreVar:
                            break; // no memory read or written
                        default:
                            if (OpFacts.ReadsMemory(i.Op)) unread.Clear();
                            else if (Touches(i))
                            {
                                known.Clear();
                                unread.Clear();
                            }
                            break;
                    }
                }
                if (removed.Count > 0) block.Instructions.RemoveAll(removed.Contains);
            }
            if (replacement.Count > 0) function.ReplaceUses(v => Resolve(v, replacement));
        }

        private static Value Resolve(Value v, Dictionary<Value, Value> replacement)
        {
            while (replacement.TryGetValue(v, out var r)) v = r;
            return v;
        }

        /// <summary>A name for the memory an address points at: element addresses of one array and index share it.</summary>
        private static string Slot(Value address) => address is Instruction { Op: Op.ElementAddress } e
            ? $"elem {e.TypeOperand!.FullName} %{e.Operands[0].Id} {Key(e.Operands[1])}"
            : "%" + address.Id;

        private static string Key(Value v) => v is Constant c ? $"{c.Type} {c.IntValue}" : "%" + v.Id;

        private static bool IsZero(Value v) => v is Constant c && c.Type.IsFloat && c.FloatValue == 0;

        /// <summary>Writes memory, or may: a store of another kind, a call, a tape, an allocation that runs a constructor.</summary>
        private static bool Touches(Instruction i) =>
            OpFacts.WritesMemory(i.Op) || OpFacts.IsCall(i.Op) || i.Op is Op.CallOnVariable or Op.CallOnValue or Op.NewObj or Op.NewArray or Op.StackAlloc;
    }
}
