using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// A method in SSA form: parameters, blocks (the first is the entry), variables and the
    /// return type. Also the factory for everything it owns, so ids stay unique.
    /// </summary>
    public sealed class Function
    {
        private int _nextValueId;
        private int _nextBlockId;
        private int _nextVariableId;

        public Function(string name, IrType returnType, MethodDefinition? source)
        {
            Name = name;
            ReturnType = returnType;
            Source = source;
        }

        public string Name { get; }

        public IrType ReturnType { get; }

        /// <summary>The Cecil method this function was read from (primal) or is written for (derivative).</summary>
        public MethodDefinition? Source { get; }

        public List<Parameter> Parameters { get; } = new List<Parameter>();

        public List<Block> Blocks { get; } = new List<Block>();

        public List<Variable> Variables { get; } = new List<Variable>();

        public Block Entry => Blocks[0];

        public Parameter AddParameter(IrType type, string name)
        {
            var p = new Parameter(_nextValueId++, type, Parameters.Count, name);
            Parameters.Add(p);
            return p;
        }

        public Block AddBlock(string? label = null)
        {
            var b = new Block(_nextBlockId++, this) { Label = label };
            Blocks.Add(b);
            return b;
        }

        public Variable AddVariable(IrType type, string name)
        {
            var v = new Variable(_nextVariableId++, type, name);
            Variables.Add(v);
            return v;
        }

        public Constant Const(IrType type, double value) =>
            type.IsFloat
                ? new Constant(_nextValueId++, type, 0, value)
                : new Constant(_nextValueId++, type, (long)value, 0);

        public Constant ConstInt(IrType type, long value) => new Constant(_nextValueId++, type, value, 0);

        /// <summary>The null reference of the given type.</summary>
        public Constant Null(IrType type) => new Constant(_nextValueId++, type, 0, 0);

        public Phi AddPhi(Block block, IrType type)
        {
            var phi = new Phi(_nextValueId++, type, block);
            block.Phis.Add(phi);
            return phi;
        }

        /// <summary>Makes an instruction that belongs to no block yet; <see cref="Append"/> places it.</summary>
        /// <summary>Every value some instruction, phi or terminator uses.</summary>
        public HashSet<Value> UsedValues() =>
            new HashSet<Value>(Blocks.SelectMany(b => b.Instructions.SelectMany(i => i.Operands)
                .Concat(b.Phis.SelectMany(p => p.Incoming.Select(e => e.Value)))
                .Concat(b.Terminator?.Operands ?? Enumerable.Empty<Value>())));

        /// <summary>Replaces every use of a value (by instructions, phis and terminators) with what <paramref name="map"/> gives for it.</summary>
        public void ReplaceUses(System.Func<Value, Value> map)
        {
            foreach (var block in Blocks)
            {
                foreach (var phi in block.Phis)
                {
                    foreach (var entry in phi.Incoming) entry.Value = map(entry.Value);
                }
                foreach (var i in block.Instructions)
                {
                    for (int k = 0; k < i.Operands.Length; k++) i.SetOperand(k, map(i.Operands[k]));
                }
                switch (block.Terminator)
                {
                    case Return r when r.Value != null: r.Value = map(r.Value); break;
                    case Branch b: b.Condition = map(b.Condition); break;
                    case Switch s: s.Index = map(s.Index); break;
                    case Throw t: t.Exception = map(t.Exception); break;
                }
            }
        }

        /// <summary>A new, unplaced instruction that computes what <paramref name="original"/> does, over other operands.</summary>
        public Instruction CopyOf(Instruction original, Value[] operands)
        {
            var copy = NewInstruction(original.Type, original.Op, operands);
            copy.Method = original.Method;
            copy.Compare = original.Compare;
            copy.Conversion = original.Conversion;
            copy.Variable = original.Variable;
            copy.TypeOperand = original.TypeOperand;
            copy.Field = original.Field;
            copy.Text = original.Text;
            copy.Origin = original.Origin;
            return copy;
        }

        public Instruction NewInstruction(IrType type, Op op, params Value[] operands) =>
            new Instruction(_nextValueId++, type, op, operands);

        public Instruction Append(Block block, Instruction instruction)
        {
            instruction.Block = block;
            block.Instructions.Add(instruction);
            return instruction;
        }

        /// <summary>Predecessors of every block, each listed once, in block order.</summary>
        public Dictionary<Block, List<Block>> PredecessorMap()
        {
            var map = Blocks.ToDictionary(b => b, _ => new List<Block>());
            foreach (var b in Blocks)
            {
                foreach (var s in b.Successors.Distinct())
                {
                    map[s].Add(b);
                }
            }
            return map;
        }

        /// <summary>Blocks in reverse post-order from the entry (unreachable blocks left out).</summary>
        public List<Block> ReversePostOrder()
        {
            var visited = new HashSet<Block>();
            var order = new List<Block>();
            var stack = new Stack<(Block Block, IEnumerator<Block> Next)>();
            visited.Add(Entry);
            stack.Push((Entry, Entry.Successors.GetEnumerator()));
            while (stack.Count > 0)
            {
                var (block, next) = stack.Peek();
                if (next.MoveNext())
                {
                    if (visited.Add(next.Current)) stack.Push((next.Current, next.Current.Successors.GetEnumerator()));
                }
                else
                {
                    stack.Pop();
                    order.Add(block);
                }
            }
            order.Reverse();
            return order;
        }

        public override string ToString() => IrPrinter.Print(this);
    }
}
