using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // List<double> and List<float> as memory, like a double[]: `list[i]` becomes a LoadElement
    // and `list[i] = v` a StoreElement whose container is the list (IlEmitter lowers them back to
    // the list's public indexer), so every analysis and both modes treat a list's elements as
    // they treat an array's, and the shadow of a list is a list of the same type whose element i
    // holds element i's derivative. `list.Add(v)` becomes three ops: `n = list.Count`, the list
    // grown by a zero (`list.Add(0)`: a call the emitters repeat on every shadow, so each shadow
    // grows in step and has a zero slot at n), and the store `list[n] = v`. The store is an
    // ordinary one: forward mode writes v's tangent at n, reverse mode takes n's adjoint back to v
    // and clears the slot. A grow changes no element that exists, so analyses of memory need not
    // count it as a write (CallSemantics.GrowsList). Count stays a call: unlike an array's length
    // it changes when the list grows, so it is never recomputed in the reverse sweep; it is kept.
    //
    // Why not through List<T>'s own IL: it reads the private fields _items and _size, which a
    // woven assembly must not depend on, and its backing array changes when the list grows, so
    // an element's address kept across an Add would point into memory the list no longer uses.
    // Why not lower to CollectionsMarshal.AsSpan(list)[i]: a span returned by a call cannot be
    // rebuilt by the reverse sweep inside a loop, and it goes stale at the next Add. The ops here
    // name the list itself at every access. The reverse sweep's adjoint updates need a reference
    // into a shadow list's element: AutoDiff.ListShadows.Element (in the runtime), taken and used
    // at once, never across a grow.
    //
    // `new List<T>(collection)` would copy elements the weaver cannot follow (AD4004); other
    // members (Insert, Remove, Sort, ToArray...) stay calls, refused where they are handed a list
    // that carries derivatives (LostDerivativeCheck, AD4001).
    public sealed partial class SsaBuilder
    {
        /// <summary>Translates a call to the indexer or Add of a List&lt;float&gt;/List&lt;double&gt;; false for any other call.</summary>
        private bool TryTranslateListCall(IlInstruction ins, MethodReference method, List<Value> stack, IrBuilder builder)
        {
            if (!method.HasThis || !ListTypes.IsFloatList(method.DeclaringType)) return false;
            var element = ListTypes.ElementOf(method.DeclaringType);
            var held = IrType.FromClr(element)!;
            switch (method.Name)
            {
                case "get_Item" when method.Parameters.Count == 1:
                {
                    var index = Coerce(PopIndex(stack, ins), IrType.Int32, builder, "a list index");
                    var list = PopArray(stack, ins);
                    stack.Add(builder.LoadElement(element, list, index));
                    return true;
                }
                case "set_Item" when method.Parameters.Count == 2:
                {
                    var value = Coerce(Pop(stack, ins), held, builder, "a list element");
                    var index = Coerce(PopIndex(stack, ins), IrType.Int32, builder, "a list index");
                    var list = PopArray(stack, ins);
                    builder.StoreElement(element, list, index, value);
                    return true;
                }
                case "Add" when method.Parameters.Count == 1:
                {
                    var value = Coerce(Pop(stack, ins), held, builder, "a list element");
                    var list = PopArray(stack, ins);
                    var count = builder.CallReturning(ListTypes.Count(method.DeclaringType), isVirtual: true, IrType.Int32, list);
                    builder.Call(method, true, list, builder.Const(held, 0));
                    builder.StoreElement(element, list, count, value);
                    return true;
                }
                default:
                    return false;
            }
        }

        /// <summary>
        /// AD4004 for <c>new List&lt;double&gt;(collection)</c>: the copy of the collection's elements
        /// happens inside the framework, where no derivative can follow it.
        /// </summary>
        private static void RefuseListCopy(IlInstruction ins, MethodReference constructor)
        {
            if (!ListTypes.IsFloatList(constructor.DeclaringType) || constructor.Parameters.Count == 0) return;
            if (constructor.Parameters[0].ParameterType.MetadataType == MetadataType.Int32) return;
            throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"{CSharpNames.Method(constructor)} copies a collection into a new list inside the framework, where no derivative can follow the elements; make the list with new {CSharpNames.Type(constructor.DeclaringType)}() and Add each element", ins);
        }
    }
}
