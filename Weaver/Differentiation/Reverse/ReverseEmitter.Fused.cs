using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Fused loops (FusedLoops proves which): each iteration is undone right after it runs
    /// forward, as a person writes the gradient of a sum. The forward copy of the latch, instead of
    /// going back to the header, gives each accumulator's update the adjoint it has in every
    /// iteration (computed where the loop is entered) and jumps into the reverse blocks of the
    /// iteration; the header's reverse block clears the accumulators' adjoints and goes on to the
    /// forward header. The iteration's values are still in the forward sweep's locals, so nothing
    /// is taped, and the reverse sweep later steps over the whole loop: only the accumulators'
    /// adjoints flow on, to the values they started from (ReverseEdge).
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        /// <summary>Fused loops by header, and by latch.</summary>
        private Dictionary<Block, AccumulatingLoop> _fused = new Dictionary<Block, AccumulatingLoop>();
        private readonly Dictionary<Block, AccumulatingLoop> _fusedByLatch = new Dictionary<Block, AccumulatingLoop>();

        /// <summary>Each fused accumulator's adjoint, the same in every iteration, set where the loop is entered.</summary>
        private readonly Dictionary<Phi, Variable> _fusedAdjoints = new Dictionary<Phi, Variable>();

        /// <summary>For each fused loop's header: the block that goes from the end of an undone iteration to the next forward one.</summary>
        private readonly Dictionary<Block, Block> _fusedNext = new Dictionary<Block, Block>();

        private bool IsFused(SimpleLoop loop) => _fused.ContainsKey(loop.Header);

        private void FindFusedLoops()
        {
            if (_context.FuseLoops) _fused = FusedLoops.Find(Cloner.Primal, _loopOfHeader.Values.ToList(), _activity, _unwritten, _frame.Seed != null);
            foreach (var fused in _fused.Values)
            {
                _fusedByLatch[fused.Loop.Latch] = fused;
                foreach (var accumulator in fused.Accumulators)
                {
                    _fusedAdjoints[accumulator.Phi] = F.AddVariable(accumulator.Phi.Type, "fused_adj" + accumulator.Phi.Id);
                }
                if (fused.SecondPass) PrepareSecondPass(fused);
                else _plan.NoteFused(fused.Loop.Header, fused.Accumulators.Select(a => $"%{a.Phi.Id} = {a.Adjoint}"));
            }
            // A value made in a fused loop (outside loops in it that are not fused) is still in its
            // forward local when its iteration is undone: only other cycles make values the
            // reverse sweep must keep.
            _taped = RepeatingBlocks.Find(Cloner.Primal, (from, to) => _fused.TryGetValue(to, out var f) && f.Loop.Latch == from);
        }

        /// <summary>The blocks whose values change before their reverse blocks run (they repeat, and are not undone in their own iteration).</summary>
        private HashSet<Block> _taped = new HashSet<Block>();

        /// <summary>At the end of the forward copy of a fused loop's entry: the adjoint each accumulator will have in every iteration.</summary>
        private void EmitFusedAdjoints(IrBuilder b, Block block)
        {
            foreach (var fused in _fused.Values)
            {
                if (fused.Loop.Entry != block) continue;
                if (fused.SecondPass)
                {
                    EmitFirstPassMark(b, fused);
                    continue;
                }
                var again = new Dictionary<Value, Value>();
                foreach (var accumulator in fused.Accumulators)
                {
                    b.Store(_fusedAdjoints[accumulator.Phi], Emit(b, fused, again, accumulator.Adjoint!, accumulator.Phi.Type));
                }
            }
        }

        private Value Emit(IrBuilder b, AccumulatingLoop fused, Dictionary<Value, Value> again, AdjointAtExit adjoint, IrType type) => adjoint switch
        {
            AdjointAtExit.Seed => b.ToFloat(_frame.Seed!, type),
            AdjointAtExit.Zero => b.Const(type, 0),
            AdjointAtExit.OfAccumulator of => b.ToFloat(b.Load(_fusedAdjoints[of.Accumulator]), type),
            AdjointAtExit.Negated n => b.Neg(Emit(b, fused, again, n.Of, type)),
            AdjointAtExit.Scaled s => s.Divide
                ? b.Div(Emit(b, fused, again, s.Of, type), b.ToFloat(AtEntry(b, fused, again, s.Factor), type))
                : b.Mul(Emit(b, fused, again, s.Of, type), b.ToFloat(AtEntry(b, fused, again, s.Factor), type)),
            AdjointAtExit.Sum sum => sum.Terms.Count == 0 ? b.Const(type, 0) : sum.Terms.Select(t => Emit(b, fused, again, t, type)).Aggregate((x, y) => b.Add(x, y)),
            _ => throw new System.InvalidOperationException(adjoint.GetType().Name),
        };

        /// <summary>
        /// A factor's value where the loop is entered: its forward local when it is made before the
        /// loop, else computed again from such values (OpFacts.RecomputesExactly: `(double)x.Length` made after the loop).
        /// </summary>
        private Value AtEntry(IrBuilder b, AccumulatingLoop fused, Dictionary<Value, Value> again, Value factor)
        {
            if (factor is not Instruction i || !fused.RecomputedAtEntry.Contains(i)) return Cloner.Map(factor);
            if (again.TryGetValue(i, out var made)) return made;
            var operands = i.Operands.Select(o => AtEntry(b, fused, again, o)).ToArray();
            return again[i] = F.Append(b.Block, F.CopyOf(i, operands));
        }

        /// <summary>The forward copy of a fused loop's latch ends by undoing its iteration: the accumulators' updates get their adjoint.</summary>
        private bool EmitFusedIterationStart(IrBuilder b, Block block)
        {
            if (!_fusedByLatch.TryGetValue(block, out var fused)) return false;
            if (fused.SecondPass) b = EmitSecondPassTest(b, fused);
            foreach (var accumulator in fused.Accumulators)
            {
                Accumulate(b, accumulator.Phi.ValueFrom(block), b.Load(_fusedAdjoints[accumulator.Phi]));
            }
            b.Jump(_reverse[block]);
            return true;
        }

        /// <summary>The reverse block of a fused loop's header ends an undone iteration: the accumulators' adjoints are cleared, and the next iteration runs forward.</summary>
        private bool EmitFusedIterationEnd(IrBuilder b, Block header)
        {
            if (!_fused.ContainsKey(header)) return false;
            foreach (var phi in header.Phis)
            {
                if (_adjoints.TryGetValue(phi, out var adjoint)) b.Store(adjoint, b.Const(phi.Type, 0));
            }
            var next = F.AddBlock("fused next b" + Cloner.Map(header).Id);
            b.Jump(next);
            new IrBuilder(F, next) { Origin = b.Origin }.Jump(Cloner.Map(header));
            _fusedNext[header] = next;
            return true;
        }

        /// <summary>The forward header of a fused loop is entered round the loop from the end of the undone iteration, not from the latch.</summary>
        private void RetargetFusedHeaders()
        {
            foreach (var fused in _fused.Values)
            {
                if (fused.SecondPass)
                {
                    RetargetSecondPassHeader(fused);
                    continue;
                }
                var latch = Cloner.Map(fused.Loop.Latch);
                var next = _fusedNext[fused.Loop.Header];
                foreach (var phi in Cloner.Map(fused.Loop.Header).Phis)
                {
                    for (int k = 0; k < phi.Incoming.Count; k++)
                    {
                        if (phi.Incoming[k].Predecessor == latch) phi.Incoming[k] = new PhiIncoming(next, phi.Incoming[k].Value);
                    }
                }
            }
        }

        /// <summary>
        /// The reverse of forward edge <paramref name="from"/> → <paramref name="to"/>, at the end of
        /// <paramref name="b"/>'s block: phi adjoints along the edge, loops entered, then on to
        /// <paramref name="from"/>'s reverse block — or, when the edge leaves a fused loop, whose
        /// iterations are all undone already, on past the loop from its entry.
        /// </summary>
        private void ReverseEdge(IrBuilder b, ReverseScope scope, Block to, Block from)
        {
            FlowPhis(b, to, from);
            EnterLoops(b, scope, from, to);
            if (_fused.TryGetValue(from, out var fused) && !fused.Loop.Body.Contains(to))
            {
                if (fused.SecondPass) StartSecondPass(b, fused);
                else ReverseEdge(b, scope, from, fused.Loop.Entry);
                return;
            }
            b.Jump(_reverse[from]);
        }
    }
}
