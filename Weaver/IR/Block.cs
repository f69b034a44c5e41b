using System.Collections.Generic;

namespace AutoDiff.Weaver.IR
{
    /// <summary>A basic block: phis, then straight-line instructions, then one terminator.</summary>
    public sealed class Block
    {
        internal Block(int id, Function function)
        {
            Id = id;
            Function = function;
        }

        public int Id { get; }

        public Function Function { get; }

        /// <summary>A short note for dumps ("rev", "edge"...): which part of the derivative this block belongs to.</summary>
        public string? Label { get; set; }

        public List<Phi> Phis { get; } = new List<Phi>();

        public List<Instruction> Instructions { get; } = new List<Instruction>();

        public Terminator? Terminator { get; set; }

        /// <summary>The IL offset of the primal instruction that starts the block, or -1.</summary>
        public int IlOffset { get; set; } = -1;

        public IEnumerable<Block> Successors => Terminator?.Successors ?? System.Array.Empty<Block>();

        public override string ToString() => "b" + Id;
    }
}
