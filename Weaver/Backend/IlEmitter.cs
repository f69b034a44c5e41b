using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using IrInstruction = AutoDiff.Weaver.IR.Instruction;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// Lowers an IR function to IL and makes it the new body of <c>target</c> (IR parameter i is IL
    /// argument i). Blocks are laid out in function order; phis and variables become locals, shared
    /// where lifetimes allow (<see cref="LocalSlots"/>); phi copies are parallel (all incoming
    /// values loaded, then stored in reverse), on a trampoline for a conditional edge. Values are
    /// placed by <see cref="ValuePlacement"/>. Expects IR that passes the verifier; an IR it cannot
    /// lower is our bug (InvalidOperationException). The IR is not changed. Memory, field, string
    /// and variable-address ops are lowered in IlEmitter.Memory.cs.
    /// </summary>
    public sealed partial class IlEmitter
    {
        private readonly Function _f;
        private readonly MethodDefinition _target;
        private readonly MethodBody _body;
        private readonly ILProcessor _il;
        private readonly Dictionary<IrInstruction, Placement> _placement;
        private readonly Dictionary<Value, VariableDefinition> _locals = new Dictionary<Value, VariableDefinition>();
        private readonly Dictionary<Variable, VariableDefinition> _variables = new Dictionary<Variable, VariableDefinition>();

        /// <summary>One scratch local per struct type, where a CallOnValue copies its receiver to take its address.</summary>
        private readonly Dictionary<string, VariableDefinition> _receiverCopies = new Dictionary<string, VariableDefinition>();

        /// <summary>Free scratch locals per struct type, where a MakeStruct builds its value (IlEmitter.EmitMakeStruct).</summary>
        private readonly Dictionary<string, Stack<VariableDefinition>> _structTemps = new Dictionary<string, Stack<VariableDefinition>>();
        private readonly Dictionary<Block, IlInstruction> _labels = new Dictionary<Block, IlInstruction>();
        private readonly List<(IlInstruction Label, Block From, Block To)> _trampolines = new List<(IlInstruction, Block, Block)>();

        private IlEmitter(Function f, MethodDefinition target)
        {
            _f = f;
            _target = target;
            _body = new MethodBody(target);
            _il = _body.GetILProcessor();
            _placement = ValuePlacement.Decide(f);
        }

        public static void Emit(Function function, MethodDefinition target)
        {
            var expected = target.Parameters.Count + (target.HasThis ? 1 : 0);
            if (function.Parameters.Count != expected)
            {
                throw new InvalidOperationException($"{function.Name} has {function.Parameters.Count} parameters but {target.FullName} takes {expected}");
            }
            var emitter = new IlEmitter(function, target);
            emitter.EmitBody();
            emitter.Install();
        }

        private ModuleDefinition Module => _target.Module;

        private void EmitBody()
        {
            // Values whose lifetimes do not overlap share a local (LocalSlots): with one apiece, long derivatives exceed IL's limit.
            var slots = LocalSlots.Assign(_f, _placement);
            var locals = slots.Locals.Select(NewLocal).ToList();
            foreach (var v in _f.Variables)
            {
                if (slots.TryGetLocal(v, out var k)) _variables[v] = locals[k];
            }
            foreach (var b in _f.Blocks)
            {
                _labels[b] = _il.Create(OpCodes.Nop);
                foreach (var phi in b.Phis)
                {
                    if (slots.TryGetLocal(phi, out var k)) _locals[phi] = locals[k];
                }
                foreach (var i in b.Instructions)
                {
                    if (_placement[i] == Placement.Local && !i.Type.IsVoid && slots.TryGetLocal(i, out var k)) _locals[i] = locals[k];
                }
            }

            for (int n = 0; n < _f.Blocks.Count; n++)
            {
                var b = _f.Blocks[n];
                var next = n + 1 < _f.Blocks.Count ? _f.Blocks[n + 1] : null;
                _il.Append(_labels[b]);
                foreach (var i in b.Instructions) EmitInPlace(i);
                EmitTerminator(b, next);
            }
            foreach (var (label, from, to) in _trampolines)
            {
                _il.Append(label);
                EmitPhiCopies(from, to);
                _il.Append(_il.Create(OpCodes.Br, _labels[to]));
            }
        }

        /// <summary>IL numbers locals with 16 bits: a body with more is rejected by the runtime (InvalidProgramException on the first call).</summary>
        public const int MaximumLocals = 65535;

        private void Install()
        {
            if (_body.Variables.Count > MaximumLocals)
            {
                throw new Diagnostics.DiagnosticException(Diagnostics.DiagnosticCatalog.IlLimitExceeded,
                    $"the derivative '{_target.Name}' needs {_body.Variables.Count} locals, and IL allows {MaximumLocals}");
            }
            RemoveLabelNops();
            _body.InitLocals = true;
            ShortForms.Apply(_body);
            _target.IsPInvokeImpl = false;
            _target.IsInternalCall = false;
            _target.IsRuntime = false;
            _target.IsIL = true;
            _target.IsManaged = true;
            // The declaration's sequence points and scopes refer to its old instructions.
            _target.DebugInformation.SequencePoints.Clear();
            _target.DebugInformation.Scope = null;
            _target.Body = _body;
        }

        private VariableDefinition NewLocal(IrType type)
        {
            var v = new VariableDefinition(ClrType(type));
            _body.Variables.Add(v);
            return v;
        }

        private TypeReference ClrType(IrType type) => type.Kind switch
        {
            IrTypeKind.Int32 => Module.TypeSystem.Int32,
            IrTypeKind.Int64 => Module.TypeSystem.Int64,
            IrTypeKind.NativeInt => Module.TypeSystem.IntPtr,
            IrTypeKind.Float32 => Module.TypeSystem.Single,
            IrTypeKind.Float64 => Module.TypeSystem.Double,
            // A by-ref local holds a managed pointer (a ref local, in C#); its type is T&.
            IrTypeKind.Object or IrTypeKind.Struct or IrTypeKind.ByRef or IrTypeKind.Pointer => Module.ImportReference(type.Clr),
            _ => throw new InvalidOperationException($"no local of type {type}"),
        };

        /// <summary>An instruction at its own place in the block: computed now unless it is inline (at its user) or dropped.</summary>
        private void EmitInPlace(IrInstruction i)
        {
            switch (_placement[i])
            {
                case Placement.Local:
                    EmitComputation(i);
                    if (!i.Type.IsVoid) _il.Append(_il.Create(OpCodes.Stloc, _locals[i]));
                    break;
                case Placement.Effect:
                    EmitComputation(i);
                    if (!i.Type.IsVoid) _il.Append(_il.Create(OpCodes.Pop));
                    break;
            }
        }

        /// <summary>Pushes a value: a parameter, constant, phi or local, or an inline instruction's whole expression.</summary>
        private void EmitValue(Value v)
        {
            switch (v)
            {
                case Parameter p:
                    _il.Append(_il.Create(OpCodes.Ldarg, ArgumentOf(p)));
                    break;
                case Constant c:
                    EmitConstant(c);
                    break;
                case Phi phi:
                    _il.Append(_il.Create(OpCodes.Ldloc, _locals[phi]));
                    break;
                case IrInstruction i when _placement[i] == Placement.Inline:
                    EmitComputation(i);
                    break;
                case IrInstruction i:
                    _il.Append(_il.Create(OpCodes.Ldloc, _locals[i]));
                    break;
                default:
                    throw new InvalidOperationException($"cannot load {v}");
            }
        }

        private ParameterDefinition ArgumentOf(Parameter p)
        {
            if (_target.HasThis) return p.Index == 0 ? _body.ThisParameter : _target.Parameters[p.Index - 1];
            return _target.Parameters[p.Index];
        }

        private void EmitConstant(Constant c)
        {
            switch (c.Type.Kind)
            {
                case IrTypeKind.Int32: _il.Append(_il.Create(OpCodes.Ldc_I4, (int)c.IntValue)); break;
                case IrTypeKind.Int64: _il.Append(_il.Create(OpCodes.Ldc_I8, c.IntValue)); break;
                case IrTypeKind.NativeInt:
                case IrTypeKind.Pointer:
                    _il.Append(_il.Create(OpCodes.Ldc_I8, c.IntValue));
                    _il.Append(_il.Create(OpCodes.Conv_I));
                    break;
                case IrTypeKind.Float32: _il.Append(_il.Create(OpCodes.Ldc_R4, (float)c.FloatValue)); break;
                case IrTypeKind.Float64: _il.Append(_il.Create(OpCodes.Ldc_R8, c.FloatValue)); break;
                case IrTypeKind.Object: _il.Append(_il.Create(OpCodes.Ldnull)); break;
                default: throw new InvalidOperationException($"no constant of type {c.Type}");
            }
        }

        /// <summary>Pushes the instruction's operands and applies it (leaving its result, if any, on the stack).</summary>
        private void EmitComputation(IrInstruction i)
        {
            switch (i.Op)
            {
                case Op.Conv:
                    EmitValue(i.Operands[0]);
                    _il.Append(_il.Create(OpCodeTable.Of(i.Conversion)));
                    return;
                case Op.Compare:
                    EmitValue(i.Operands[0]);
                    EmitValue(i.Operands[1]);
                    var (code, negate) = OpCodeTable.Of(i.Compare, i.Operands[0].Type.IsFloat || i.Operands[1].Type.IsFloat);
                    _il.Append(_il.Create(code));
                    if (negate)
                    {
                        _il.Append(_il.Create(OpCodes.Ldc_I4_0));
                        _il.Append(_il.Create(OpCodes.Ceq));
                    }
                    return;
                case Op.Select:
                    var whenTrue = _il.Create(OpCodes.Nop);
                    var end = _il.Create(OpCodes.Nop);
                    EmitValue(i.Operands[0]);
                    _il.Append(_il.Create(OpCodes.Brtrue, whenTrue));
                    EmitValue(i.Operands[2]);
                    _il.Append(_il.Create(OpCodes.Br, end));
                    _il.Append(whenTrue);
                    EmitValue(i.Operands[1]);
                    _il.Append(end);
                    return;
                case Op.Call:
                case Op.CallVirt:
                    foreach (var o in i.Operands) EmitValue(o);
                    _il.Append(_il.Create(i.Op == Op.Call ? OpCodes.Call : OpCodes.Callvirt, Module.ImportReference(i.Method)));
                    return;
                case Op.NewObj:
                    foreach (var o in i.Operands) EmitValue(o);
                    _il.Append(_il.Create(OpCodes.Newobj, Module.ImportReference(i.Method)));
                    return;
                case Op.MakeStruct:
                    EmitMakeStruct(i);
                    return;
                case Op.CallOnVariable:
                case Op.CallOnValue:
                case Op.NewArray:
                case Op.ArrayLength:
                case Op.LoadElement:
                case Op.StoreElement:
                case Op.ElementAddress:
                case Op.LoadIndirect:
                case Op.StoreIndirect:
                case Op.LoadField:
                case Op.StoreField:
                case Op.FieldAddress:
                case Op.LoadStaticField:
                case Op.LoadString:
                case Op.StackAlloc:
                    EmitMemory(i);
                    return;
                case Op.LoadVar:
                    _il.Append(_il.Create(OpCodes.Ldloc, _variables[i.Variable!]));
                    return;
                case Op.StoreVar:
                    EmitValue(i.Operands[0]);
                    _il.Append(_il.Create(OpCodes.Stloc, _variables[i.Variable!]));
                    return;
                default:
                    foreach (var o in i.Operands) EmitValue(o);
                    _il.Append(_il.Create(OpCodeTable.Of(i.Op)));
                    return;
            }
        }

        /// <summary>A struct from its fields: a zeroed local, each field stored through its address, the local loaded.</summary>
        private void EmitMakeStruct(IrInstruction i)
        {
            var type = Module.ImportReference(i.TypeOperand!);
            // A temp is busy only while its struct is built (operands can build another of the
            // same type inside); then it goes back to the pool for the next one.
            if (!_structTemps.TryGetValue(type.FullName, out var pool)) _structTemps[type.FullName] = pool = new Stack<VariableDefinition>();
            VariableDefinition temp;
            if (pool.Count > 0) temp = pool.Pop();
            else _body.Variables.Add(temp = new VariableDefinition(type));
            _il.Append(_il.Create(OpCodes.Ldloca, temp));
            _il.Append(_il.Create(OpCodes.Initobj, type));
            var fields = i.TypeOperand!.Resolve().Fields.Where(f => !f.IsStatic).ToList();
            if (fields.Count != i.Operands.Length) throw new InvalidOperationException($"{i} gives {i.Operands.Length} values for {fields.Count} fields");
            for (int k = 0; k < fields.Count; k++)
            {
                _il.Append(_il.Create(OpCodes.Ldloca, temp));
                EmitValue(i.Operands[k]);
                // Referenced through the user's own type reference (its scope), not the resolved definition's assembly.
                var fieldType = OpenFieldType(type, fields[k]) ?? (fields[k].FieldType.MetadataType == MetadataType.Single ? Module.TypeSystem.Single
                    : fields[k].FieldType.MetadataType == MetadataType.Double ? Module.TypeSystem.Double
                    : Module.ImportReference(fields[k].FieldType));
                _il.Append(_il.Create(OpCodes.Stfld, new FieldReference(fields[k].Name, fieldType, type)));
            }
            _il.Append(_il.Create(OpCodes.Ldloc, temp));
            pool.Push(temp);
        }

        /// <summary>
        /// A field of a generic instance (ValueTuple&lt;double, double&gt;.Item1) is named with its open
        /// type, the instance's type parameter (!0), as the metadata requires; null for other fields.
        /// </summary>
        private static TypeReference? OpenFieldType(TypeReference owner, FieldDefinition field)
        {
            if (!(owner is GenericInstanceType instance) || !(field.FieldType is GenericParameter p) || p.Type != GenericParameterType.Type) return null;
            var open = instance.ElementType;
            while (open.GenericParameters.Count < instance.GenericArguments.Count) open.GenericParameters.Add(new GenericParameter(open));
            return open.GenericParameters[p.Position];
        }

        private void EmitTerminator(Block b, Block? next)
        {
            switch (b.Terminator)
            {
                case Return r:
                    if (r.Value != null) EmitValue(r.Value);
                    _il.Append(_il.Create(OpCodes.Ret));
                    return;
                case Throw t:
                    EmitValue(t.Exception);
                    _il.Append(_il.Create(OpCodes.Throw));
                    return;
                case Jump j:
                    EmitPhiCopies(b, j.Target);
                    if (j.Target != next) _il.Append(_il.Create(OpCodes.Br, _labels[j.Target]));
                    return;
                case Branch br:
                    if (br.Condition.Type.IsFloat || br.Condition.Type.IsVoid)
                    {
                        throw new InvalidOperationException($"b{b.Id} branches on {br.Condition}, a {br.Condition.Type} condition IL cannot test");
                    }
                    EmitValue(br.Condition);
                    if (br.IfTrue == next && br.IfTrue.Phis.Count == 0)
                    {
                        _il.Append(_il.Create(OpCodes.Brfalse, EdgeTo(b, br.IfFalse)));
                        return;
                    }
                    _il.Append(_il.Create(OpCodes.Brtrue, EdgeTo(b, br.IfTrue)));
                    if (br.IfFalse.Phis.Count > 0 || br.IfFalse != next) _il.Append(_il.Create(OpCodes.Br, EdgeTo(b, br.IfFalse)));
                    return;
                case Switch s:
                    EmitValue(s.Index);
                    _il.Append(_il.Create(OpCodes.Switch, s.Targets.Select(t => EdgeTo(b, t)).ToArray()));
                    _il.Append(_il.Create(OpCodes.Br, EdgeTo(b, s.Default)));
                    return;
                default:
                    throw new InvalidOperationException($"b{b.Id} has no terminator");
            }
        }

        /// <summary>Where a conditional edge lands: the block itself, or a trampoline that first does its phi copies.</summary>
        private IlInstruction EdgeTo(Block from, Block to)
        {
            if (to.Phis.Count == 0) return _labels[to];
            foreach (var t in _trampolines)
            {
                if (t.From == from && t.To == to) return t.Label;
            }
            var label = _il.Create(OpCodes.Nop);
            _trampolines.Add((label, from, to));
            return label;
        }

        /// <summary>
        /// Assigns every phi of <paramref name="to"/> its value from <paramref name="from"/>, all at once:
        /// one at a time where no copy still to do reads the local it writes (a phi's incoming value is
        /// a parameter, a constant or a value in a local, never an inline expression: ValuePlacement),
        /// skipping a value already in its phi's local; what is left are cycles (a swap), copied through
        /// the evaluation stack. Why not always the stack: the JIT gives every stacked value a temporary
        /// and, in a loop's back edge, does not always fold them away (moves in every iteration).
        /// </summary>
        private void EmitPhiCopies(Block from, Block to)
        {
            var pending = new List<(VariableDefinition Destination, Value Source)>();
            foreach (var phi in to.Phis)
            {
                var source = phi.ValueFrom(from);
                var destination = _locals[phi];
                if (LocalOf(source) != destination) pending.Add((destination, source));
            }
            for (int ready = NextReady(pending); ready >= 0; ready = NextReady(pending))
            {
                EmitValue(pending[ready].Source);
                _il.Append(_il.Create(OpCodes.Stloc, pending[ready].Destination));
                pending.RemoveAt(ready);
            }
            foreach (var copy in pending) EmitValue(copy.Source);
            for (int k = pending.Count - 1; k >= 0; k--) _il.Append(_il.Create(OpCodes.Stloc, pending[k].Destination));
        }

        /// <summary>A copy whose destination no other pending copy reads; -1 when every one is read (cycles).</summary>
        private int NextReady(List<(VariableDefinition Destination, Value Source)> pending)
        {
            for (int k = 0; k < pending.Count; k++)
            {
                bool read = false;
                for (int o = 0; o < pending.Count && !read; o++) read = o != k && LocalOf(pending[o].Source) == pending[k].Destination;
                if (!read) return k;
            }
            return -1;
        }

        /// <summary>The local a value is loaded from (a phi, or an instruction kept in a local); null for parameters and constants.</summary>
        private VariableDefinition? LocalOf(Value v) => v is Phi || v is IrInstruction ? _locals.TryGetValue(v, out var local) ? local : null : null;

        /// <summary>Removes the nops that served as labels, pointing every branch at the instruction after them.</summary>
        private void RemoveLabelNops()
        {
            var instructions = _body.Instructions;
            var replacement = new Dictionary<IlInstruction, IlInstruction>();
            for (int n = instructions.Count - 1; n >= 0; n--)
            {
                var i = instructions[n];
                if (i.OpCode != OpCodes.Nop) continue;
                var after = n + 1 < instructions.Count ? instructions[n + 1] : null;
                if (after == null) continue; // a trailing label would be unreachable; keep it
                replacement[i] = replacement.TryGetValue(after, out var further) ? further : after;
            }
            foreach (var i in instructions)
            {
                if (i.Operand is IlInstruction target && replacement.TryGetValue(target, out var to)) i.Operand = to;
                else if (i.Operand is IlInstruction[] targets)
                {
                    for (int k = 0; k < targets.Length; k++)
                    {
                        if (replacement.TryGetValue(targets[k], out var t)) targets[k] = t;
                    }
                }
            }
            // Rebuilt rather than removed one by one: each Remove shifts the rest of the list,
            // which made this quadratic in the size of the derivative.
            var kept = instructions.Where(i => !replacement.ContainsKey(i)).ToList();
            instructions.Clear();
            foreach (var i in kept) instructions.Add(i);
        }
    }
}
