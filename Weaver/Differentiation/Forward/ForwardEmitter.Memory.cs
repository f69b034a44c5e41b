using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Forward
{
    /// <summary>Forward mode through memory: shadows are computed beside the primal memory values; tangents are loaded from and stored into them.</summary>
    public sealed partial class ForwardEmitter
    {
        /// <summary>Handles a memory instruction; false when it is not one that forward mode treats specially.</summary>
        private bool EmitMemory(IrBuilder b, Instruction i)
        {
            if (i.Op == Op.LoadField && i.Operands[0].Type.IsScalarStructValue)
            {
                // A field of a struct value: its tangent is that field of the struct's tangent.
                if (_activity.IsActive(i)) _tangents[i] = Lanes(k => b.LoadField(i.Field!, _tangents[i.Operands[0]][k], i.Type));
                return true;
            }
            if (_shadows.HasShadow(i))
            {
                _tangents[i] = Lanes(k => ShadowOf(b, i, k));
                return true;
            }
            if (OpFacts.IsCall(i.Op) && Engine.CallSemantics.GrowsList(i.Method!) && _shadows.HasShadow(i.Operands[0]))
            {
                // A list grown by an Add (SsaBuilder.Lists.cs): each tangent list grows in step, so
                // the tangent stored next lands at the same index.
                for (int k = 0; k < _lanes; k++) b.Call(i.Method!, true, _tangents[i.Operands[0]][k], Cloner.Map(i.Operands[1]));
                return true;
            }
            if (ActivityAnalysis.IsLoad(i.Op) && _shadows.HasShadow(i.Operands[0]))
            {
                if (_activity.IsActive(i)) _tangents[i] = Lanes(k => Access(b, i, k, null));
                return true;
            }
            if (ActivityAnalysis.IsStore(i.Op) && _shadows.HasShadow(i.Operands[0]))
            {
                var stored = ActivityAnalysis.StoredValue(i);
                WholeStructStore.Refuse(i);
                for (int k = 0; k < _lanes; k++) Access(b, i, k, b.ToFloat(TangentOrZero(stored, k, stored.Type), stored.Type));
                return true;
            }
            return false;
        }

        /// <summary>The shadow of a memory value made by <paramref name="i"/>, in lane <paramref name="k"/>.</summary>
        private Value ShadowOf(IrBuilder b, Instruction i, int k)
        {
            switch (i.Op)
            {
                case Op.NewArray: return b.NewArray(i.TypeOperand!, MapAll(i.Operands)); // the same lengths, one per dimension
                case Op.StackAlloc: return b.StackAlloc(Cloner.Map(i.Operands[0]), i.Type); // zeroed: the method has localsinit
                case Op.ElementAddress: return b.ElementAddress(i.TypeOperand!, _tangents[i.Operands[0]][k], MapAll(i.Indices));
                case Op.LoadElement: return b.LoadElement(i.TypeOperand!, _tangents[i.Operands[0]][k], MapAll(i.Indices));
                case Op.LoadIndirect: return b.LoadIndirect(i.TypeOperand!, _tangents[i.Operands[0]][k]);
                case Op.NewObj when ListTypes.IsFloatList(i.Type): return b.NewObject(i.Method!, MapAll(i.Operands)); // an empty list, of the same capacity
                case Op.NewObj when i.Type.Kind == IrTypeKind.Object: return b.NewObject(i.Method!); // a trivial constructor: every field zero
                case Op.FieldAddress: return b.FieldAddress(i.Field!, _tangents[i.Operands[0]][k]);
                case Op.Add:
                case Op.Sub:
                    return b.Binary(i.Op, LaneOrMap(i.Operands[0], k), LaneOrMap(i.Operands[1], k));
                case Op.CallOnValue:
                {
                    var shadow = _tangents[i.Operands[0]][k];
                    var member = SpanShadows.Member(i.Method!, shadow.Type.Clr!);
                    var type = i.Method!.Name == "Slice" ? shadow.Type : i.Method.Name == "get_Item" ? IrType.ByRef(i.Type.ElementClr!) : i.Type;
                    return b.CallOnValue(member, type, shadow, MapRest(i));
                }
                case Op.Call:
                case Op.NewObj:
                {
                    var args = new Value[i.Operands.Length];
                    for (int a = 0; a < args.Length; a++)
                    {
                        var o = i.Operands[a];
                        args[a] = _tangents.TryGetValue(o, out var t) ? t[k]
                            : o is Instruction { Op: Op.StackAlloc } alloc ? b.StackAlloc(Cloner.Map(alloc.Operands[0]))
                            : Cloner.Map(o);
                    }
                    return i.Op == Op.Call ? b.CallReturning(i.Method!, false, i.Type, args) : b.NewObj(i.Method!, args);
                }
                case Op.LoadField: return b.LoadField(i.Field!, _tangents[i.Operands[0]][k]);
                default: throw new System.InvalidOperationException($"{i.Op} makes no shadow");
            }
        }

        /// <summary>The load (value null) or store of <paramref name="i"/>, done on the shadow of lane <paramref name="k"/>.</summary>
        private Value Access(IrBuilder b, Instruction i, int k, Value? value)
        {
            var shadow = _tangents[i.Operands[0]][k];
            if (i.Op == Op.LoadField || i.Op == Op.StoreField)
            {
                return value == null ? b.LoadField(i.Field!, shadow) : b.StoreField(i.Field!, shadow, value);
            }
            var type = i.TypeOperand!;
            if (i.Op == Op.LoadElement || i.Op == Op.StoreElement)
            {
                var indices = MapAll(i.Indices); // the primal's indices, every dimension
                return value == null ? b.LoadElement(type, shadow, indices) : b.StoreElement(type, shadow, indices, value);
            }
            return value == null ? b.LoadIndirect(type, shadow) : b.StoreIndirect(type, shadow, value);
        }

        /// <summary>An operand of pointer arithmetic: the shadow pointer in lane k, or the (integer) offset itself.</summary>
        private Value LaneOrMap(Value operand, int k) => _tangents.TryGetValue(operand, out var t) ? t[k] : Cloner.Map(operand);

        private Value[] MapAll(Value[] primal)
        {
            var mapped = new Value[primal.Length];
            for (int a = 0; a < primal.Length; a++) mapped[a] = Cloner.Map(primal[a]);
            return mapped;
        }

        private Value[] MapRest(Instruction i)
        {
            var rest = new Value[i.Operands.Length - 1];
            for (int a = 1; a < i.Operands.Length; a++) rest[a - 1] = Cloner.Map(i.Operands[a]);
            return rest;
        }

        private Value[] Lanes(System.Func<int, Value> make)
        {
            var lanes = new Value[_lanes];
            for (int k = 0; k < _lanes; k++) lanes[k] = make(k);
            return lanes;
        }
    }
}
