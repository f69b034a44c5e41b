using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Room on the tape made before a loop reversed whole whose trip count its bounds give
    /// (SimpleLoop.HasTripCount) and that no other loop holds: where the forward sweep enters it,
    /// each tape its own blocks push to reserves trip count × the values those blocks push per
    /// iteration. The first call on a thread then grows each buffer once instead of doubling it
    /// with a copy at every step; later calls find the room the tape kept (Tape.Release remembers
    /// the longest buffer a thread needed). A loop inside another reserves nothing: its entry runs
    /// once per outer iteration, where a test would cost more than the growth it saves (softmax's
    /// class loops, inside the loop over 1,000 rows, would test 2,000 times a call). Blocks that run in only some
    /// iterations are counted in all: the reservation is an upper bound, never a promise the
    /// pushes rely on — each still tests for room.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        private void ReserveTapes()
        {
            foreach (var loop in _loopOfHeader.Values)
            {
                if (!_taped.Contains(loop.Header) || InsideAnotherLoop(loop) || !loop.HasTripCount(out _, out var start, out var limit)) continue;
                var perIteration = new Dictionary<Variable, (MultiValueTape Methods, int Count)>();
                foreach (var scope in _scopes)
                {
                    if (!loop.Body.Contains(scope.Primal) || InsideInnerLoop(loop, scope.Primal)) continue;
                    foreach (var v in scope.Needs)
                    {
                        var methods = _context.Methods.Tape(TapeElement(v.Type)).Multi;
                        if (methods == null) continue;
                        var tape = Tape(v.Type);
                        perIteration[tape] = (methods, perIteration.TryGetValue(tape, out var known) ? known.Count + 1 : 1);
                    }
                }
                if (perIteration.Count == 0) continue;
                var b = new IrBuilder(F, Cloner.Map(loop.Entry)) { Origin = loop.Header.Terminator?.Origin };
                var trips = TripCount(b, AtEntry(b, loop, start), AtEntry(b, loop, limit));
                foreach (var entry in perIteration)
                {
                    b.CallOnVariable(entry.Key, entry.Value.Methods.Reserve, IrType.Void, trips, b.ConstInt(entry.Value.Count));
                }
            }
        }

        private bool InsideAnotherLoop(SimpleLoop loop) =>
            _loopOfHeader.Values.Any(around => around != loop && around.Body.Contains(loop.Header)) || _repeating.Contains(loop.Entry);

        private bool InsideInnerLoop(SimpleLoop loop, Block block) =>
            _loopOfHeader.Values.Any(inner => inner != loop && inner.Body.Contains(block) && loop.Body.Contains(inner.Header));

        /// <summary>
        /// A bound of <paramref name="loop"/> (made before it, or computed in its header from such
        /// values by exact arithmetic: HasTripCount) as the forward sweep has it at the end of the
        /// loop's entry block: header arithmetic is computed again there.
        /// </summary>
        private Value AtEntry(IrBuilder b, SimpleLoop loop, Value bound)
        {
            if (bound is not Instruction i || i.Block != loop.Header) return Cloner.Map(bound);
            var copy = F.CopyOf(i, i.Operands.Select(o => AtEntry(b, loop, o)).ToArray());
            F.Append(b.Block, copy);
            return copy;
        }
    }
}
