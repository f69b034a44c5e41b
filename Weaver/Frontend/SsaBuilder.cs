using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Fills a function's blocks from the primal's IL by simulating the evaluation stack, and
    /// renames arguments, locals and stack slots into SSA values on the fly (Braun, Buchwald,
    /// Hack, Leißa, Mallon, Zwinkau: "Simple and Efficient Construction of Static Single
    /// Assignment Form", CC 2013): blocks are filled in reverse post-order, a block is sealed once
    /// all its predecessors are filled, reads in unsealed blocks (loop headers) make incomplete phis
    /// that get their operands when the block is sealed.
    /// Expects: a function whose parameters are already made (in IL argument order) and the
    /// method's control-flow graph (<see cref="CfgBuilder"/>).
    /// Guarantees: one IR block per reachable IL block, in IL order (plus an empty entry block when
    /// the IL entry is a branch target, so the entry has no predecessors); every instruction and
    /// terminator carries its IL origin; no variables; locals start as zero; values left on the
    /// stack across a branch meet in phis. Trivial and unused phis remain: run
    /// <see cref="RemoveTrivialPhis"/> afterwards. User-code problems are thrown as
    /// <see cref="DiagnosticException"/>; our own inconsistencies as InvalidOperationException.
    /// </summary>
    public sealed partial class SsaBuilder
    {
        private readonly Function _function;
        private readonly MethodDefinition _method;
        private readonly ControlFlowGraph _cfg;
        private readonly Dictionary<IlBlock, Block> _blockOf = new Dictionary<IlBlock, Block>();
        private readonly Dictionary<Block, List<Block>> _predecessors = new Dictionary<Block, List<Block>>();

        /// <summary>The types of the stack slots on entry to each block, known once one predecessor is filled.</summary>
        private readonly Dictionary<Block, IrType[]> _entryStack = new Dictionary<Block, IrType[]>();

        /// <summary>Stack slots that hold a variable's address on entry to a block (SsaBuilder.Spans.cs), by slot.</summary>
        private readonly Dictionary<Block, AddressPlaceholder?[]> _entryAddresses = new Dictionary<Block, AddressPlaceholder?[]>();

        private SsaBuilder(Function function, MethodDefinition method, ControlFlowGraph cfg)
        {
            _function = function;
            _method = method;
            _cfg = cfg;
            _argumentCount = function.Parameters.Count;
            _localCount = method.Body.Variables.Count;
        }

        public static void Build(Function function, MethodDefinition method, ControlFlowGraph cfg)
        {
            if (function.Blocks.Count != 0) throw new System.InvalidOperationException("SsaBuilder expects a function without blocks");
            new SsaBuilder(function, method, cfg).Run();
        }

        private void Run()
        {
            Block? syntheticEntry = null;
            if (_cfg.Entry.Predecessors.Count > 0)
            {
                // The IL entry is a loop header: give the IR an entry block without predecessors,
                // where arguments and locals take their initial values.
                syntheticEntry = _function.AddBlock();
                new IrBuilder(_function, syntheticEntry) { Origin = _cfg.Entry.First }.Jump(BlockPlaceholder(_cfg.Entry));
            }
            foreach (var il in _cfg.Blocks) BlockPlaceholder(il);
            foreach (var il in _cfg.Blocks)
            {
                var preds = il.Predecessors.Select(p => _blockOf[p]).ToList();
                if (il == _cfg.Entry && syntheticEntry != null) preds.Insert(0, syntheticEntry);
                _predecessors[_blockOf[il]] = preds;
            }
            if (syntheticEntry != null)
            {
                _predecessors[syntheticEntry] = new List<Block>();
                _filled.Add(syntheticEntry);
                _sealed.Add(syntheticEntry);
            }
            _entryStack[_blockOf[_cfg.Entry]] = new IrType[0];

            foreach (var il in _cfg.ReversePostOrder())
            {
                var block = _blockOf[il];
                TrySeal(block);
                Fill(il, block);
                _filled.Add(block);
                foreach (var s in block.Successors) TrySeal(s);
            }
            foreach (var b in _function.Blocks)
            {
                if (!_sealed.Contains(b)) throw new System.InvalidOperationException($"{b} was never sealed");
            }
        }

        private Block BlockPlaceholder(IlBlock il)
        {
            if (!_blockOf.TryGetValue(il, out var block))
            {
                block = _function.AddBlock();
                block.IlOffset = il.First.Offset;
                _blockOf[il] = block;
            }
            return block;
        }

        private void Fill(IlBlock il, Block block)
        {
            var builder = new IrBuilder(_function, block);
            var entryTypes = _entryStack.TryGetValue(block, out var t)
                ? t
                : throw new System.InvalidOperationException($"{block} is filled before any of its predecessors");
            var stack = new List<Value>();
            _entryAddresses.TryGetValue(block, out var addresses);
            for (int i = 0; i < entryTypes.Length; i++)
            {
                if (addresses != null && i < addresses.Length && addresses[i] is { } address)
                {
                    stack.Add(address);
                    continue;
                }
                var layout = entryTypes[i].Kind == IrTypeKind.Struct ? Layout(entryTypes[i].Clr) : null;
                stack.Add(layout == null ? ReadVariable(block, StackKey(i)) : ReadStruct(builder, StackKey(i), layout, 0));
            }

            foreach (var ins in il.Instructions)
            {
                builder.Origin = ins;
                if (ins == il.Last && CfgBuilder.EndsBlock(ins))
                {
                    Terminate(il, ins, stack, builder);
                    break;
                }
                Translate(ins, stack, builder);
            }
            if (block.Terminator == null)
            {
                builder.Origin = il.Last;
                var next = il.Last.Next ?? throw new System.InvalidOperationException("fall-through without a next instruction");
                LeaveBlock(il, builder, stack, il.Last);
                builder.Jump(_blockOf[_cfg.BlockAt(next)]);
            }
        }

        private void Terminate(IlBlock il, IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            var code = ins.OpCode.Code;
            var block = builder.Block;
            switch (code)
            {
                case Code.Ret:
                {
                    Value? result = null;
                    if (!_function.ReturnType.IsVoid)
                    {
                        result = Coerce(Pop(stack, ins), _function.ReturnType, builder, "the return value");
                    }
                    if (stack.Count != 0)
                    {
                        throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"ret at IL_{ins.Offset:x4} leaves {stack.Count} value(s) on the evaluation stack", ins);
                    }
                    builder.Return(result);
                    return;
                }
                case Code.Br:
                case Code.Br_S:
                    LeaveBlock(il, builder, stack, ins);
                    builder.Jump(Target(ins));
                    return;
                case Code.Brtrue:
                case Code.Brtrue_S:
                case Code.Brfalse:
                case Code.Brfalse_S:
                {
                    var condition = Pop(stack, ins);
                    LeaveBlock(il, builder, stack, ins);
                    bool onTrue = code == Code.Brtrue || code == Code.Brtrue_S;
                    var target = Target(ins);
                    var next = FallThrough(ins);
                    BranchOrJump(builder, condition, onTrue ? target : next, onTrue ? next : target);
                    return;
                }
                case Code.Throw:
                    // No successors: whatever else is on the stack is dropped, as IL's throw does.
                    builder.Throw(PopObject(stack, ins));
                    return;
                case Code.Switch:
                {
                    var index = Pop(stack, ins);
                    LeaveBlock(il, builder, stack, ins);
                    var targets = ((IlInstruction[])ins.Operand).Select(t => _blockOf[_cfg.BlockAt(t)]).ToList();
                    builder.Terminate(new Switch(index, targets, FallThrough(ins)));
                    return;
                }
            }
            if (IlOpcodes.TryGetCompareBranch(code, out var kind))
            {
                var right = Pop(stack, ins);
                var left = Pop(stack, ins);
                var compare = builder.Compare(kind, left, right);
                LeaveBlock(il, builder, stack, ins);
                BranchOrJump(builder, compare, Target(ins), FallThrough(ins));
                return;
            }
            throw Unsupported(ins);
        }

        private static void BranchOrJump(IrBuilder builder, Value condition, Block ifTrue, Block ifFalse)
        {
            if (ifTrue == ifFalse) builder.Jump(ifTrue);
            else builder.Branch(condition, ifTrue, ifFalse);
        }

        private Block Target(IlInstruction branch) => _blockOf[_cfg.BlockAt((IlInstruction)branch.Operand)];

        private Block FallThrough(IlInstruction branch) =>
            _blockOf[_cfg.BlockAt(branch.Next ?? throw new System.InvalidOperationException("conditional branch at the end of the body"))];

        /// <summary>
        /// Hands the stack left at the end of <paramref name="block"/> to its successors: each slot
        /// becomes the block's definition of that slot, and each successor learns (or checks) the
        /// depth and types it starts with.
        /// </summary>
        private void LeaveBlock(IlBlock il, IrBuilder builder, List<Value> stack, IlInstruction origin)
        {
            var block = builder.Block;
            var types = new IrType[stack.Count];
            for (int i = 0; i < stack.Count; i++)
            {
                if (stack[i] is AddressPlaceholder address)
                {
                    // `q.X = c ? a : b`: the address of q waits on the stack while the branches
                    // compute the value. It is no value but a place, handed on as it is.
                    HandOnAddress(il, i, address);
                    types[i] = address.Type;
                    continue;
                }
                foreach (var successor in il.Successors.Select(s => _blockOf[s]))
                {
                    if (_entryAddresses.TryGetValue(successor, out var addresses) && addresses.Length > i && addresses[i] is { } other) throw other.Misused();
                }
                // A flat struct meets its other incoming values field by field (per-field phis).
                var layout = stack[i].Type.Kind == IrTypeKind.Struct ? Layout(stack[i].Type.Clr) : null;
                if (layout != null) WriteStruct(builder, StackKey(i), layout, 0, stack[i], $"stack slot {i}");
                else WriteVariable(block, StackKey(i), stack[i]);
                types[i] = stack[i].Type;
            }
            foreach (var successor in il.Successors.Select(s => _blockOf[s]))
            {
                if (!_entryStack.TryGetValue(successor, out var expected))
                {
                    _entryStack[successor] = types;
                    continue;
                }
                if (expected.Length != types.Length)
                {
                    throw new DiagnosticException(DiagnosticCatalog.InvalidIl,
                        $"the evaluation stack holds {types.Length} value(s) at IL_{origin.Offset:x4} but {expected.Length} at IL_{successor.IlOffset:x4}, where control joins", origin);
                }
                for (int i = 0; i < types.Length; i++)
                {
                    if (expected[i].Kind != types[i].Kind)
                    {
                        throw new DiagnosticException(DiagnosticCatalog.InvalidIl,
                            $"stack slot {i} holds {types[i]} at IL_{origin.Offset:x4} but {expected[i]} at IL_{successor.IlOffset:x4}, where control joins", origin);
                    }
                }
            }
        }

        /// <summary>
        /// The address of a variable left in stack slot <paramref name="slot"/> at the end of a block
        /// is where the slot points in every successor; AD2004 when another predecessor leaves the
        /// address of another place (or a value) there.
        /// </summary>
        private void HandOnAddress(IlBlock il, int slot, AddressPlaceholder address)
        {
            foreach (var successor in il.Successors.Select(s => _blockOf[s]))
            {
                if (!_entryAddresses.TryGetValue(successor, out var addresses))
                {
                    _entryAddresses[successor] = addresses = new AddressPlaceholder?[slot + 1];
                }
                if (addresses.Length <= slot)
                {
                    System.Array.Resize(ref addresses, slot + 1);
                    _entryAddresses[successor] = addresses;
                }
                if (addresses[slot] == null && _entryStack.ContainsKey(successor) || addresses[slot] != null && !addresses[slot]!.SamePlace(address))
                {
                    throw address.Misused();
                }
                addresses[slot] = address;
            }
        }

        private static Value Pop(List<Value> stack, IlInstruction ins)
        {
            if (stack.Count == 0)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"{ins.OpCode.Name} at IL_{ins.Offset:x4} pops from an empty evaluation stack", ins);
            }
            var v = stack[stack.Count - 1];
            if (v is AddressPlaceholder address) throw address.Misused();
            stack.RemoveAt(stack.Count - 1);
            return v;
        }

        private static Value PopObject(List<Value> stack, IlInstruction ins)
        {
            var value = Pop(stack, ins);
            if (value.Type.Kind != IrTypeKind.Object)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"{ins.OpCode.Name} at IL_{ins.Offset:x4} takes an object but finds {CSharpNames.Type(value.Type)}", ins);
            }
            return value;
        }

        private static DiagnosticException Unsupported(IlInstruction ins) =>
            new DiagnosticException(DiagnosticCatalog.UnsupportedInstruction,
                $"{ins.OpCode.Name} ({UnsupportedOpcodes.Describe(ins.OpCode.Code)}) is not supported in a differentiated method", ins);
    }
}
