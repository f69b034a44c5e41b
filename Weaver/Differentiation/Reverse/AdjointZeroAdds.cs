using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Adjoints are accumulated as `v = v + c` and taken as `t = v; v = 0`, so a reverse sweep is
    /// full of additions to a variable that is known to hold zero: a phi's adjoint handed to the
    /// value that came in, a value used once. Each such `0 + c` is a floating-point add the JIT
    /// must keep (it is not `c` when c is −0), and inside a loop they form a chain of dependent
    /// adds from one iteration to the next. This pass finds, by forward data flow over the
    /// derivative (locals start at zero; storing the constant 0 makes a variable zero, any other
    /// store makes it unknown; where control joins, only what is zero on every path stays), each
    /// addition whose one side is read from a variable that is zero there, and uses the other side
    /// instead. The only difference is the sign of a zero gradient.
    /// </summary>
    public static class AdjointZeroAdds
    {
        public static void Fold(Function function)
        {
            var floats = new HashSet<Variable>(function.Variables.Where(v => v.Type.IsFloat));
            if (floats.Count == 0) return;
            var order = function.ReversePostOrder();
            var preds = function.PredecessorMap();
            var zeroAtEnd = new Dictionary<Block, HashSet<Variable>>();
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var block in order)
                {
                    var state = ZeroOnEntry(block, function, floats, preds, zeroAtEnd);
                    foreach (var i in block.Instructions) Step(state, i);
                    if (!zeroAtEnd.TryGetValue(block, out var old) || !old.SetEquals(state))
                    {
                        zeroAtEnd[block] = state;
                        changed = true;
                    }
                }
            }

            var zeroReads = new HashSet<Value>();
            foreach (var block in order)
            {
                var state = ZeroOnEntry(block, function, floats, preds, zeroAtEnd);
                foreach (var i in block.Instructions)
                {
                    if (i.Op == Op.LoadVar && state.Contains(i.Variable!)) zeroReads.Add(i);
                    Step(state, i);
                }
            }
            var replacement = new Dictionary<Value, Value>();
            foreach (var i in order.SelectMany(b => b.Instructions))
            {
                if (i.Op != Op.Add || !i.Type.IsFloat) continue;
                var (left, right) = (i.Operands[0], i.Operands[1]);
                if (zeroReads.Contains(left) && right.Type.SameAs(i.Type)) replacement[i] = right;
                else if (zeroReads.Contains(right) && left.Type.SameAs(i.Type)) replacement[i] = left;
            }
            if (replacement.Count == 0) return;
            // A folded add may be the side kept of another (x = 0 + y; z = 0 + x): follow the chain.
            function.ReplaceUses(v =>
            {
                while (replacement.TryGetValue(v, out var r)) v = r;
                return v;
            });
            foreach (var block in function.Blocks) block.Instructions.RemoveAll(replacement.ContainsKey);
            var used = function.UsedValues();
            foreach (var block in function.Blocks) block.Instructions.RemoveAll(x => x.Op == Op.LoadVar && zeroReads.Contains(x) && !used.Contains(x));
        }

        /// <summary>The variables zero on entry to <paramref name="block"/>: all of them at the function's entry, else those zero at the end of every predecessor seen so far.</summary>
        private static HashSet<Variable> ZeroOnEntry(Block block, Function function, HashSet<Variable> floats, Dictionary<Block, List<Block>> preds, Dictionary<Block, HashSet<Variable>> zeroAtEnd)
        {
            if (block == function.Entry) return new HashSet<Variable>(floats);
            HashSet<Variable>? state = null;
            foreach (var p in preds[block])
            {
                if (!zeroAtEnd.TryGetValue(p, out var end)) continue; // not reached yet: optimistic
                if (state == null) state = new HashSet<Variable>(end);
                else state.IntersectWith(end);
            }
            return state ?? new HashSet<Variable>(floats);
        }

        private static void Step(HashSet<Variable> state, Instruction i)
        {
            if (i.Op != Op.StoreVar || !i.Variable!.Type.IsFloat) return;
            if (i.Operands[0] is Constant { FloatValue: 0 } c && c.Type.IsFloat) state.Add(i.Variable!);
            else state.Remove(i.Variable!);
        }
    }
}
