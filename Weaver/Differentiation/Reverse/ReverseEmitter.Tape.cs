using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// What a reverse block may read of the forward sweep. Values from blocks that run once are
    /// read from the forward sweep's locals. A reverse block of a loop reads the values of its own
    /// iteration: the forward copy of the block pushes them on a tape (one typed tape per value
    /// type) as its last act, and the reverse block pops them, in the opposite order, as its
    /// first. The reverse sweep runs the blocks in exactly the opposite order of the forward
    /// sweep, so every pop meets its push.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        /// <summary>The primal block each forward-sweep value (copy, shadow, came-from) belongs to.</summary>
        private readonly Dictionary<Value, Block> _definedIn = new Dictionary<Value, Block>();
        private readonly Dictionary<string, Variable> _tapes = new Dictionary<string, Variable>();
        private readonly List<ReverseScope> _scopes = new List<ReverseScope>();

        private void DefinedIn(Value forward, Block primalBlock) => _definedIn[forward] = primalBlock;

        /// <summary>
        /// The value of forward-sweep value <paramref name="forward"/> as the reverse block of
        /// <paramref name="scope"/> sees it (null: the forward sweep, where it is itself): the forward local when it cannot have changed since;
        /// a variable set where the reverse sweep enters a loop, for a value made before the loop (ReverseEmitter.Loops.cs);
        /// else recomputed from other available values when that is cheap and exact (integer and
        /// simple float arithmetic, loads of memory the function never writes: UnwrittenMemory); else popped. A
        /// span or ref cannot be popped: it is rebuilt from its pieces (ReverseEmitter.Rebuild.cs).
        /// </summary>
        private Value Available(ReverseScope? scope, Value forward)
        {
            if (scope == null) return forward; // asked from the forward sweep itself
            if (forward is Constant || forward is Parameter) return forward;
            if (!_taped.Contains(scope.Primal)) return forward;
            if (!_definedIn.TryGetValue(forward, out var definedIn) || !_taped.Contains(definedIn)) return forward;
            if (scope.Popped.TryGetValue(forward, out var popped)) return popped;
            var invariant = LoopInvariant(scope, forward, definedIn);
            if (invariant != null)
            {
                _plan.Note(scope.Primal, Describe(forward), Crossing.LoopEntry);
                scope.Popped[forward] = (Instruction)invariant;
                return invariant;
            }
            var induction = InductionValue(scope, forward);
            if (induction != null)
            {
                _plan.Note(scope.Primal, Describe(forward), Crossing.Induction);
                scope.Popped[forward] = (Instruction)induction;
                return induction;
            }
            if (forward.Type.Kind == IrTypeKind.ByRef || forward.Type.Kind == IrTypeKind.Struct)
            {
                _plan.Note(scope.Primal, Describe(forward), Crossing.Rebuilt);
                return Rebuilt(scope, forward);
            }
            if (forward is Instruction { Op: Op.LoadField } shadowField && shadowField.Operands.Length == 1 && shadowField.Operands[0] is Parameter && _unwritten.FieldsStayPut && !_isClonedPrimal.ContainsKey(shadowField))
            {
                // The array in a field of a shadow object (`dnet.W`): the same in every iteration, as
                // nothing in the function makes a field refer to anything else.
                _plan.Note(scope.Primal, Describe(forward), Crossing.Reread);
                return AppendCopy(scope, shadowField);
            }
            if (forward is Instruction i && Recomputable(i))
            {
                _plan.Note(scope.Primal, Describe(forward), OpFacts.ReadsMemory(i.Op) ? Crossing.Reread : Crossing.Recompute);
                return AppendCopy(scope, i);
            }
            _plan.Note(scope.Primal, Describe(forward), Crossing.Tape);
            var tape = Tape(forward.Type);
            var pop = F.NewInstruction(forward.Type, Op.CallOnVariable);
            pop.Variable = tape;
            pop.Method = _context.Methods.Tape(TapeElement(forward.Type)).Pop;
            scope.Needs.Add(forward);
            scope.Popped[forward] = pop;
            return pop;
        }

        /// <summary>A forward value as the plan names it: by the primal value it copies (its SSA number and operation), or by what the derivative made it for.</summary>
        private string Describe(Value forward)
        {
            if (_planNames.TryGetValue(forward, out var name)) return name;
            if (_isClonedPrimal.TryGetValue(forward, out var primal))
            {
                var what = primal.Method != null ? primal.Op + " " + primal.Method.DeclaringType.Name + "." + primal.Method.Name : primal.Op.ToString();
                return $"%{primal.Id} ({what})";
            }
            if (_primalPhiOf.TryGetValue(forward, out var phi)) return $"%{phi.Id} (phi)";
            foreach (var entry in _counts)
            {
                if (entry.Value.Count == forward) return $"count of b{entry.Key.Header.Id}";
            }
            foreach (var entry in _cameFrom)
            {
                if (entry.Value == forward) return $"came-from of b{entry.Key.Id}";
            }
            return forward is Instruction made ? $"derivative's %{made.Id} ({made.Op})" : $"derivative's %{forward.Id}";
        }

        /// <summary>A copy of <paramref name="i"/> over the reverse block's view of its operands, appended to the block and remembered for it.</summary>
        private Instruction AppendCopy(ReverseScope scope, Instruction i)
        {
            var operands = new Value[i.Operands.Length];
            for (int k = 0; k < operands.Length; k++) operands[k] = Available(scope, i.Operands[k]);
            var again = F.CopyOf(i, operands);
            F.Append(scope.Reverse, again);
            scope.Popped[i] = again;
            return again;
        }

        /// <summary>Cheap and exact to compute again in the reverse block rather than keep on the tape.</summary>
        private bool Recomputable(Instruction i)
        {
            if (!_isClonedPrimal.TryGetValue(i, out var primal)) return false;
            if (OpFacts.RecomputesExactly(i) && i.Op != Op.ArrayLength) return true;
            switch (i.Op)
            {
                case Op.LoadField when i.Operands[0].Type.Kind == IrTypeKind.Struct:
                    return true; // a field of a struct value: no memory involved
                case Op.LoadElement:
                case Op.LoadIndirect:
                case Op.LoadField:
                case Op.ArrayLength:
                    if (!_unwritten.IsUnwritten(primal)) return false;
                    _rereadRoots.UnionWith(_unwritten.RereadRoots(primal));
                    return true;
                case Op.CallOnValue:
                    return SpanShadows.IsPureGetter(i);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Pushes at the end of each looping block's forward copy; pops at the start of its reverse
        /// block. The values of one type go on in as few calls as the runtime allows (up to four
        /// per Push) and come off with one PopFrame, each then read with At — one test for room
        /// and one for emptiness per block and type, where a Push and a Pop per value had one each.
        /// </summary>
        private void PlaceTapeTraffic()
        {
            var reads = new Dictionary<Value, Value>();
            foreach (var scope in _scopes)
            {
                if (scope.Needs.Count == 0) continue;
                var forward = Cloner.Map(scope.Primal);
                var b = new IrBuilder(F, forward) { Origin = scope.Primal.Terminator?.Origin };
                var pops = new List<Instruction>();
                foreach (var group in scope.Needs.GroupBy(v => TapeElement(v.Type).FullName))
                {
                    var values = group.ToList();
                    var tape = Tape(values[0].Type);
                    var methods = _context.Methods.Tape(TapeElement(values[0].Type));
                    if (methods.Multi == null || values.Count == 1)
                    {
                        foreach (var v in values) b.CallOnVariable(tape, methods.Push, IrType.Void, v);
                        for (int k = values.Count - 1; k >= 0; k--) pops.Add(scope.Popped[values[k]]);
                        continue;
                    }
                    for (int k = 0; k < values.Count; k += MultiValueTape.MostPerPush)
                    {
                        var chunk = values.Skip(k).Take(MultiValueTape.MostPerPush).ToArray();
                        b.CallOnVariable(tape, methods.Multi.Push(chunk.Length), IrType.Void, chunk);
                    }
                    var start = TapeCall(tape, methods.Multi.PopFrame, IrType.Int32, F.ConstInt(IrType.Int32, values.Count));
                    pops.Add(start);
                    for (int k = 0; k < values.Count; k++)
                    {
                        Value index = start;
                        if (k > 0)
                        {
                            var offset = F.NewInstruction(IrType.Int32, Op.Add, start, F.ConstInt(IrType.Int32, k));
                            pops.Add(offset);
                            index = offset;
                        }
                        var at = TapeCall(tape, methods.Multi.At, values[k].Type, index);
                        pops.Add(at);
                        reads[scope.Popped[values[k]]] = at;
                    }
                }
                foreach (var pop in pops) pop.Block = scope.Reverse;
                scope.Reverse.Instructions.InsertRange(0, pops);
            }
            if (reads.Count > 0) F.ReplaceUses(v => reads.TryGetValue(v, out var read) ? read : v);
            ReserveTapes();
        }

        private Instruction TapeCall(Variable tape, Mono.Cecil.MethodReference method, IrType result, params Value[] arguments)
        {
            var call = F.NewInstruction(result, Op.CallOnVariable, arguments);
            call.Variable = tape;
            call.Method = method;
            return call;
        }

        private void ReleaseTapes(IrBuilder b)
        {
            foreach (var tape in _tapes.Values)
            {
                var element = ((Mono.Cecil.GenericInstanceType)tape.Type.Clr!).GenericArguments[0];
                b.CallOnVariable(tape, _context.Methods.Tape(element).Release, IrType.Void);
            }
        }

        private Variable Tape(IrType type)
        {
            var element = TapeElement(type);
            if (!_tapes.TryGetValue(element.FullName, out var tape))
            {
                tape = F.AddVariable(IrType.Struct(_context.Methods.Tape(element).Type), "tape_" + type);
                _tapes[element.FullName] = tape;
            }
            return tape;
        }

        private Mono.Cecil.TypeReference TapeElement(IrType type)
        {
            var ts = _context.Module.TypeSystem;
            return type.Kind switch
            {
                IrTypeKind.Float64 => ts.Double,
                IrTypeKind.Float32 => ts.Single,
                IrTypeKind.Int32 => ts.Int32,
                IrTypeKind.Int64 => ts.Int64,
                IrTypeKind.NativeInt or IrTypeKind.Pointer => ts.IntPtr,
                IrTypeKind.Object => type.Clr!,
                _ => throw new System.InvalidOperationException($"a {type} value cannot be kept on a tape"),
            };
        }

        /// <summary>One reverse block under construction: which forward values it pops, in push order.</summary>
        private sealed class ReverseScope
        {
            public ReverseScope(Block primal, Block reverse)
            {
                Primal = primal;
                Reverse = reverse;
            }

            public Block Primal { get; }

            public Block Reverse { get; }

            public List<Value> Needs { get; } = new List<Value>();

            public Dictionary<Value, Instruction> Popped { get; } = new Dictionary<Value, Instruction>();
        }
    }
}
