using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Two-pass loops (SecondPasses proves which): the forward sweep runs the loop as the primal
    /// does, keeping nothing; when the reverse sweep reaches the loop's exit, the accumulators'
    /// adjoint is known, and the same forward copy of the loop runs again from its entry values,
    /// each iteration undone right after it as in a fused loop (ReverseEmitter.Fused.cs), reading
    /// its values from the forward locals it has just set. A flag, cleared where the forward sweep
    /// enters the loop and set where the reverse sweep does, tells the two runs apart at the latch
    /// (go round, or undo the iteration) and at the exit (go on forward, or on backwards past the loop).
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        private readonly Dictionary<AccumulatingLoop, Variable> _secondPassFlags = new Dictionary<AccumulatingLoop, Variable>();

        /// <summary>The block by which the first run goes from the latch back to the header.</summary>
        private readonly Dictionary<AccumulatingLoop, Block> _firstPassRounds = new Dictionary<AccumulatingLoop, Block>();

        /// <summary>The blocks by which the reverse sweep starts the second run, and the block the second run leaves the loop to.</summary>
        private readonly Dictionary<AccumulatingLoop, List<Block>> _secondPassStarts = new Dictionary<AccumulatingLoop, List<Block>>();
        private readonly Dictionary<AccumulatingLoop, Block> _secondPassEnds = new Dictionary<AccumulatingLoop, Block>();

        private void PrepareSecondPass(AccumulatingLoop loop)
        {
            _secondPassFlags[loop] = F.AddVariable(IrType.Int32, "second_pass_b" + loop.Loop.Header.Id);
            _secondPassStarts[loop] = new List<Block>();
            _plan.NoteSecondPass(loop.Loop.Header, loop.Accumulators.Select(a => $"%{a.Phi.Id}"));
            // The second run reads memory again while the reverse sweep writes shadows: the
            // parameters it reads are checked on entry not to be shadows, as for any memory read again.
            foreach (var load in loop.Loop.Body.SelectMany(b => b.Instructions).Where(i => i.Op is Op.LoadElement or Op.LoadIndirect or Op.LoadField))
            {
                _rereadRoots.UnionWith(_unwritten.RereadRoots(load));
            }
        }

        /// <summary>At the end of the forward copy of the loop's entry: this is the first run.</summary>
        private void EmitFirstPassMark(IrBuilder b, AccumulatingLoop loop) => b.Store(_secondPassFlags[loop], b.ConstInt(0));

        /// <summary>At the end of the forward copy of the latch: the first run goes round; the second undoes the iteration (in the block returned).</summary>
        private IrBuilder EmitSecondPassTest(IrBuilder b, AccumulatingLoop loop)
        {
            var header = Cloner.Map(loop.Loop.Header);
            var round = F.AddBlock("first pass round b" + header.Id);
            var undo = F.AddBlock("second pass undo b" + header.Id);
            b.Branch(b.Compare(CompareKind.Eq, b.Load(_secondPassFlags[loop]), b.ConstInt(0)), round, undo);
            new IrBuilder(F, round) { Origin = b.Origin }.Jump(header);
            _firstPassRounds[loop] = round;
            return new IrBuilder(F, undo) { Origin = b.Origin };
        }

        /// <summary>
        /// The header's phis come round from the first run's latch and from the end of each undone
        /// iteration, with the same values; its exit goes on forward after the first run and to the
        /// end of the second run after it.
        /// </summary>
        private void RetargetSecondPassHeader(AccumulatingLoop loop)
        {
            var header = Cloner.Map(loop.Loop.Header);
            var latch = Cloner.Map(loop.Loop.Latch);
            var round = _firstPassRounds[loop];
            var next = _fusedNext[loop.Loop.Header];
            foreach (var phi in header.Phis)
            {
                int k = phi.Incoming.FindIndex(e => e.Predecessor == latch);
                if (k < 0) continue;
                var value = phi.Incoming[k].Value;
                phi.Incoming[k] = new PhiIncoming(round, value);
                phi.Incoming.Add(new PhiIncoming(next, value));
            }

            var exit = Cloner.Map(loop.Exit);
            var test = F.AddBlock("which pass leaves b" + header.Id);
            var forward = F.AddBlock("first pass leaves b" + header.Id);
            var end = F.AddBlock("second pass leaves b" + header.Id);
            header.Terminator!.RetargetEdges(exit, test);
            var tb = new IrBuilder(F, test);
            tb.Branch(tb.Compare(CompareKind.Eq, tb.Load(_secondPassFlags[loop]), tb.ConstInt(0)), forward, end);
            new IrBuilder(F, forward).Jump(exit);
            foreach (var phi in exit.Phis)
            {
                for (int k = 0; k < phi.Incoming.Count; k++)
                {
                    if (phi.Incoming[k].Predecessor == header) phi.Incoming[k] = new PhiIncoming(forward, phi.Incoming[k].Value);
                }
            }
            _secondPassEnds[loop] = end;
        }

        /// <summary>
        /// Where the reverse sweep reaches the loop's exit: the accumulators' adjoints are taken as
        /// the adjoint of every iteration, and the loop runs again from the values it was entered with.
        /// </summary>
        private void StartSecondPass(IrBuilder b, AccumulatingLoop loop)
        {
            foreach (var accumulator in loop.Accumulators)
            {
                b.Store(_fusedAdjoints[accumulator.Phi], b.Load(_adjoints[accumulator.Phi]));
            }
            b.Store(_secondPassFlags[loop], b.ConstInt(1));
            var header = Cloner.Map(loop.Loop.Header);
            var start = F.AddBlock("second pass start b" + header.Id);
            b.Jump(start);
            new IrBuilder(F, start) { Origin = b.Origin }.Jump(header);
            var entry = Cloner.Map(loop.Loop.Entry);
            foreach (var phi in header.Phis)
            {
                var first = phi.Incoming.Where(e => e.Predecessor == entry).ToList();
                if (first.Count != 1) throw new System.InvalidOperationException($"two-pass loop b{header.Id}: phi %{phi.Id} has {first.Count} inputs from the entry");
                phi.Incoming.Add(new PhiIncoming(start, first[0].Value));
            }
            _secondPassStarts[loop].Add(start);
        }

        /// <summary>
        /// Where the second run leaves the loop: each accumulator's adjoint (cleared by every undone
        /// iteration) is the adjoint it had after the loop, and flows to the value it started from;
        /// adjoints summed in the loop are added into their shadows (they start at 0 where the
        /// second run starts); the reverse sweep goes on before the loop.
        /// </summary>
        private void FinishSecondPasses()
        {
            foreach (var loop in _secondPassEnds.Keys.ToList())
            {
                var end = _secondPassEnds[loop];
                var b = new IrBuilder(F, end);
                foreach (var accumulator in loop.Accumulators)
                {
                    b.Store(_adjoints[accumulator.Phi], b.Load(_fusedAdjoints[accumulator.Phi]));
                }
                var rest = end;
                if (_loadSums.TryGetValue(loop.Loop, out var sums))
                {
                    rest = F.AddBlock("second pass leaves b" + Cloner.Map(loop.Loop.Header).Id + " after sums");
                    AddSums(end, rest, null, loop.Loop, sums);
                }
                ReverseEdge(new IrBuilder(F, rest), new ReverseScope(loop.Loop.Header, rest), loop.Loop.Header, loop.Loop.Entry);
            }
            foreach (var entry in _loadSums)
            {
                if (!_fused.TryGetValue(entry.Key.Header, out var loop) || !loop.SecondPass) continue;
                foreach (var start in _secondPassStarts[loop])
                {
                    var sb = new IrBuilder(F, start);
                    foreach (var (load, sum) in entry.Value) sb.Store(sum, sb.Const(load.Type, 0));
                }
            }
        }
    }
}
