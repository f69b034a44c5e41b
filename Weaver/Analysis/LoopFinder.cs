using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Finds the retreating edges of the CFG (an edge to a block that does not come later in
    /// reverse post-order): every loop, reducible or not, has one. Reads; changes nothing.
    /// </summary>
    public static class LoopFinder
    {
        public static List<(Block From, Block To)> BackEdges(Function function)
        {
            var order = function.ReversePostOrder();
            var index = new Dictionary<Block, int>();
            for (int i = 0; i < order.Count; i++) index[order[i]] = i;
            var edges = new List<(Block, Block)>();
            foreach (var b in order)
            {
                foreach (var s in b.Successors.Distinct())
                {
                    if (index[s] <= index[b]) edges.Add((b, s));
                }
            }
            return edges;
        }
    }
}
