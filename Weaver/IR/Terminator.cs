using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Weaver.IR
{
    /// <summary>How a block ends.</summary>
    public abstract class Terminator
    {
        public abstract IEnumerable<Block> Successors { get; }

        /// <summary>The values the terminator reads.</summary>
        public abstract IEnumerable<Value> Operands { get; }

        /// <summary>The IL instruction of the primal this came from, for diagnostics.</summary>
        public Mono.Cecil.Cil.Instruction? Origin { get; set; }

        /// <summary>Replaces every edge to <paramref name="from"/> with an edge to <paramref name="to"/>.</summary>
        public abstract void RetargetEdges(Block from, Block to);
    }

    /// <summary>Leaves the function; <see cref="Value"/> is null for void.</summary>
    public sealed class Return : Terminator
    {
        public Return(Value? value) => Value = value;

        public Value? Value { get; set; }

        public override IEnumerable<Block> Successors => Enumerable.Empty<Block>();

        public override IEnumerable<Value> Operands => Value == null ? Enumerable.Empty<Value>() : new[] { Value };

        public override void RetargetEdges(Block from, Block to) { }
    }

    /// <summary>Throws <see cref="Exception"/> (IL throw). The derivative throws it too, from the forward sweep.</summary>
    public sealed class Throw : Terminator
    {
        public Throw(Value exception) => Exception = exception;

        public Value Exception { get; set; }

        public override IEnumerable<Block> Successors => Enumerable.Empty<Block>();

        public override IEnumerable<Value> Operands => new[] { Exception };

        public override void RetargetEdges(Block from, Block to) { }
    }

    public sealed class Jump : Terminator
    {
        public Jump(Block target) => Target = target;

        public Block Target { get; set; }

        public override IEnumerable<Block> Successors => new[] { Target };

        public override IEnumerable<Value> Operands => Enumerable.Empty<Value>();

        public override void RetargetEdges(Block from, Block to)
        {
            if (Target == from) Target = to;
        }
    }

    /// <summary>Goes to <see cref="IfTrue"/> when <see cref="Condition"/> (Int32 or Int64) is non-zero, else to <see cref="IfFalse"/>.</summary>
    public sealed class Branch : Terminator
    {
        public Branch(Value condition, Block ifTrue, Block ifFalse)
        {
            Condition = condition;
            IfTrue = ifTrue;
            IfFalse = ifFalse;
        }

        public Value Condition { get; set; }

        public Block IfTrue { get; set; }

        public Block IfFalse { get; set; }

        public override IEnumerable<Block> Successors => new[] { IfTrue, IfFalse };

        public override IEnumerable<Value> Operands => new[] { Condition };

        public override void RetargetEdges(Block from, Block to)
        {
            if (IfTrue == from) IfTrue = to;
            if (IfFalse == from) IfFalse = to;
        }
    }

    /// <summary>IL's switch: goes to Targets[Index] when 0 &lt;= Index &lt; Targets.Count (unsigned compare), else to Default.</summary>
    public sealed class Switch : Terminator
    {
        public Switch(Value index, IList<Block> targets, Block @default)
        {
            Index = index;
            Targets = new List<Block>(targets);
            Default = @default;
        }

        public Value Index { get; set; }

        public List<Block> Targets { get; }

        public Block Default { get; set; }

        public override IEnumerable<Block> Successors => Targets.Concat(new[] { Default });

        public override IEnumerable<Value> Operands => new[] { Index };

        public override void RetargetEdges(Block from, Block to)
        {
            for (int i = 0; i < Targets.Count; i++)
            {
                if (Targets[i] == from) Targets[i] = to;
            }
            if (Default == from) Default = to;
        }
    }
}
