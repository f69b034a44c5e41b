using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// A basic block over the primal's IL: a run of instructions entered only at
    /// <see cref="First"/> and left only after <see cref="Last"/>.
    /// </summary>
    public sealed class IlBlock
    {
        internal IlBlock(int index, List<Instruction> instructions)
        {
            Index = index;
            Instructions = instructions;
        }

        /// <summary>Position in <see cref="ControlFlowGraph.Blocks"/> (IL order; 0 is the entry).</summary>
        public int Index { get; internal set; }

        public IReadOnlyList<Instruction> Instructions { get; }

        public Instruction First => Instructions[0];

        /// <summary>The instruction that ends the block: a branch, switch or ret, or the last one before a leader.</summary>
        public Instruction Last => Instructions[Instructions.Count - 1];

        /// <summary>Where control goes next, each block once, in the order the IL names them (branch target before fall-through).</summary>
        public List<IlBlock> Successors { get; } = new List<IlBlock>();

        /// <summary>Where control comes from, each block once.</summary>
        public List<IlBlock> Predecessors { get; } = new List<IlBlock>();

        public override string ToString() => "IL_" + First.Offset.ToString("x4");
    }

    /// <summary>The reachable basic blocks of a method body and the edges between them.</summary>
    public sealed class ControlFlowGraph
    {
        private readonly Dictionary<Instruction, IlBlock> _byFirst;

        internal ControlFlowGraph(List<IlBlock> blocks, Dictionary<Instruction, IlBlock> byFirst)
        {
            Blocks = blocks;
            _byFirst = byFirst;
        }

        /// <summary>Reachable blocks in IL order; the first is the entry (offset 0).</summary>
        public IReadOnlyList<IlBlock> Blocks { get; }

        public IlBlock Entry => Blocks[0];

        /// <summary>The block that starts at <paramref name="leader"/> (a branch target or a fall-through point).</summary>
        public IlBlock BlockAt(Instruction leader) =>
            _byFirst.TryGetValue(leader, out var block)
                ? block
                : throw new System.InvalidOperationException($"IL_{leader.Offset:x4} does not start a reachable block");

        /// <summary>Blocks in reverse post-order from the entry: every block after at least one of its predecessors.</summary>
        public List<IlBlock> ReversePostOrder()
        {
            var visited = new HashSet<IlBlock> { Entry };
            var order = new List<IlBlock>();
            var stack = new Stack<(IlBlock Block, int Next)>();
            stack.Push((Entry, 0));
            while (stack.Count > 0)
            {
                var (block, next) = stack.Pop();
                if (next < block.Successors.Count)
                {
                    // Last successor first, so the first one (the branch target, the first switch
                    // case) comes first in the reversed order and value ids follow the source.
                    stack.Push((block, next + 1));
                    var s = block.Successors[block.Successors.Count - 1 - next];
                    if (visited.Add(s)) stack.Push((s, 0));
                }
                else
                {
                    order.Add(block);
                }
            }
            order.Reverse();
            return order;
        }
    }
}
