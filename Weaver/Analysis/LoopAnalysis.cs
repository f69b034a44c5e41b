using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Finds the simple natural loops: a header entered from exactly one block outside the loop
    /// and from exactly one latch inside it (the shape C# gives `for`, `while` and `do` without
    /// `continue` edges of their own). For such a loop the reverse sweep can count iterations
    /// instead of recording each edge taken, and can compute an induction variable from the
    /// count instead of keeping it. Other cycles are left to the generic tape. Reads only.
    /// </summary>
    public static class LoopAnalysis
    {
        public static List<SimpleLoop> Find(Function function)
        {
            var dominators = new DominatorTree(function);
            var preds = function.PredecessorMap();
            var loops = new List<SimpleLoop>();
            foreach (var header in function.ReversePostOrder())
            {
                var latches = preds[header].Where(p => dominators.Dominates(header, p)).ToList();
                if (latches.Count != 1 || preds[header].Count != 2) continue;
                var latch = latches[0];
                var body = new HashSet<Block> { header };
                var work = new Stack<Block>();
                if (body.Add(latch)) work.Push(latch);
                while (work.Count > 0)
                {
                    foreach (var p in preds[work.Pop()])
                    {
                        if (body.Add(p)) work.Push(p);
                    }
                }
                var entry = preds[header].Single(p => p != latch);
                if (body.Contains(entry)) continue;
                loops.Add(new SimpleLoop(header, entry, latch, body));
            }
            return loops;
        }
    }

    public sealed class SimpleLoop
    {
        public SimpleLoop(Block header, Block entry, Block latch, HashSet<Block> body)
        {
            Header = header;
            Entry = entry;
            Latch = latch;
            Body = body;
        }

        public Block Header { get; }

        /// <summary>The one block outside the loop that jumps to the header.</summary>
        public Block Entry { get; }

        /// <summary>The one block inside the loop that jumps back to the header.</summary>
        public Block Latch { get; }

        /// <summary>The header and every block of the loop.</summary>
        public HashSet<Block> Body { get; }

        /// <summary>
        /// The one block outside the loop that the loop goes to, when only the header leaves it (no
        /// `break`, no `return` inside) and it leaves to one block; null otherwise.
        /// </summary>
        public Block? SoleExit
        {
            get
            {
                Block? exit = null;
                foreach (var block in Body)
                {
                    if (block.Terminator is Return) return null;
                    foreach (var s in block.Successors)
                    {
                        if (Body.Contains(s)) continue;
                        if (block != Header || (exit != null && exit != s)) return null;
                        exit = s;
                    }
                }
                return exit;
            }
        }

        /// <summary>
        /// A header phi that starts at a value from outside and grows by a loop-invariant step
        /// each time round (i = phi [entry: a, latch: i + s]): its value in iteration k is a + k·s.
        /// </summary>
        public bool IsInductionVariable(Phi phi, out Value start, out Value step)
        {
            start = null!;
            step = null!;
            if (phi.Block != Header || !phi.Type.IsInteger) return false;
            var next = phi.ValueFrom(Latch) as Instruction;
            if (next == null || next.Op != Op.Add || !next.Type.SameAs(phi.Type)) return false;
            Value other;
            if (next.Operands[0] == phi) other = next.Operands[1];
            else if (next.Operands[1] == phi) other = next.Operands[0];
            else return false;
            if (!IsInvariant(other)) return false;
            start = phi.ValueFrom(Entry);
            step = other;
            return true;
        }

        /// <summary>
        /// A loop whose trip count its bounds give, as `for (int i = start; i &lt; limit; i++)` with
        /// no `break`: an int induction variable stepping by 1 from <paramref name="start"/>, tested
        /// against <paramref name="limit"/> (the same in every iteration: made before the loop, or
        /// computed in the header from such values, as `a.Length`) by the header's branch, which is
        /// the only way out of the loop. It runs limit − start times when that is positive, else
        /// never: the reverse sweep can compute the count instead of keeping it. (Past int range the
        /// subtraction wraps exactly as a counter of the iterations would.)
        /// </summary>
        public bool HasTripCount(out Phi induction, out Value start, out Value limit)
        {
            induction = null!;
            start = null!;
            limit = null!;
            if (SoleExit == null) return false;
            if (Header.Terminator is not Branch branch || Body.Contains(branch.IfTrue) == Body.Contains(branch.IfFalse)) return false;
            if (branch.Condition is not Instruction { Op: Op.Compare } compare || compare.Block != Header) return false;
            // The comparison that keeps the loop going, with the induction variable on the left.
            var stays = Body.Contains(branch.IfTrue) ? compare.Compare : Negated(compare.Compare);
            Value left = compare.Operands[0], right = compare.Operands[1];
            if (stays == CompareKind.Gt)
            {
                (left, right) = (right, left);
                stays = CompareKind.Lt;
            }
            if (stays != CompareKind.Lt || left is not Phi phi || phi.Type.Kind != IrTypeKind.Int32 || right.Type.Kind != IrTypeKind.Int32) return false;
            if (!IsInductionVariable(phi, out start, out var step) || step is not Constant { IntValue: 1 }) return false;
            induction = phi;
            limit = right;
            return IsInvariantInHeader(limit);
        }

        /// <summary>The comparison true exactly when <paramref name="kind"/> is false, for integers (signed only; null for the rest).</summary>
        private static CompareKind? Negated(CompareKind kind) => kind switch
        {
            CompareKind.Lt => CompareKind.Ge,
            CompareKind.Ge => CompareKind.Lt,
            CompareKind.Le => CompareKind.Gt,
            CompareKind.Gt => CompareKind.Le,
            _ => null,
        };

        /// <summary>Made before the loop, or computed in the header from such values by exact arithmetic (an array's length never changes).</summary>
        private bool IsInvariantInHeader(Value v) => IsInvariant(v) ||
            v is Instruction i && i.Block == Header && OpFacts.RecomputesExactly(i) && i.Operands.All(IsInvariantInHeader);

        private bool IsInvariant(Value v) => v switch
        {
            Constant or Parameter => true,
            Instruction i => !Body.Contains(i.Block),
            Phi p => !Body.Contains(p.Block),
            _ => false,
        };
    }
}
