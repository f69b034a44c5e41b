using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// The blocks that can run more than once in one call: those on a cycle of the CFG (a
    /// strongly connected component with more than one block, or a block that jumps to itself).
    /// Reducible or not, every loop's blocks are found. A value defined in such a block has a new
    /// value each time round, so the reverse sweep must get it from the tape. Reads; changes nothing.
    /// </summary>
    public static class RepeatingBlocks
    {
        /// <param name="function">The CFG.</param>
        /// <param name="ignored">Edges (from, to) taken as absent: the back edges of loops whose iterations are undone one by one (fused).</param>
        public static HashSet<Block> Find(Function function, System.Func<Block, Block, bool>? ignored = null)
        {
            IEnumerable<Block> Successors(Block b) => ignored == null ? b.Successors.Distinct() : b.Successors.Distinct().Where(s => !ignored(b, s));

            var result = new HashSet<Block>();
            var index = new Dictionary<Block, int>();
            var low = new Dictionary<Block, int>();
            var onStack = new HashSet<Block>();
            var stack = new Stack<Block>();
            int next = 0;

            foreach (var root in function.ReversePostOrder())
            {
                if (!index.ContainsKey(root)) StrongConnect(root);
            }
            return result;

            // Tarjan's algorithm, iterative so that deep CFGs cannot overflow the stack.
            void StrongConnect(Block root)
            {
                var work = new Stack<(Block Block, IEnumerator<Block> Successors)>();
                Visit(root);
                work.Push((root, Successors(root).GetEnumerator()));
                while (work.Count > 0)
                {
                    var (block, successors) = work.Peek();
                    if (successors.MoveNext())
                    {
                        var s = successors.Current;
                        if (!index.ContainsKey(s))
                        {
                            Visit(s);
                            work.Push((s, Successors(s).GetEnumerator()));
                        }
                        else if (onStack.Contains(s))
                        {
                            low[block] = System.Math.Min(low[block], index[s]);
                        }
                        continue;
                    }
                    work.Pop();
                    if (work.Count > 0)
                    {
                        var parent = work.Peek().Block;
                        low[parent] = System.Math.Min(low[parent], low[block]);
                    }
                    if (low[block] != index[block]) continue;
                    var component = new List<Block>();
                    Block member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != block);
                    if (component.Count > 1 || Successors(block).Contains(block)) result.UnionWith(component);
                }
            }

            void Visit(Block b)
            {
                index[b] = low[b] = next++;
                stack.Push(b);
                onStack.Add(b);
            }
        }
    }
}
