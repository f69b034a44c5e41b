using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Reverse mode through memory. The forward sweep allocates the shadow of each local array
    /// and object, follows shadows of jagged rows, arrays held in fields or read through refs, and
    /// phis, and stores the shadow of each reference stored into shadowed memory at the same place
    /// in the container's shadow. Fields of objects
    /// with a shadow object are slots like array elements. In reverse, a load `v = a[i]` adds v's
    /// adjoint into the shadow slot (`ā[i] += v̄`); a store `a[i] = v` takes the slot's adjoint
    /// into v and clears the slot (`v̄ += ā[i]; ā[i] = 0`), since the overwritten value's
    /// derivative does not flow on. Shadow addresses are recomputed in the reverse block from
    /// the (taped) array and index, as managed pointers cannot be kept.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        /// <summary>The forward sweep's shadow of each shadowed primal memory value that is not an address.</summary>
        private readonly Dictionary<Value, Value> _forwardShadows = new Dictionary<Value, Value>();
        private readonly List<(Phi Primal, Phi Shadow)> _shadowPhis = new List<(Phi, Phi)>();

        private void EmitForwardShadow(IrBuilder b, Instruction i, Block block)
        {
            if (StoresMemory(i))
            {
                EmitForwardShadowStore(b, i);
                return;
            }
            if (OpFacts.IsCall(i.Op) && Engine.CallSemantics.GrowsList(i.Method!) && _shadows.HasShadow(i.Operands[0]))
            {
                // A list grown by an Add (SsaBuilder.Lists.cs): its shadow grows in step, so the
                // slot the reverse sweep reads back for the added value is at the same index.
                b.Call(i.Method!, true, _forwardShadows[i.Operands[0]], Cloner.Map(i.Operands[1]));
                return;
            }
            if (!_shadows.HasShadow(i)) return;
            Value shadow;
            switch (i.Op)
            {
                case Op.NewArray:
                    shadow = b.NewArray(i.TypeOperand!, i.Operands.Select(Cloner.Map).ToArray()); // the same lengths, one per dimension
                    break;
                case Op.StackAlloc:
                    // `T* p = stackalloc T[n]`: a second stackalloc, zeroed (the method has localsinit),
                    // alive until the derivative returns, so the reverse sweep still reaches it.
                    shadow = b.StackAlloc(Cloner.Map(i.Operands[0]), i.Type);
                    break;
                case Op.LoadElement:
                    shadow = b.LoadElement(i.TypeOperand!, _forwardShadows[i.Operands[0]], i.Indices.Select(Cloner.Map).ToArray());
                    break;
                case Op.LoadField:
                    shadow = b.LoadField(i.Field!, _forwardShadows[i.Operands[0]]);
                    break;
                case Op.LoadIndirect:
                    shadow = b.LoadIndirect(i.TypeOperand!, ShadowOfAddress(b, null, i.Operands[0]));
                    break;
                case Op.NewObj when ListTypes.IsFloatList(i.Type):
                    shadow = b.NewObject(i.Method!, i.Operands.Select(Cloner.Map).ToArray()); // an empty list, of the same capacity
                    break;
                case Op.NewObj when i.Type.Kind == IrTypeKind.Object:
                    shadow = b.NewObject(i.Method!); // a trivial constructor: every field zero
                    break;
                case Op.Add:
                case Op.Sub:
                    shadow = b.Binary(i.Op, ForwardShadowOrMap(i.Operands[0]), ForwardShadowOrMap(i.Operands[1]));
                    break;
                case Op.CallOnValue when i.Method!.Name == "Slice":
                {
                    var parent = _forwardShadows[i.Operands[0]];
                    var rest = i.Operands.Skip(1).Select(Cloner.Map).ToArray();
                    shadow = b.CallOnValue(SpanShadows.Member(i.Method, parent.Type.Clr!), parent.Type, parent, rest);
                    break;
                }
                case Op.Call:
                case Op.NewObj:
                {
                    var args = i.Operands.Select(o => _forwardShadows.TryGetValue(o, out var s) ? s
                        : o is Instruction { Op: Op.StackAlloc } alloc ? b.StackAlloc(Cloner.Map(alloc.Operands[0]))
                        : Cloner.Map(o)).ToArray();
                    shadow = i.Op == Op.Call ? b.CallReturning(i.Method!, false, i.Type, args) : b.NewObj(i.Method!, args);
                    break;
                }
                default:
                    return; // addresses are recomputed where they are needed
            }
            _forwardShadows[i] = shadow;
            DefinedIn(shadow, block);
        }

        /// <summary>A store into shadowed memory of a reference to memory that can hold derivatives (a row into a jagged array, an array into a field).</summary>
        private bool StoresMemory(Instruction i) =>
            ActivityAnalysis.IsStore(i.Op) && _shadows.HasShadow(i.Operands[0]) && ShadowAnalysis.HoldsFloats(ActivityAnalysis.StoredValue(i).Type);

        /// <summary>
        /// The stored memory's shadow goes into the same place in the container's shadow, so that
        /// whatever reads the reference back later finds its shadow there (null stays null; a
        /// store without a shadow is refused before, LostDerivativeCheck). In reverse it needs
        /// nothing: references carry no adjoint, and the shadows loaded back were taken when loaded.
        /// </summary>
        private void EmitForwardShadowStore(IrBuilder b, Instruction i)
        {
            var stored = ActivityAnalysis.StoredValue(i);
            var shadow = _forwardShadows.TryGetValue(stored, out var s) ? s : F.Null(stored.Type);
            var container = i.Operands[0];
            switch (i.Op)
            {
                case Op.StoreElement:
                    b.StoreElement(i.TypeOperand!, _forwardShadows[container], i.Indices.Select(Cloner.Map).ToArray(), shadow);
                    break;
                case Op.StoreField: // of an object: fields of structs hold scalars only
                    b.StoreField(i.Field!, _forwardShadows[container], shadow);
                    break;
                default:
                    b.StoreIndirect(i.TypeOperand!, ShadowOfAddress(b, null, container), shadow);
                    break;
            }
        }

        private Value ForwardShadowOrMap(Value primal) => _forwardShadows.TryGetValue(primal, out var s) ? s : Cloner.Map(primal);

        private void EmitForwardShadowPhis(Block block)
        {
            foreach (var phi in block.Phis)
            {
                if (!_shadows.HasShadow(phi)) continue;
                if (phi.Type.Kind == IrTypeKind.ByRef)
                {
                    throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                        "a ref local that points into different memory on different paths is not supported yet in reverse mode", block.Terminator?.Origin);
                }
                var shadow = F.AddPhi(Cloner.Map(block), phi.Type);
                _forwardShadows[phi] = shadow;
                _shadowPhis.Add((phi, shadow));
                DefinedIn(shadow, block);
            }
        }

        private void FillShadowPhis()
        {
            foreach (var (phi, shadow) in _shadowPhis)
            {
                foreach (var e in phi.Incoming)
                {
                    var incoming = _forwardShadows.TryGetValue(e.Value, out var s) ? s : F.Null(phi.Type);
                    shadow.Incoming.Add(new PhiIncoming(Cloner.Map(e.Predecessor), incoming));
                }
            }
        }

        /// <summary>The reverse of a load from or store into shadowed memory; false when <paramref name="i"/> is not one.</summary>
        private bool EmitReverseMemory(IrBuilder b, ReverseScope scope, Instruction i)
        {
            var isLoad = ActivityAnalysis.IsLoad(i.Op);
            var isStore = ActivityAnalysis.IsStore(i.Op);
            if (!(isLoad || isStore) || !_shadows.HasShadow(i.Operands[0])) return false;
            if (isLoad && !_activity.IsActive(i)) return true;
            if (isStore && !ActivityAnalysis.StoredValue(i).Type.IsDifferentiable) return true; // a reference or an integer: no adjoint
            var type = ActivityAnalysis.SlotType(i);
            if (isLoad)
            {
                var adjoint = TakeAdjoint(b, i);
                if (SumLoadAdjoint(b, i, adjoint)) return true;
                var address = ShadowAddress(b, scope, i);
                b.StoreIndirect(type, address, b.Add(b.LoadIndirect(type, address), b.ToFloat(adjoint, i.Type)));
                return true;
            }
            var slot = ShadowAddress(b, scope, i);
            var stored = ActivityAnalysis.StoredValue(i);
            WholeStructStore.Refuse(i);
            if (_adjoints.ContainsKey(stored)) Accumulate(b, stored, b.ToFloat(b.LoadIndirect(type, slot), stored.Type));
            b.StoreIndirect(type, slot, b.Const(IrType.FromClr(type)!, 0));
            return true;
        }

        /// <summary>The address, in the shadow, of the slot that load or store <paramref name="i"/> touches.</summary>
        private Value ShadowAddress(IrBuilder b, ReverseScope? scope, Instruction i)
        {
            if (i.Op == Op.LoadElement || i.Op == Op.StoreElement)
            {
                return b.ElementAddress(i.TypeOperand!, Available(scope, _forwardShadows[i.Operands[0]]), AvailableIndices(scope, i));
            }
            if (i.Op == Op.LoadField || i.Op == Op.StoreField)
            {
                var holder = i.Operands[0];
                return b.FieldAddress(i.Field!, holder.Type.Kind == IrTypeKind.ByRef ? ShadowOfAddress(b, scope, holder) : Available(scope, _forwardShadows[holder]));
            }
            return ShadowOfAddress(b, scope, i.Operands[0]);
        }

        /// <summary>The indices of element access <paramref name="i"/> (one per dimension), as the reverse block sees them.</summary>
        private Value[] AvailableIndices(ReverseScope? scope, Instruction i) => i.Indices.Select(x => Available(scope, Cloner.Map(x))).ToArray();

        /// <summary>Shadow addresses already computed in a reverse block: `dp[j].X`, `.Y`, `.Z` share one `ldelema dp[j]` (one bounds check).</summary>
        private readonly Dictionary<(Block, Value), Value> _shadowAddresses = new Dictionary<(Block, Value), Value>();

        private Value ShadowOfAddress(IrBuilder b, ReverseScope? scope, Value address)
        {
            if (!(address is Instruction { Op: Op.ElementAddress or Op.FieldAddress })) return RetraceShadowAddress(b, scope, address);
            if (!_shadowAddresses.TryGetValue((b.Block, address), out var shadow))
            {
                _shadowAddresses[(b.Block, address)] = shadow = RetraceShadowAddress(b, scope, address);
            }
            return shadow;
        }

        private Value RetraceShadowAddress(IrBuilder b, ReverseScope? scope, Value address)
        {
            switch (address)
            {
                case Parameter p:
                    return _frame.ShadowOf(p, 0)!;
                case Instruction { Op: Op.ElementAddress } e:
                    return b.ElementAddress(e.TypeOperand!, Available(scope, _forwardShadows[e.Operands[0]]), AvailableIndices(scope, e));
                case Phi or Instruction { Op: Op.Add or Op.Sub or Op.StackAlloc } when address.Type.Kind == IrTypeKind.Pointer:
                    return Available(scope, _forwardShadows[address]);
                case Instruction { Op: Op.FieldAddress } e:
                    return b.FieldAddress(e.Field!, e.Operands[0].Type.Kind == IrTypeKind.ByRef
                        ? ShadowOfAddress(b, scope, e.Operands[0])
                        : Available(scope, _forwardShadows[e.Operands[0]]));
                case Instruction { Op: Op.CallOnValue } e when e.Method!.Name == "get_Item":
                {
                    var span = Available(scope, _forwardShadows[e.Operands[0]]);
                    return b.CallOnValue(SpanShadows.Member(e.Method, span.Type.Clr!), IrType.ByRef(e.Type.ElementClr!), span, Available(scope, Cloner.Map(e.Operands[1])));
                }
                default:
                    throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                        "a managed pointer whose target the weaver cannot retrace in reverse mode (a ref local chosen on different paths, or returned by a call)",
                        (address as Instruction)?.Origin);
            }
        }
    }
}
