using System.Collections.Generic;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Backend
{
    public enum Placement
    {
        /// <summary>Pure and unused: not emitted.</summary>
        Dropped,
        /// <summary>Computed where it is used, as part of its user's expression (one use, same block, safe to move).</summary>
        Inline,
        /// <summary>Computed in place and kept in an IL local.</summary>
        Local,
        /// <summary>Computed in place for its effect; a result nobody uses is popped.</summary>
        Effect,
    }

    /// <summary>
    /// Decides where each instruction's value lives in the emitted IL. A value used once, by an
    /// instruction or terminator of its own block, is emitted inline as an expression when moving
    /// it there changes nothing: it has no side effects, and for a variable load, no store to that
    /// variable (nor a call on it by address) lies between. Values used across blocks (the reverse
    /// sweep reads the forward sweep's this way), by phis, or more than once go to locals. Memory
    /// reads and writes, allocations and address computations count as side effects (they may
    /// throw or see a store): they stay in place and in order, and an unused one is still emitted,
    /// its result popped. Reads the IR; changes nothing.
    /// </summary>
    public static class ValuePlacement
    {
        public static Dictionary<Instruction, Placement> Decide(Function f)
        {
            var uses = new Dictionary<Value, List<(Block Block, object User)>>();
            void Use(Value v, Block b, object user)
            {
                if (!(v is Instruction)) return;
                if (!uses.TryGetValue(v, out var list)) uses[v] = list = new List<(Block, object)>();
                list.Add((b, user));
            }
            foreach (var b in f.Blocks)
            {
                foreach (var phi in b.Phis)
                {
                    foreach (var e in phi.Incoming) Use(e.Value, e.Predecessor, phi);
                }
                foreach (var i in b.Instructions)
                {
                    foreach (var o in i.Operands) Use(o, b, i);
                }
                if (b.Terminator != null)
                {
                    foreach (var o in b.Terminator.Operands) Use(o, b, b.Terminator);
                }
            }

            var placement = new Dictionary<Instruction, Placement>();
            var user = new Dictionary<Instruction, object>();
            foreach (var b in f.Blocks)
            {
                for (int n = 0; n < b.Instructions.Count; n++)
                {
                    var i = b.Instructions[n];
                    uses.TryGetValue(i, out var list);
                    var count = list?.Count ?? 0;
                    if (i.HasSideEffects || i.Type.IsVoid)
                    {
                        placement[i] = count == 0 ? Placement.Effect : Placement.Local;
                    }
                    else if (count == 0)
                    {
                        placement[i] = Placement.Dropped;
                    }
                    else if (count == 1 && list![0].Block == b && !(list[0].User is Phi))
                    {
                        placement[i] = Placement.Inline;
                        user[i] = list[0].User;
                    }
                    else
                    {
                        placement[i] = Placement.Local;
                    }
                }
            }

            // An inline variable load is evaluated where its expression's root is emitted (the first
            // user up the chain that is not inline); it must not move past a store to its variable
            // or a call that changes it by address.
            foreach (var b in f.Blocks)
            {
                Dictionary<Instruction, int>? position = null; // made once per block that needs it: IndexOf per load was quadratic
                for (int n = 0; n < b.Instructions.Count; n++)
                {
                    var load = b.Instructions[n];
                    if (load.Op != Op.LoadVar || placement[load] != Placement.Inline) continue;
                    object root = user[load];
                    while (root is Instruction r && placement[r] == Placement.Inline) root = user[r];
                    if (position == null)
                    {
                        position = new Dictionary<Instruction, int>();
                        for (int k = 0; k < b.Instructions.Count; k++) position[b.Instructions[k]] = k;
                    }
                    var end = root is Instruction ri ? position[ri] : b.Instructions.Count;
                    for (int k = n + 1; k < end; k++)
                    {
                        var between = b.Instructions[k];
                        if ((between.Op == Op.StoreVar || between.Op == Op.CallOnVariable) && between.Variable == load.Variable)
                        {
                            placement[load] = Placement.Local;
                        }
                    }
                }
            }
            return placement;
        }
    }
}
