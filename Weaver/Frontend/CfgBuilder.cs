using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Splits a method body into basic blocks and links them.
    /// Expects: a body without exception handlers (the caller rejects those).
    /// Guarantees: blocks start at offset 0, at every branch or switch target and after every
    /// branch, switch, ret or throw; a <c>br</c> to the very next instruction (Debug builds) does
    /// not end a block by itself; only blocks reachable from the entry are kept, in IL order;
    /// successor and predecessor lists hold each block once. Reports code that runs off the end
    /// of the body as <see cref="DiagnosticCatalog.InvalidIl"/>. Knows nothing of the stack or of SSA.
    /// </summary>
    public static class CfgBuilder
    {
        public static ControlFlowGraph Build(MethodBody body)
        {
            var instructions = body.Instructions;
            if (instructions.Count == 0)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidIl, "the method body has no instructions");
            }

            var leaders = FindLeaders(instructions);
            var all = new List<IlBlock>();
            var byFirst = new Dictionary<Instruction, IlBlock>();
            List<Instruction>? current = null;
            foreach (var ins in instructions)
            {
                if (current == null || leaders.Contains(ins))
                {
                    current = new List<Instruction>();
                    var block = new IlBlock(all.Count, current);
                    all.Add(block);
                    byFirst[ins] = block;
                }
                current.Add(ins);
            }

            var reachable = new HashSet<IlBlock>();
            var work = new Stack<IlBlock>();
            work.Push(all[0]);
            reachable.Add(all[0]);
            while (work.Count > 0)
            {
                var block = work.Pop();
                foreach (var target in SuccessorLeaders(block.Last))
                {
                    var s = byFirst[target];
                    if (!block.Successors.Contains(s)) block.Successors.Add(s);
                    if (reachable.Add(s)) work.Push(s);
                }
            }

            var blocks = all.Where(reachable.Contains).ToList();
            for (int i = 0; i < blocks.Count; i++) blocks[i].Index = i;
            foreach (var b in blocks)
            {
                foreach (var s in b.Successors) s.Predecessors.Add(b);
            }
            var kept = byFirst.Where(e => reachable.Contains(e.Value)).ToDictionary(e => e.Key, e => e.Value);
            return new ControlFlowGraph(blocks, kept);
        }

        /// <summary>True for an unconditional branch to the instruction right after it (a no-op).</summary>
        public static bool IsBranchToNext(Instruction ins) =>
            ins.OpCode.FlowControl == FlowControl.Branch && ins.Operand is Instruction target && target == ins.Next &&
            (ins.OpCode.Code == Code.Br || ins.OpCode.Code == Code.Br_S);

        /// <summary>True when control cannot simply continue with the next instruction.</summary>
        public static bool EndsBlock(Instruction ins)
        {
            if (IsBranchToNext(ins)) return false;
            switch (ins.OpCode.FlowControl)
            {
                case FlowControl.Branch:
                case FlowControl.Cond_Branch:
                case FlowControl.Return:
                case FlowControl.Throw:
                    return true;
                default:
                    return false;
            }
        }

        private static HashSet<Instruction> FindLeaders(IList<Instruction> instructions)
        {
            var leaders = new HashSet<Instruction> { instructions[0] };
            foreach (var ins in instructions)
            {
                if (!EndsBlock(ins)) continue;
                foreach (var t in BranchTargets(ins)) leaders.Add(t);
                if (ins.Next != null) leaders.Add(ins.Next);
            }
            return leaders;
        }

        private static IEnumerable<Instruction> BranchTargets(Instruction ins) => ins.Operand switch
        {
            Instruction target => new[] { target },
            Instruction[] targets => targets,
            _ => Enumerable.Empty<Instruction>(),
        };

        /// <summary>The first instructions of the blocks control may go to after <paramref name="last"/>.</summary>
        private static IEnumerable<Instruction> SuccessorLeaders(Instruction last)
        {
            switch (last.OpCode.FlowControl)
            {
                case FlowControl.Return:
                case FlowControl.Throw:
                    return Enumerable.Empty<Instruction>();
                case FlowControl.Branch:
                    return BranchTargets(last);
                case FlowControl.Cond_Branch:
                    return BranchTargets(last).Concat(new[] { FallThrough(last) });
                default:
                    return new[] { FallThrough(last) };
            }
        }

        private static Instruction FallThrough(Instruction last) =>
            last.Next ?? throw new DiagnosticException(DiagnosticCatalog.InvalidIl,
                $"control runs off the end of the method after IL_{last.Offset:x4} ({last.OpCode.Name})", last);
    }
}
