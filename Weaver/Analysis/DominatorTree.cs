using System.Collections.Generic;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Immediate dominators of the reachable blocks (Cooper, Harvey and Kennedy's iterative
    /// algorithm over reverse post-order). Reads the function; changes nothing.
    /// </summary>
    public sealed class DominatorTree
    {
        private readonly Dictionary<Block, Block> _idom = new Dictionary<Block, Block>();
        private readonly Dictionary<Block, int> _order = new Dictionary<Block, int>();

        public DominatorTree(Function function)
        {
            var rpo = function.ReversePostOrder();
            for (int i = 0; i < rpo.Count; i++) _order[rpo[i]] = i;
            var preds = function.PredecessorMap();
            var entry = function.Entry;
            _idom[entry] = entry;
            bool changed = true;
            while (changed)
            {
                changed = false;
                for (int i = 1; i < rpo.Count; i++)
                {
                    var b = rpo[i];
                    Block? newIdom = null;
                    foreach (var p in preds[b])
                    {
                        if (!_idom.ContainsKey(p)) continue;
                        newIdom = newIdom == null ? p : Intersect(p, newIdom);
                    }
                    if (newIdom != null && (!_idom.TryGetValue(b, out var old) || old != newIdom))
                    {
                        _idom[b] = newIdom;
                        changed = true;
                    }
                }
            }
        }

        public bool IsReachable(Block b) => _idom.ContainsKey(b);

        /// <summary>The immediate dominator; the entry is its own.</summary>
        public Block ImmediateDominator(Block b) => _idom[b];

        /// <summary>True when every path from the entry to <paramref name="b"/> passes through <paramref name="a"/> (a block dominates itself).</summary>
        public bool Dominates(Block a, Block b)
        {
            if (!_idom.ContainsKey(a) || !_idom.ContainsKey(b)) return false;
            while (true)
            {
                if (a == b) return true;
                var up = _idom[b];
                if (up == b) return false;
                b = up;
            }
        }

        private Block Intersect(Block a, Block b)
        {
            while (a != b)
            {
                while (_order[a] > _order[b]) a = _idom[a];
                while (_order[b] > _order[a]) b = _idom[b];
            }
            return a;
        }
    }
}
