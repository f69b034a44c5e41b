using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Which simple loops the reverse sweep can undo one iteration at a time, right after the
    /// iteration runs forward, with no tape and no second loop (the fused strategy of the reverse
    /// plan). That is exact when the adjoints flowing round the loop are the same in every iteration
    /// and already known when the loop starts, and when undoing an iteration early changes nothing
    /// that later code reads. Each condition is proved from the IR, never assumed:
    /// <list type="number">
    /// <item>every loop around the loop is fused too, and no other cycle holds it;</item>
    /// <item>the loop is left only from its header, and the header computes nothing with a derivative;</item>
    /// <item>every active header phi is an accumulator: the value it carries is used inside the loop
    /// only by adds and subtractions that update it (coefficient 1, through phis of branches) and by
    /// comparisons, so its adjoint is the same in every iteration;</item>
    /// <item>that adjoint, the one the accumulator has when the loop ends, is known before it starts:
    /// the final value reaches the result, or the accumulator of a fused loop around, through adds,
    /// subtractions, negations and products or quotients by values made before the loop, each on a
    /// path every run after the loop takes;</item>
    /// <item>the loop writes only scratch arrays it fills afresh in every iteration before reading
    /// them (IterationScratch), and no write anywhere may reach other memory the loop reads with a
    /// derivative (undoing those reads early would otherwise meet the undo of a later write, which
    /// takes the slot's adjoint); no call in it takes memory, and no struct value in it carries a
    /// derivative.</item>
    /// </list>
    /// Where conditions 1 to 3 hold but not 4 (the adjoint is known only after the loop, as the sum
    /// under a `Math.Log`) or not 5 (the loop reads memory the function writes, as a row it has
    /// just filled), the loop may be two-pass instead (SecondPasses, AccumulatingLoop.SecondPass); a loop
    /// inside a two-pass loop must be two-pass too.
    /// Reads the primal; changes nothing.
    /// </summary>
    public static class FusedLoops
    {
        public static Dictionary<Block, AccumulatingLoop> Find(Function primal, IReadOnlyCollection<SimpleLoop> loops, ActivityInfo activity,
            UnwrittenMemory memory, bool hasSeed)
        {
            var result = new Dictionary<Block, AccumulatingLoop>();
            if (loops.Count == 0) return result;
            var context = new Context(primal, loops, activity, memory, hasSeed);
            // Outer loops first: an inner loop may be fused only inside fused loops.
            foreach (var loop in loops.OrderByDescending(l => l.Body.Count))
            {
                var fused = context.TryFuse(loop, result);
                if (fused != null) result[loop.Header] = fused;
            }
            DropUnfinishedSecondPasses(loops, result);
            return result;
        }

        /// <summary>
        /// A two-pass loop's first run must undo nothing: every loop inside it must be two-pass too
        /// (a fused inner loop would undo its iterations in the first run, with adjoints not known
        /// yet; a loop reversed whole would push a tape the first run never pops). Where one is not,
        /// the loop is reversed as before, and so is every loop inside it that was fused or two-pass
        /// only because it was (repeated until nothing changes).
        /// </summary>
        private static void DropUnfinishedSecondPasses(IReadOnlyCollection<SimpleLoop> loops, Dictionary<Block, AccumulatingLoop> result)
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var loop in loops)
                {
                    if (!result.TryGetValue(loop.Header, out var decided)) continue;
                    var inside = loops.Where(l => l != loop && loop.Body.IsSupersetOf(l.Body));
                    var around = loops.Where(l => l != loop && l.Body.IsSupersetOf(loop.Body));
                    bool broken = decided.SecondPass && inside.Any(l => !result.TryGetValue(l.Header, out var i) || !i.SecondPass);
                    broken |= around.Any(l => !result.ContainsKey(l.Header));
                    if (!broken) continue;
                    result.Remove(loop.Header);
                    changed = true;
                }
            }
        }

        private sealed class Context
        {
            private readonly Function _primal;
            private readonly IReadOnlyCollection<SimpleLoop> _loops;
            private readonly ActivityInfo _activity;
            private readonly UnwrittenMemory _memory;
            private readonly bool _hasSeed;
            private readonly DominatorTree _dominators;
            private readonly Dictionary<Value, List<(object User, int Slot, Block At)>> _uses = new Dictionary<Value, List<(object, int, Block)>>();
            private readonly HashSet<Block> _inOtherCycles;
            private readonly IterationScratch _scratch;
            private readonly SecondPasses _secondPasses;

            public Context(Function primal, IReadOnlyCollection<SimpleLoop> loops, ActivityInfo activity, UnwrittenMemory memory, bool hasSeed)
            {
                _primal = primal;
                _loops = loops;
                _activity = activity;
                _memory = memory;
                _hasSeed = hasSeed;
                _dominators = new DominatorTree(primal);
                _scratch = new IterationScratch(primal, loops);
                _secondPasses = new SecondPasses(loops, activity, memory);
                var backEdges = new HashSet<(Block, Block)>(loops.Select(l => (l.Latch, l.Header)));
                _inOtherCycles = RepeatingBlocks.Find(primal, (from, to) => backEdges.Contains((from, to)));
                foreach (var block in primal.Blocks)
                {
                    foreach (var phi in block.Phis)
                    {
                        // A phi's input is used at the end of the block it comes from.
                        for (int k = 0; k < phi.Incoming.Count; k++) Use(phi.Incoming[k].Value, phi, k, phi.Incoming[k].Predecessor);
                    }
                    foreach (var i in block.Instructions)
                    {
                        for (int k = 0; k < i.Operands.Length; k++) Use(i.Operands[k], i, k, block);
                    }
                    if (block.Terminator != null)
                    {
                        foreach (var v in block.Terminator.Operands) Use(v, block.Terminator, 0, block);
                    }
                }
            }

            private void Use(Value v, object user, int slot, Block at)
            {
                if (!_uses.TryGetValue(v, out var list)) _uses[v] = list = new List<(object, int, Block)>();
                list.Add((user, slot, at));
            }

            private List<(object User, int Slot, Block At)> UsesOf(Value v) => _uses.TryGetValue(v, out var list) ? list : new List<(object, int, Block)>();

            public AccumulatingLoop? TryFuse(SimpleLoop loop, Dictionary<Block, AccumulatingLoop> fused)
            {
                // 1. Only inside fused loops, and on no cycle but simple loops.
                bool insideSecondPass = false;
                foreach (var outer in _loops)
                {
                    if (outer == loop || !outer.Body.IsSupersetOf(loop.Body)) continue;
                    if (!fused.TryGetValue(outer.Header, out var around)) return null;
                    insideSecondPass |= around.SecondPass;
                }
                if (_inOtherCycles.Contains(loop.Header)) return null;

                // 2. Left only from the header; the header computes nothing with a derivative.
                var exit = loop.SoleExit;
                if (exit == null || loop.Header.Instructions.Any(_activity.IsActive)) return null;
                if (loop.Latch.Terminator is not Jump) return null; // the latch goes only round the loop

                // 5. Memory and calls: writes only into scratch the loop fills before it reads it, in every iteration.
                bool memoryFuses = FusedMemory(loop);
                foreach (var i in loop.Body.SelectMany(b => b.Instructions))
                {
                    if (!_activity.IsActive(i)) continue;
                    if (i.Type.Kind == IrTypeKind.Struct || i.Operands.Any(o => o.Type.Kind == IrTypeKind.Struct)) return null;
                    if (!ActivityAnalysis.IsLoad(i.Op) && (i.Operands.Any(o => o.Type.Kind is IrTypeKind.Object or IrTypeKind.ByRef or IrTypeKind.Pointer) || i.Op == Op.CallOnVariable))
                    {
                        return null;
                    }
                }

                // 3 and 4. Accumulators, and their adjoints when the loop ends.
                _recomputed = new HashSet<Instruction>();
                var accumulators = new List<Accumulator>();
                bool adjointsKnown = true;
                foreach (var phi in loop.Header.Phis)
                {
                    if (!_activity.IsActive(phi)) continue;
                    if (!phi.Type.IsFloat || Carriers(loop, phi) == null) return null;
                    var adjoint = AdjointOf(phi, loop, exit, fused, new HashSet<Value>());
                    adjointsKnown &= adjoint != null;
                    accumulators.Add(new Accumulator(phi, adjoint));
                }
                if (adjointsKnown && memoryFuses && !insideSecondPass) return new AccumulatingLoop(loop, exit, accumulators, _recomputed, secondPass: false);

                // Else two passes (SecondPasses): legal, cheap to run again, and worth it where the
                // loop would otherwise be reversed with a tape (inside a two-pass loop it must be one too).
                if (!_secondPasses.Legal(loop, exit) || !_secondPasses.Cheap(loop) || !(insideSecondPass || _secondPasses.TapedWhenReversed(loop))) return null;
                return new AccumulatingLoop(loop, exit, accumulators.Select(a => new Accumulator(a.Phi, null)).ToList(), new HashSet<Instruction>(), secondPass: true);
            }

            /// <summary>Condition 5 (with the active loads' part): the loop writes only scratch it fills before reading it, and reads with a derivative only unwritten memory or that scratch.</summary>
            private bool FusedMemory(SimpleLoop loop)
            {
                var scratch = new HashSet<Value>();
                foreach (var (write, roots) in _memory.WritesIn(loop.Body))
                {
                    if (roots == null || roots.Count != 1 || !(scratch.Contains(roots.First()) || _scratch.IsScratchOf(roots.First(), loop))) return false;
                    scratch.Add(roots.First());
                }
                foreach (var i in loop.Body.SelectMany(b => b.Instructions))
                {
                    if (!_activity.IsActive(i) || !ActivityAnalysis.IsLoad(i.Op)) continue;
                    var read = _memory.RootsRead(i);
                    if (!_memory.IsUnwritten(i) && (read == null || !read.All(scratch.Contains))) return false;
                }
                return true;
            }

            /// <summary>
            /// The values that carry <paramref name="phi"/> round one iteration: each used only by
            /// adds and subtractions that update it (with coefficient 1), by phis of branches whose
            /// every input carries it, by the header phi through the latch, and by comparisons; and
            /// none used outside the loop but the header phi itself. Null when <paramref name="phi"/> is not an accumulator.
            /// </summary>
            private HashSet<Value>? Carriers(SimpleLoop loop, Phi phi)
            {
                var chain = new HashSet<Value> { phi };
                var work = new Stack<Value>();
                work.Push(phi);
                while (work.Count > 0)
                {
                    var v = work.Pop();
                    foreach (var (user, slot, block) in UsesOf(v))
                    {
                        if (!loop.Body.Contains(block))
                        {
                            if (v == phi) continue; // the final value, after the loop (AdjointOf)
                            return null;
                        }
                        switch (user)
                        {
                            case Phi p when p == phi:
                                if (p.Incoming[slot].Predecessor != loop.Latch) return null;
                                break;
                            case Phi p when p.Block == loop.Header:
                                return null; // flows into another carried value
                            case Phi p:
                                if (chain.Add(p)) work.Push(p);
                                break;
                            case Instruction i when !_activity.IsActive(i):
                                if (ActivityAnalysis.IsStore(i.Op)) return null;
                                break;
                            case Instruction i when i.Op == Op.Add || (i.Op == Op.Sub && slot == 0):
                                if (chain.Add(i)) work.Push(i);
                                break;
                            default:
                                return null;
                        }
                    }
                }
                // Each update adds to the carried value once; each branch phi merges carried values only.
                foreach (var v in chain)
                {
                    if (v is Instruction i && i.Operands.Count(chain.Contains) != 1) return null;
                    if (v is Phi p && p != phi && p.Incoming.Any(e => !chain.Contains(e.Value))) return null;
                }
                return chain.Contains(phi.ValueFrom(loop.Latch)) ? chain : null;
            }

            /// <summary>
            /// The adjoint <paramref name="value"/> (made in or at the end of <paramref name="loop"/>)
            /// has once the reverse sweep has undone everything after it, as an expression of values
            /// known before the loop starts; null when it is not known there.
            /// </summary>
            private AdjointAtExit? AdjointOf(Value value, SimpleLoop loop, Block exit, Dictionary<Block, AccumulatingLoop> fused, HashSet<Value> visiting)
            {
                if (!visiting.Add(value)) return null;
                var terms = new List<AdjointAtExit>();
                foreach (var (user, slot, block) in UsesOf(value))
                {
                    if (loop.Body.Contains(block)) continue; // the accumulator's own updates
                    // Every use counts only where it runs once per run of the loop, whenever the loop
                    // ends: a use on one path of a branch after the loop may not run at all.
                    if (!RunsOnceAfter(block, loop) || !Unavoidable(block, exit)) return null;
                    if (user is Phi header && fused.TryGetValue(header.Block, out var around) &&
                        header.Incoming[slot].Predecessor == around.Loop.Latch && around.Accumulators.Any(a => a.Phi == header))
                    {
                        // The update of an accumulator of a fused loop around, going round it: that accumulator's adjoint.
                        terms.Add(new AdjointAtExit.OfAccumulator(header));
                        continue;
                    }
                    switch (user)
                    {
                        case Return:
                            terms.Add(_hasSeed ? AdjointAtExit.Seed.Instance : AdjointAtExit.Zero.Instance);
                            break;
                        case Instruction i when !_activity.IsActive(i):
                            if (ActivityAnalysis.IsStore(i.Op)) return null;
                            break;
                        case Instruction i when i.Op == Op.Add || i.Op == Op.Sub || i.Op == Op.Neg:
                        {
                            var next = AdjointOf(i, loop, exit, fused, visiting);
                            if (next == null) return null;
                            terms.Add(i.Op == Op.Neg || (i.Op == Op.Sub && slot == 1) ? new AdjointAtExit.Negated(next) : next);
                            break;
                        }
                        case Instruction i when (i.Op == Op.Mul || (i.Op == Op.Div && slot == 0)) && i.Type.IsFloat:
                        {
                            var factor = i.Operands[1 - slot];
                            if (factor == value || !MadeBefore(factor, loop)) return null;
                            var next = AdjointOf(i, loop, exit, fused, visiting);
                            if (next == null) return null;
                            terms.Add(new AdjointAtExit.Scaled(next, factor, i.Op == Op.Div));
                            break;
                        }
                        default:
                            return null;
                    }
                }
                visiting.Remove(value);
                return terms.Count == 1 ? terms[0] : new AdjointAtExit.Sum(terms);
            }

            /// <summary>In no loop that does not hold <paramref name="loop"/> too.</summary>
            private bool RunsOnceAfter(Block block, SimpleLoop loop) =>
                !_inOtherCycles.Contains(block) && _loops.All(l => !l.Body.Contains(block) || l.Body.Contains(loop.Header));

            /// <summary>Every path from <paramref name="exit"/> to a return passes through <paramref name="block"/>.</summary>
            private bool Unavoidable(Block block, Block exit)
            {
                if (block == exit) return true;
                var seen = new HashSet<Block> { block };
                var work = new Stack<Block>();
                work.Push(exit);
                seen.Add(exit);
                while (work.Count > 0)
                {
                    var b = work.Pop();
                    if (b.Terminator is Return) return false;
                    foreach (var s in b.Successors)
                    {
                        if (seen.Add(s)) work.Push(s);
                    }
                }
                return true;
            }

            /// <summary>
            /// Known where the loop is entered: a constant, a parameter, made in a block that dominates
            /// the loop's entry, or cheap exact arithmetic on such values (`s / x.Length` converts the
            /// length after the loop; the emitter computes it again at the entry, AccumulatingLoop.RecomputedAtEntry).
            /// </summary>
            private bool MadeBefore(Value v, SimpleLoop loop) => v switch
            {
                Constant or Parameter => true,
                Phi p => _dominators.Dominates(p.Block, loop.Entry),
                Instruction i when _dominators.Dominates(i.Block, loop.Entry) => true,
                Instruction i when OpFacts.RecomputesExactly(i) && i.Operands.All(o => MadeBefore(o, loop)) => _recomputed.Add(i) || true,
                _ => false,
            };

            /// <summary>For the loop being proved: instructions made after its entry that its adjoints' factors compute again there.</summary>
            private HashSet<Instruction> _recomputed = new HashSet<Instruction>();
        }
    }

    /// <summary>
    /// A loop that only accumulates, undone one iteration at a time right after the iteration runs:
    /// fused (in the forward sweep, with the adjoint each accumulator has in every iteration) or
    /// two-pass (in a second forward run by the reverse sweep, with the adjoints taken after the loop).
    /// </summary>
    public sealed class AccumulatingLoop
    {
        public AccumulatingLoop(SimpleLoop loop, Block exit, List<Accumulator> accumulators, HashSet<Instruction> recomputedAtEntry, bool secondPass)
        {
            SecondPass = secondPass;
            RecomputedAtEntry = recomputedAtEntry;
            Loop = loop;
            Exit = exit;
            Accumulators = accumulators;
        }

        public SimpleLoop Loop { get; }

        /// <summary>The one block outside the loop the header jumps to.</summary>
        public Block Exit { get; }

        public List<Accumulator> Accumulators { get; }

        /// <summary>
        /// Two-pass: the accumulators' adjoints are known only after the loop, so the forward sweep
        /// runs it as the primal does, and the reverse sweep runs it again, in forward order,
        /// undoing each iteration right after it (SecondPasses).
        /// </summary>
        public bool SecondPass { get; }

        /// <summary>Instructions made after the loop's entry that a factor of an adjoint needs: computed again where the loop is entered.</summary>
        public HashSet<Instruction> RecomputedAtEntry { get; }
    }

    /// <summary>An active header phi of a fused loop, and its adjoint in every iteration (null in a two-pass loop: taken after the loop).</summary>
    public sealed class Accumulator
    {
        public Accumulator(Phi phi, AdjointAtExit? adjoint)
        {
            Phi = phi;
            Adjoint = adjoint;
        }

        public Phi Phi { get; }

        public AdjointAtExit? Adjoint { get; }
    }

    /// <summary>The adjoint an accumulator has in every iteration of a fused loop, built from values known before the loop.</summary>
    public abstract class AdjointAtExit
    {
        /// <summary>The seed of the derivative's result.</summary>
        public sealed class Seed : AdjointAtExit
        {
            public static readonly Seed Instance = new Seed();

            public override string ToString() => "seed";
        }

        public sealed class Zero : AdjointAtExit
        {
            public static readonly Zero Instance = new Zero();

            public override string ToString() => "0";
        }

        /// <summary>The adjoint of an accumulator of a fused loop around this one.</summary>
        public sealed class OfAccumulator : AdjointAtExit
        {
            public OfAccumulator(Phi accumulator) => Accumulator = accumulator;

            public Phi Accumulator { get; }

            public override string ToString() => $"adjoint of %{Accumulator.Id}";
        }

        public sealed class Negated : AdjointAtExit
        {
            public Negated(AdjointAtExit of) => Of = of;

            public AdjointAtExit Of { get; }

            public override string ToString() => $"-({Of})";
        }

        /// <summary>Times (or divided by) a value made before the loop.</summary>
        public sealed class Scaled : AdjointAtExit
        {
            public Scaled(AdjointAtExit of, Value factor, bool divide)
            {
                Of = of;
                Factor = factor;
                Divide = divide;
            }

            public AdjointAtExit Of { get; }

            public Value Factor { get; }

            public bool Divide { get; }

            public override string ToString() => $"{Of} {(Divide ? "/" : "*")} %{Factor.Id}";
        }

        public sealed class Sum : AdjointAtExit
        {
            public Sum(List<AdjointAtExit> terms) => Terms = terms;

            public List<AdjointAtExit> Terms { get; }

            public override string ToString() => Terms.Count == 0 ? "0" : string.Join(" + ", Terms);
        }
    }
}
