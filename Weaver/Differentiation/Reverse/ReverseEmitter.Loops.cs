using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Simple loops are reversed by counting instead of recording: the forward sweep counts the
    /// header's runs in a phi (0 on entry, +1 round the latch); when the reverse sweep enters the
    /// loop (back through an exit) it takes that count, and each time its header block runs it
    /// goes back round the latch while the count is above zero, counting down. So the header keeps
    /// no came-from record per iteration, and an induction variable i = a + k·s is computed from
    /// the count k rather than kept on the tape. A loop nested in another keeps only its count per
    /// run, on the tape, at its exit.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        private readonly Dictionary<Block, SimpleLoop> _loopOfHeader = new Dictionary<Block, SimpleLoop>();
        private readonly Dictionary<SimpleLoop, (Phi Count, Value Next)> _counts = new Dictionary<SimpleLoop, (Phi, Value)>();
        private readonly Dictionary<SimpleLoop, Variable> _reverseCounts = new Dictionary<SimpleLoop, Variable>();
        private readonly Dictionary<Value, Phi> _primalPhiOf = new Dictionary<Value, Phi>();

        /// <summary>Values made outside a loop and read by its reverse blocks: the variable that holds each while the reverse sweep is in the loop.</summary>
        private readonly Dictionary<(SimpleLoop Loop, Value Forward), Variable> _invariants = new Dictionary<(SimpleLoop, Value), Variable>();

        /// <summary>Where the reverse sweep enters each loop (the end of the block that takes the reverse of an exit edge), and the scope it reads from there.</summary>
        private readonly List<(Block At, ReverseScope Scope, SimpleLoop Loop)> _loopEntries = new List<(Block, ReverseScope, SimpleLoop)>();

        private void FindLoops()
        {
            foreach (var loop in LoopAnalysis.Find(Cloner.Primal)) _loopOfHeader[loop.Header] = loop;
            _plan.NoteLoops(Cloner.Primal, _loopOfHeader.Values, _repeating);
        }

        /// <summary>Loops whose trip count the reverse sweep computes from their bounds (SimpleLoop.HasTripCount): the forward sweep does not count them.</summary>
        private readonly Dictionary<SimpleLoop, (Value Start, Value Limit)> _tripCounts = new Dictionary<SimpleLoop, (Value, Value)>();

        /// <summary>
        /// The reverse sweep's iteration count of each loop it reverses whole (not fused), and which
        /// of them need no count from the forward sweep: `for (int j = i + 1; j &lt; d; j++)` runs
        /// d − (i + 1) times, and where the sweep enters the loop both bounds are at hand without the
        /// tape, so the count is not kept (a loop inside another would otherwise keep it once per run).
        /// </summary>
        private void FindCounts()
        {
            foreach (var loop in _loopOfHeader.Values)
            {
                if (IsFused(loop)) continue;
                _reverseCounts[loop] = F.AddVariable(IrType.Int32, "iteration_b" + loop.Header.Id);
                if (!loop.HasTripCount(out _, out var start, out var limit)) continue;
                var exit = loop.SoleExit!;
                if (CrossesUntaped(exit, start) && CrossesUntaped(exit, limit))
                {
                    _tripCounts[loop] = (start, limit);
                    _plan.NoteTripCount(loop.Header, $"{limit.Name} − {start.Name}");
                }
            }
        }

        /// <summary>
        /// True when the reverse block of <paramref name="at"/> gets primal value <paramref name="v"/>
        /// without the tape (as Available would: a local, an induction value, a load of memory nothing writes, or exact arithmetic on such values).
        /// </summary>
        private bool CrossesUntaped(Block at, Value v)
        {
            if (v is Constant || v is Parameter || !_taped.Contains(at)) return true;
            var block = v is Instruction i ? i.Block : v is Phi p ? p.Block : null;
            if (block == null || !_taped.Contains(block)) return true;
            if (v is Phi phi)
            {
                return _loopOfHeader.TryGetValue(phi.Block, out var loop) && !IsFused(loop) && loop.Body.Contains(at) &&
                       loop.IsInductionVariable(phi, out var start, out var step) && CrossesUntaped(at, start) && CrossesUntaped(at, step);
            }
            var made = (Instruction)v;
            var again = OpFacts.RecomputesExactly(made) || made.Op is Op.LoadElement or Op.LoadIndirect or Op.LoadField && _unwritten.IsUnwritten(made);
            return again && made.Operands.All(o => CrossesUntaped(at, o));
        }

        /// <summary>In the forward copy of a simple loop's header: the count of runs so far.</summary>
        private void EmitForwardCount(IrBuilder b, Block block)
        {
            if (!_loopOfHeader.TryGetValue(block, out var loop) || IsFused(loop) || _tripCounts.ContainsKey(loop)) return;
            var count = F.AddPhi(b.Block, IrType.Int32);
            var next = b.Add(count, b.ConstInt(1));
            DefinedIn(count, block);
            DefinedIn(next, block);
            _counts[loop] = (count, next);
        }

        private void FillCounts()
        {
            foreach (var entry in _counts)
            {
                var loop = entry.Key;
                var (count, next) = entry.Value;
                count.Incoming.Add(new PhiIncoming(Cloner.Map(loop.Entry), F.ConstInt(IrType.Int32, 0)));
                count.Incoming.Add(new PhiIncoming(Cloner.Map(loop.Latch), next));
            }
        }

        /// <summary>
        /// The end of a simple loop header's reverse block: back round the latch (counting down)
        /// while the count is above zero, else out to the block the loop was entered from.
        /// </summary>
        private void EmitHeaderDispatch(IrBuilder b, ReverseScope scope, Block header, SimpleLoop loop)
        {
            var counter = _reverseCounts[loop];
            var toEntry = F.AddBlock("rev loop exit b" + Cloner.Map(header).Id);
            var toLatch = F.AddBlock("rev loop back b" + Cloner.Map(header).Id);
            b.Branch(b.Compare(CompareKind.Eq, b.Load(counter), b.ConstInt(0)), toEntry, toLatch);

            _loopLeaves[loop] = (toEntry, scope);
            ReverseEdge(new IrBuilder(F, toEntry) { Origin = b.Origin }, scope, header, loop.Entry);

            var lb = new IrBuilder(F, toLatch) { Origin = b.Origin };
            lb.Store(counter, lb.Sub(lb.Load(counter), lb.ConstInt(1)));
            ReverseEdge(lb, scope, header, loop.Latch);
        }

        /// <summary>
        /// On the reverse of forward edge <paramref name="from"/> → <paramref name="to"/>: the sweep
        /// enters every simple loop that holds <paramref name="from"/> but not <paramref name="to"/>
        /// through one of its exits, at the iteration the forward sweep left it in.
        /// </summary>
        private void EnterLoops(IrBuilder b, ReverseScope scope, Block from, Block to)
        {
            foreach (var loop in _reverseCounts.Keys)
            {
                if (!loop.Body.Contains(from) || loop.Body.Contains(to)) continue;
                b.Store(_reverseCounts[loop], _tripCounts.TryGetValue(loop, out var bounds)
                    ? TripCount(b, Available(scope, Cloner.Map(bounds.Start)), Available(scope, Cloner.Map(bounds.Limit)))
                    : Available(scope, _counts[loop].Count));
                _loopEntries.Add((b.Block, scope, loop));
            }
        }

        /// <summary>limit − start when positive, else 0: the runs of `for (i = start; i &lt; limit; i++)`.</summary>
        private static Value TripCount(IrBuilder b, Value start, Value limit) =>
            b.Select(b.Compare(CompareKind.Gt, limit, start), b.Sub(limit, start), b.ConstInt(0));

        /// <summary>
        /// A value made before the current run of a loop and read by the loop's reverse blocks is the
        /// same in every iteration: rather than keep it once per iteration, the reverse sweep reads
        /// it once, where it enters the loop (the reverse of an exit edge, from the scope outside
        /// the loop: a local, an induction value, a copy, or one tape entry per run of the loop), into
        /// a variable its reverse blocks read. Null when no loop holds the scope's block but not the
        /// value's definition. The outermost such loop is taken: the value is the same through all of it.
        /// </summary>
        private Value? LoopInvariant(ReverseScope scope, Value forward, Block definedIn)
        {
            if (forward.Type.Kind is IrTypeKind.ByRef or IrTypeKind.Struct) return null;
            SimpleLoop? outermost = null;
            foreach (var loop in _loopOfHeader.Values)
            {
                if (IsFused(loop)) continue; // never entered by the reverse sweep: its values are in their locals
                if (!loop.Body.Contains(scope.Primal) || loop.Body.Contains(definedIn) && !IsInvariantLoad(forward, loop)) continue;
                if (outermost == null || loop.Body.Count > outermost.Body.Count) outermost = loop;
            }
            if (outermost == null) return null;
            if (!_invariants.TryGetValue((outermost, forward), out var variable))
            {
                variable = F.AddVariable(forward.Type, "invariant_b" + outermost.Header.Id + "_" + forward.Id);
                _invariants[(outermost, forward)] = variable;
            }
            return new IrBuilder(F, scope.Reverse).Load(variable);
        }

        /// <summary>
        /// A load inside <paramref name="loop"/> from an address made before it, of memory nothing in
        /// the loop writes (as `xcentered[i]` read in a loop over j): the same value in every
        /// iteration of one run of the loop. Where the reverse sweep enters the loop, the forward
        /// local still holds it (from the run's last iteration).
        /// </summary>
        private bool IsInvariantLoad(Value forward, SimpleLoop loop) =>
            _isClonedPrimal.TryGetValue(forward, out var primal) && IsInvariantPrimalLoad(primal, loop);

        /// <summary>For each loop, the loads in it whose adjoints are summed in a variable while the reverse sweep is in the loop.</summary>
        private readonly Dictionary<SimpleLoop, List<(Instruction Load, Variable Sum)>> _loadSums = new Dictionary<SimpleLoop, List<(Instruction, Variable)>>();

        /// <summary>Where the reverse sweep leaves each loop (back through its entry edge), and the header's scope.</summary>
        private readonly Dictionary<SimpleLoop, (Block Leave, ReverseScope Scope)> _loopLeaves = new Dictionary<SimpleLoop, (Block, ReverseScope)>();

        /// <summary>
        /// A load of one slot in every iteration of a loop (an address made before the loop, memory
        /// the loop does not write: `a[i]` in a loop over j) would add its adjoint into the shadow
        /// slot in every iteration; a person sums it in a local and adds it once. So does this:
        /// the adjoint goes into a variable of the outermost such loop, added into the shadow where
        /// the reverse sweep leaves the loop (FlushLoadSums). False when the load is not of that kind.
        /// </summary>
        private bool SumLoadAdjoint(IrBuilder b, Instruction load, Value adjoint)
        {
            SimpleLoop? outermost = null;
            foreach (var loop in _loopOfHeader.Values)
            {
                if (!loop.Body.Contains(load.Block) || !IsInvariantPrimalLoad(load, loop)) continue;
                if (outermost == null || loop.Body.Count > outermost.Body.Count) outermost = loop;
            }
            if (outermost == null) return false;
            if (!_loadSums.TryGetValue(outermost, out var sums)) _loadSums[outermost] = sums = new List<(Instruction, Variable)>();
            var sum = sums.FirstOrDefault(e => e.Load == load).Sum;
            if (sum == null)
            {
                sum = F.AddVariable(load.Type, "sum_adj" + load.Id);
                sums.Add((load, sum));
                _plan.NoteSum(outermost.Header, $"%{load.Id} ({load.Op})");
            }
            b.Store(sum, b.Add(b.Load(sum), b.ToFloat(adjoint, load.Type)));
            return true;
        }

        /// <summary>
        /// Where the reverse sweep leaves a loop: each summed load adjoint that is not zero is added
        /// into its shadow slot (each sum starts at 0 where the sweep enters the loop). A sum of zero is
        /// skipped: then the load may never have run (a loop of no iterations), and its slot may not exist.
        /// A fused loop is left by the forward sweep instead: its sums start at 0 where it is entered
        /// and are added on the edge out of its header.
        /// </summary>
        private void FlushLoadSums()
        {
            foreach (var entry in _loadSums)
            {
                if (_fused.TryGetValue(entry.Key.Header, out var fused))
                {
                    if (!fused.SecondPass) FlushFusedLoadSums(fused, entry.Value); // else FinishSecondPasses

                    continue;
                }
                var (leave, scope) = _loopLeaves[entry.Key];
                var rest = F.AddBlock("rev loop exit b" + Cloner.Map(entry.Key.Header).Id + " after sums");
                rest.Instructions.AddRange(leave.Instructions);
                foreach (var moved in rest.Instructions) moved.Block = rest;
                leave.Instructions.Clear();
                rest.Terminator = leave.Terminator;
                leave.Terminator = null;
                AddSums(leave, rest, scope, entry.Key, entry.Value);
                // Each sum starts at 0 where the reverse sweep enters the loop, rather than being
                // cleared after the flush: then it is not live round the loops outside, and the JIT
                // keeps it in a register (live across the outer loop's tape calls, it was spilled
                // and reloaded on every inner iteration).
                foreach (var (enter, _, loop) in _loopEntries)
                {
                    if (loop != entry.Key) continue;
                    var eb = new IrBuilder(F, enter);
                    foreach (var (load, sum) in entry.Value) eb.Store(sum, eb.Const(load.Type, 0));
                }
            }
        }

        /// <summary>From <paramref name="at"/> to <paramref name="rest"/>: each sum that is not zero added into its load's shadow slot.</summary>
        private void AddSums(Block at, Block rest, ReverseScope? scope, SimpleLoop loop, List<(Instruction Load, Variable Sum)> sums)
        {
            for (int k = 0; k < sums.Count; k++)
            {
                var (load, sum) = sums[k];
                var b = new IrBuilder(F, at) { Origin = load.Origin };
                var value = b.Load(sum);
                var add = F.AddBlock("rev add sum" + load.Id);
                var next = k == sums.Count - 1 ? rest : F.AddBlock("rev sums b" + Cloner.Map(loop.Header).Id);
                b.Branch(b.Compare(CompareKind.NeUn, value, b.Const(load.Type, 0)), add, next);
                var ab = new IrBuilder(F, add) { Origin = load.Origin };
                var type = ActivityAnalysis.SlotType(load);
                var slot = ShadowAddress(ab, scope, load);
                ab.StoreIndirect(type, slot, ab.Add(ab.LoadIndirect(type, slot), value));
                ab.Jump(next);
                at = next;
            }
        }

        /// <summary>A fused loop's sums: zeroed at the end of the forward copy of its entry, added on the forward edge out of its header.</summary>
        private void FlushFusedLoadSums(AccumulatingLoop fused, List<(Instruction Load, Variable Sum)> sums)
        {
            var entry = new IrBuilder(F, Cloner.Map(fused.Loop.Entry));
            foreach (var (load, sum) in sums) entry.Store(sum, entry.Const(load.Type, 0));
            var header = Cloner.Map(fused.Loop.Header);
            var exit = Cloner.Map(fused.Exit);
            var first = F.AddBlock("fused exit b" + header.Id);
            var rest = F.AddBlock("fused exit b" + header.Id + " after sums");
            header.Terminator!.RetargetEdges(exit, first);
            AddSums(first, rest, null, fused.Loop, sums);
            new IrBuilder(F, rest).Jump(exit);
            foreach (var phi in exit.Phis)
            {
                for (int k = 0; k < phi.Incoming.Count; k++)
                {
                    if (phi.Incoming[k].Predecessor == header) phi.Incoming[k] = new PhiIncoming(rest, phi.Incoming[k].Value);
                }
            }
        }

        /// <summary>As IsInvariantLoad, for the primal instruction.</summary>
        private bool IsInvariantPrimalLoad(Instruction load, SimpleLoop loop)
        {
            foreach (var operand in load.Operands)
            {
                var block = operand is Instruction i ? i.Block : operand is Phi p ? p.Block : null;
                if (block != null && loop.Body.Contains(block)) return false;
            }
            return _unwritten.IsUnwrittenIn(load, loop.Body);
        }

        /// <summary>Sets each loop's invariant variables wherever the reverse sweep enters the loop (after every reverse block is built, so every read is known).</summary>
        /// <remarks>Reading a value at an inner loop's entry may make it an invariant of the loop around that: repeated until nothing new.</remarks>
        private void FillLoopInvariants()
        {
            var done = new HashSet<(Block, SimpleLoop, Value)>();
            bool more = true;
            while (more)
            {
                more = false;
                foreach (var (at, scope, loop) in _loopEntries)
                {
                    foreach (var entry in _invariants.Where(e => e.Key.Loop == loop).ToList())
                    {
                        if (!done.Add((at, loop, entry.Key.Forward))) continue;
                        new IrBuilder(F, at).Store(entry.Value, Available(scope, entry.Key.Forward));
                        more = true;
                    }
                }
            }
        }

        /// <summary>An induction variable of a simple loop the scope's block is in, computed from the iteration count; null otherwise.</summary>
        private Value? InductionValue(ReverseScope scope, Value forward)
        {
            if (!_primalPhiOf.TryGetValue(forward, out var phi) || !_loopOfHeader.TryGetValue(phi.Block, out var loop)) return null;
            if (!loop.Body.Contains(scope.Primal) || !loop.IsInductionVariable(phi, out var start, out var step)) return null;
            var b = new IrBuilder(F, scope.Reverse);
            Value k = b.Load(_reverseCounts[loop]);
            if (phi.Type.Kind == IrTypeKind.Int64) k = b.Convert(ConversionKind.I8, k);
            else if (phi.Type.Kind == IrTypeKind.NativeInt) k = b.Convert(ConversionKind.I, k);
            return b.Add(Available(scope, Cloner.Map(start)), b.Mul(k, Available(scope, Cloner.Map(step))));
        }
    }
}
