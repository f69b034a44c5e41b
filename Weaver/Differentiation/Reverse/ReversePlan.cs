using System.Collections.Generic;
using System.Linq;
using System.Text;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>How a reverse block inside a loop gets a value of the forward sweep.</summary>
    public enum Crossing
    {
        /// <summary>An induction variable, computed from the loop's iteration count.</summary>
        Induction,

        /// <summary>Made before the loop: read once where the reverse sweep enters the loop, kept in a variable.</summary>
        LoopEntry,

        /// <summary>Computed again from other values the block has (cheap, exact arithmetic).</summary>
        Recompute,

        /// <summary>Read again from memory no write of the function reaches.</summary>
        Reread,

        /// <summary>Pushed by the forward block, popped by its reverse block: once per iteration.</summary>
        Tape,

        /// <summary>A span or ref, rebuilt from its pieces (each of which crosses on its own).</summary>
        Rebuilt,
    }

    /// <summary>
    /// What the reverse sweep of one derivative keeps from its forward sweep, and how each loop
    /// is reversed, as the emitter decided: per loop, counted (the iteration count and induction
    /// variables recomputed) or recorded (the edge taken in every iteration, on the tape); per
    /// block in a loop, each forward value its reverse block reads and how it gets it (Crossing).
    /// Values of blocks that run once are read from the forward sweep's locals and are not listed.
    /// Printed for tests (golden dumps) and by <c>autodiff weave --plan</c>; values are named by the
    /// primal's SSA numbering (<c>%12</c>) with the operation that made them.
    /// </summary>
    public sealed class ReversePlan
    {
        private readonly List<string> _loops = new List<string>();
        private readonly SortedDictionary<int, List<(string Value, Crossing How)>> _reads = new SortedDictionary<int, List<(string, Crossing)>>();

        public ReversePlan(string derivative) => Derivative = derivative;

        public string Derivative { get; }

        /// <summary>How many forward values cross by <paramref name="how"/> (in all blocks).</summary>
        public int Count(Crossing how) => _reads.Values.Sum(list => list.Count(r => r.How == how));

        internal void NoteLoops(Function primal, IEnumerable<SimpleLoop> counted, HashSet<Block> repeating)
        {
            var simple = counted.OrderBy(l => l.Header.Id).ToList();
            foreach (var loop in simple)
            {
                _loops.Add($"b{loop.Header.Id} [{string.Join(" ", loop.Body.Select(b => b.Id).OrderBy(id => id).Select(id => "b" + id))}]: counted");
            }
            var others = repeating.Where(b => !simple.Any(l => l.Body.Contains(b))).Select(b => b.Id).OrderBy(id => id).ToList();
            if (others.Count > 0) _loops.Add($"[{string.Join(" ", others.Select(id => "b" + id))}]: recorded (a cycle without one entry and one latch: the edge taken is kept per iteration)");
        }

        /// <summary>A loop undone inside each iteration (FusedLoops), with the adjoint of each accumulator.</summary>
        internal void NoteFused(Block header, IEnumerable<string> accumulators)
        {
            var prefix = $"b{header.Id} [";
            int k = _loops.FindIndex(l => l.StartsWith(prefix, System.StringComparison.Ordinal));
            if (k < 0) return;
            var list = string.Join(", ", accumulators);
            _loops[k] = _loops[k].Replace(": counted", ": fused (each iteration undone right after it runs" + (list.Length == 0 ? ")" : "; adjoint in every iteration: " + list + ")"));
        }

        /// <summary>A loop run again, forwards, by the reverse sweep, each iteration undone right after it (SecondPasses).</summary>
        internal void NoteSecondPass(Block header, IEnumerable<string> accumulators)
        {
            var prefix = $"b{header.Id} [";
            int k = _loops.FindIndex(l => l.StartsWith(prefix, System.StringComparison.Ordinal));
            if (k < 0) return;
            var list = string.Join(", ", accumulators);
            _loops[k] = _loops[k].Replace(": counted", ": two-pass (run again forwards where the reverse sweep reaches it, each iteration undone right after it, nothing taped" +
                (list.Length == 0 ? ")" : "; adjoint in every iteration, taken after the loop: " + list + ")"));
        }

        /// <summary>A counted loop whose count the reverse sweep computes from its bounds, kept nowhere.</summary>
        internal void NoteTripCount(Block header, string count)
        {
            var prefix = $"b{header.Id} [";
            int k = _loops.FindIndex(l => l.StartsWith(prefix, System.StringComparison.Ordinal));
            if (k >= 0) _loops[k] += $" (runs {count} times, computed where it is reversed)";
        }

        /// <summary>A load in a loop whose adjoint is summed in a local and added into the shadow once per run of the loop.</summary>
        internal void NoteSum(Block header, string load)
        {
            var prefix = $"b{header.Id} [";
            int k = _loops.FindIndex(l => l.StartsWith(prefix, System.StringComparison.Ordinal));
            if (k < 0) return;
            _loops[k] += (_loops[k].Contains("; adjoints summed") ? ", " : "; adjoints summed once per run: ") + load;
        }

        internal void Note(Block primalBlock, string value, Crossing how)
        {
            if (!_reads.TryGetValue(primalBlock.Id, out var list)) _reads[primalBlock.Id] = list = new List<(string, Crossing)>();
            list.Add((value, how));
        }

        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append("reverse plan of ").AppendLine(Derivative);
            text.AppendLine("loops:");
            if (_loops.Count == 0) text.AppendLine("  none");
            foreach (var loop in _loops) text.Append("  ").AppendLine(loop);
            text.AppendLine("forward values read by reverse blocks in loops:");
            if (_reads.Count == 0) text.AppendLine("  none");
            foreach (var entry in _reads)
            {
                text.Append("  b").Append(entry.Key).Append(':');
                foreach (var (value, how) in entry.Value) text.Append(' ').Append(value).Append(' ').Append(Spell(how)).Append(';');
                text.Length--;
                text.AppendLine();
            }
            var kept = Count(Crossing.Tape);
            text.Append("taped per iteration: ").Append(kept).AppendLine(kept == 1 ? " value" : " values");
            return text.ToString();
        }

        private static string Spell(Crossing how) => how switch
        {
            Crossing.Induction => "induction",
            Crossing.LoopEntry => "loop-entry",
            Crossing.Recompute => "recompute",
            Crossing.Reread => "re-read",
            Crossing.Tape => "tape",
            _ => "rebuilt",
        };
    }
}
