using System;
using System.Collections.Generic;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// Copies the primal's blocks, phis and instructions into the derivative function, block by
    /// block in reverse post-order, keeping a map from primal values to their copies. Both modes
    /// start from this copy: forward mode adds tangents beside each instruction, reverse mode
    /// makes it the forward sweep. The caller decides what each copied block's terminator becomes.
    /// </summary>
    public sealed class PrimalCloner
    {
        private readonly Dictionary<Value, Value> _values = new Dictionary<Value, Value>();
        private readonly Dictionary<Block, Block> _blocks = new Dictionary<Block, Block>();

        public PrimalCloner(Function primal, Function derivative)
        {
            Primal = primal;
            Derivative = derivative;
            Order = primal.ReversePostOrder();
            foreach (var b in Order)
            {
                var copy = derivative.AddBlock(b.Label);
                copy.IlOffset = b.IlOffset;
                _blocks[b] = copy;
            }
        }

        public Function Primal { get; }

        public Function Derivative { get; }

        /// <summary>The primal's reachable blocks in reverse post-order (definitions before uses, but for phis).</summary>
        public IReadOnlyList<Block> Order { get; }

        public void MapParameter(Parameter primal, Value derivative) => _values[primal] = derivative;

        public Block Map(Block primal) => _blocks[primal];

        /// <summary>The copy of a primal value (constants are copied on first use).</summary>
        public Value Map(Value primal)
        {
            if (_values.TryGetValue(primal, out var mapped)) return mapped;
            if (primal is Constant c)
            {
                var copy = c.Type.IsFloat ? Derivative.Const(c.Type, c.FloatValue)
                    : c.Type.Kind == IrTypeKind.Object ? Derivative.Null(c.Type)
                    : Derivative.ConstInt(c.Type, c.IntValue);
                _values[primal] = copy;
                return copy;
            }
            throw new InvalidOperationException($"{primal} is used before the cloner copied it");
        }

        /// <summary>Copies the phis of a block (incoming values are filled by <see cref="FillPhis"/> once every block is copied).</summary>
        public void ClonePhis(Block primal)
        {
            var copy = Map(primal);
            foreach (var phi in primal.Phis)
            {
                _values[phi] = Derivative.AddPhi(copy, phi.Type);
            }
        }

        /// <summary>Records what stands for a primal instruction that was not copied one for one (a fused call).</summary>
        public void Record(Value primal, Value derivative) => _values[primal] = derivative;

        /// <summary>Copies one instruction to the end of the builder's block and records the copy.</summary>
        public Instruction CloneInstruction(IrBuilder builder, Instruction i)
        {
            var operands = new Value[i.Operands.Length];
            for (int k = 0; k < operands.Length; k++) operands[k] = Map(i.Operands[k]);
            var copy = Derivative.CopyOf(i, operands);
            if (i.Variable != null) copy.Variable = Map(i.Variable);
            Derivative.Append(builder.Block, copy);
            _values[i] = copy;
            return copy;
        }

        private readonly Dictionary<Variable, Variable> _variables = new Dictionary<Variable, Variable>();

        /// <summary>The derivative's own variable for a primal variable (a tape in woven code read again).</summary>
        public Variable Map(Variable primal)
        {
            if (!_variables.TryGetValue(primal, out var copy)) _variables[primal] = copy = Derivative.AddVariable(primal.Type, primal.Name);
            return copy;
        }

        /// <summary>Copies a Jump/Branch/Switch with its targets mapped (Return is the caller's business).</summary>
        public Terminator CloneBranching(Terminator t)
        {
            Terminator copy = t switch
            {
                Jump j => new Jump(Map(j.Target)),
                Branch br => new Branch(Map(br.Condition), Map(br.IfTrue), Map(br.IfFalse)),
                Switch s => new Switch(Map(s.Index), s.Targets.ConvertAll(Map), Map(s.Default)),
                _ => throw new InvalidOperationException($"{t.GetType().Name} is not a branching terminator"),
            };
            copy.Origin = t.Origin;
            return copy;
        }

        /// <summary>Fills the copied phis' incoming values, now that every block is copied.</summary>
        public void FillPhis()
        {
            foreach (var b in Order)
            {
                foreach (var phi in b.Phis)
                {
                    var copy = (Phi)_values[phi];
                    foreach (var e in phi.Incoming)
                    {
                        if (_blocks.TryGetValue(e.Predecessor, out var pred)) copy.Incoming.Add(new PhiIncoming(pred, Map(e.Value)));
                    }
                }
            }
        }
    }
}
