using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// A join's reverse block must go back along the edge the forward sweep came in by. The
    /// forward sweep records that edge (the came-from phi, on the tape inside a loop) unless the
    /// branch that chose it can be asked again: a join of two edges whose immediate dominator ends
    /// in a two-way branch, each edge reached from one side of it only, whose condition the
    /// reverse block gets without the tape (CrossesUntaped: an induction value, a value from
    /// before the loop, memory nothing writes, exact arithmetic on those). Then the reverse block
    /// computes the condition again and branches on it, and nothing is recorded.
    /// </summary>
    /// <remarks>
    /// Why the condition is the right one: the reverse block of the join needs the decision taken
    /// by the last run of the dominator before the join. A predecessor p counts as reached from
    /// the true side when the true successor has the dominator as its only predecessor and
    /// dominates p (or p is the dominator and the true successor is the join). Had the last run
    /// of the dominator gone the other way, the path from the entry to the dominator's first run,
    /// followed by the path from its last run to p, would reach p without passing the true
    /// successor — which only the dominator leads to — contradicting that it dominates p. The
    /// dominator and the join are in the same loops, so the condition, computed again for the
    /// join's iteration, is the value that last run computed.
    /// </remarks>
    public sealed partial class ReverseEmitter
    {
        /// <summary>Joins whose reverse block branches on their dominator's condition again: the condition and which predecessor its true side reaches.</summary>
        private readonly Dictionary<Block, (Value Condition, int TruePredecessor)> _askedAgain = new Dictionary<Block, (Value, int)>();

        private void FindBranchesAskedAgain()
        {
            var dominators = new DominatorTree(Cloner.Primal);
            foreach (var join in Cloner.Order)
            {
                var preds = _predecessors[join];
                if (preds.Count != 2 || _loopOfHeader.ContainsKey(join) || !dominators.IsReachable(join)) continue;
                var decider = dominators.ImmediateDominator(join);
                if (decider.Terminator is not Branch branch || branch.IfTrue == branch.IfFalse) continue;
                if (_loopOfHeader.Values.Any(l => l.Body.Contains(decider) != l.Body.Contains(join))) continue;
                var sides = preds.Select(p => Side(dominators, decider, branch, join, p)).ToList();
                if (sides[0] == null || sides[1] == null || sides[0] == sides[1]) continue;
                if (!CrossesUntaped(join, branch.Condition)) continue;
                _askedAgain[join] = (branch.Condition, sides[0] == true ? 0 : 1);
            }
        }

        /// <summary>True or false: <paramref name="pred"/> is reached from that side of <paramref name="branch"/> only; null: from neither or both.</summary>
        private bool? Side(DominatorTree dominators, Block decider, Branch branch, Block join, Block pred)
        {
            bool From(Block successor) => successor == join
                ? pred == decider
                : _predecessors[successor].Count == 1 && dominators.Dominates(successor, pred);
            bool fromTrue = From(branch.IfTrue), fromFalse = From(branch.IfFalse);
            return fromTrue == fromFalse ? null : fromTrue;
        }

        /// <summary>The reverse block of a join whose branch is asked again: back along the edge the condition chooses.</summary>
        private bool EmitBranchAskedAgain(IrBuilder b, ReverseScope scope, Block join, List<Block> edges)
        {
            if (!_askedAgain.TryGetValue(join, out var asked)) return false;
            var condition = Available(scope, Cloner.Map(asked.Condition));
            b.Branch(condition, edges[asked.TruePredecessor], edges[1 - asked.TruePredecessor]);
            return true;
        }
    }
}
