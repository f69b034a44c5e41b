using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Cleans up the phis SSA construction leaves behind.
    /// Expects: a function in SSA form whose phis list one entry per predecessor.
    /// Guarantees: no phi is trivial (all its incoming values, other than the phi itself, the
    /// same value: it is replaced by that value everywhere, repeatedly until none is left, as in
    /// Braun et al.'s tryRemoveTrivialPhi) and no phi is unused (used only by dead phis, or by
    /// nothing). Instructions and terminators are untouched apart from their operands.
    /// </summary>
    public static class RemoveTrivialPhis
    {
        public static void Run(Function function)
        {
            var replacement = new Dictionary<Value, Value>();
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var block in function.Blocks)
                {
                    foreach (var phi in block.Phis.ToList())
                    {
                        var same = SoleIncoming(phi, replacement);
                        if (same == null) continue;
                        replacement[phi] = same;
                        block.Phis.Remove(phi);
                        changed = true;
                    }
                }
            }
            if (replacement.Count > 0) function.ReplaceUses(v => Resolve(v, replacement));
            RemoveUnusedPhis(function);
        }

        /// <summary>The one value the phi merges, or null when it merges two or more.</summary>
        private static Value? SoleIncoming(Phi phi, Dictionary<Value, Value> replacement)
        {
            Value? same = null;
            foreach (var entry in phi.Incoming)
            {
                var v = Resolve(entry.Value, replacement);
                if (v == phi || v == same) continue;
                if (same != null) return null;
                same = v;
            }
            return same ?? throw new System.InvalidOperationException($"{phi} in {phi.Block} merges only itself: its block is unreachable from the entry");
        }

        private static Value Resolve(Value v, Dictionary<Value, Value> replacement)
        {
            while (replacement.TryGetValue(v, out var r)) v = r;
            return v;
        }

        /// <summary>Drops phis that no instruction or terminator needs, directly or through other phis.</summary>
        private static void RemoveUnusedPhis(Function function)
        {
            var live = new HashSet<Phi>();
            var work = new Stack<Phi>();
            void Use(Value v)
            {
                if (v is Phi p && live.Add(p)) work.Push(p);
            }
            foreach (var block in function.Blocks)
            {
                foreach (var i in block.Instructions)
                {
                    foreach (var o in i.Operands) Use(o);
                }
                if (block.Terminator != null)
                {
                    foreach (var o in block.Terminator.Operands) Use(o);
                }
            }
            while (work.Count > 0)
            {
                foreach (var entry in work.Pop().Incoming) Use(entry.Value);
            }
            foreach (var block in function.Blocks) block.Phis.RemoveAll(p => !live.Contains(p));
        }
    }
}
