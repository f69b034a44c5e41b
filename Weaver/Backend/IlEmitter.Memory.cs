using System;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IrInstruction = AutoDiff.Weaver.IR.Instruction;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// The memory family: arrays, managed pointers, fields, string constants, calls on a
    /// variable by address and on a copy of a struct value (spans). Element and indirect accesses use the typed opcodes C# emits for
    /// primitives and references (ldelem.r8, stind.ref...) and the token forms (ldelem.any,
    /// ldobj...) for every other type; elements of arrays of rank 2 and up, their allocation
    /// and lengths other than ldlen's are the calls C# emits (<see cref="ArrayMethods"/>). Every type, field and method is imported into the target
    /// module. These instructions have side effects, so <see cref="ValuePlacement"/> keeps them in
    /// place and in order; here they only push their operands and apply one opcode.
    /// </summary>
    public sealed partial class IlEmitter
    {
        private void EmitMemory(IrInstruction i)
        {
            switch (i.Op)
            {
                case Op.CallOnVariable:
                    // The variable by address is the call's `this`; the operands follow.
                    _il.Append(_il.Create(OpCodes.Ldloca, _variables[i.Variable!]));
                    foreach (var o in i.Operands) EmitValue(o);
                    _il.Append(_il.Create(OpCodes.Call, Module.ImportReference(i.Method)));
                    return;
                case Op.CallOnValue:
                {
                    // A copy of the struct receiver by address is the call's `this`. One scratch
                    // local per struct type is enough: a CallOnValue is never inline, so no other
                    // one runs between the store and the call.
                    var receiver = i.Operands[0];
                    var key = receiver.Type.Clr!.FullName;
                    if (!_receiverCopies.TryGetValue(key, out var copy)) _receiverCopies[key] = copy = NewLocal(receiver.Type);
                    EmitValue(receiver);
                    _il.Append(_il.Create(OpCodes.Stloc, copy));
                    _il.Append(_il.Create(OpCodes.Ldloca, copy));
                    for (int k = 1; k < i.Operands.Length; k++) EmitValue(i.Operands[k]);
                    _il.Append(_il.Create(OpCodes.Call, Module.ImportReference(i.Method)));
                    return;
                }
                case Op.LoadElement or Op.StoreElement when ListTypes.IsFloatList(i.Operands[0].Type):
                    // An element of a List<double>: the list's public indexer (SsaBuilder.Lists.cs).
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Callvirt, Module.ImportReference(Engine.KnownMethods.ListIndexer(i.Operands[0].Type.Clr!, i.Op == Op.StoreElement))));
                    return;
                case Op.ElementAddress when ListTypes.IsFloatList(i.Operands[0].Type):
                    // The reverse sweep's reference into a shadow list's slot, used at once.
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Call, Module.ImportReference(new Engine.KnownMethods(Module).ListElement(i.Operands[0].Type.Clr!))));
                    return;
                case Op.NewArray when i.Operands.Length > 1:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Newobj, Module.ImportReference(ArrayMethods.Constructor(Module, ElementType(i), i.Operands.Length))));
                    return;
                case Op.NewArray:
                    EmitValue(i.Operands[0]);
                    _il.Append(_il.Create(OpCodes.Newarr, ElementType(i)));
                    return;
                case Op.ArrayLength:
                    EmitOperands(i);
                    _il.Append(i.Operands.Length == 2 ? _il.Create(OpCodes.Callvirt, Module.ImportReference(ArrayMethods.GetLength(Module)))
                        : i.Type.Kind == IrTypeKind.Int32 ? _il.Create(OpCodes.Callvirt, Module.ImportReference(ArrayMethods.Length(Module)))
                        : _il.Create(OpCodes.Ldlen));
                    return;
                case Op.LoadElement when i.Operands.Length > 2:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Call, Module.ImportReference(ArrayMethods.Get(Module, ElementType(i), i.Operands.Length - 1))));
                    return;
                case Op.LoadElement:
                    EmitOperands(i);
                    EmitTyped(i, t => t.LoadElement, OpCodes.Ldelem_Any);
                    return;
                case Op.StoreElement when i.Operands.Length > 3:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Call, Module.ImportReference(ArrayMethods.Set(Module, ElementType(i), i.Operands.Length - 2))));
                    return;
                case Op.StoreElement:
                    EmitOperands(i);
                    EmitTyped(i, t => t.StoreElement, OpCodes.Stelem_Any);
                    return;
                case Op.ElementAddress when i.Operands.Length > 2:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Call, Module.ImportReference(ArrayMethods.Address(Module, ElementType(i), i.Operands.Length - 1))));
                    return;
                case Op.ElementAddress:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Ldelema, ElementType(i)));
                    return;
                case Op.LoadIndirect:
                    EmitOperands(i);
                    EmitTyped(i, t => t.LoadIndirect, OpCodes.Ldobj);
                    return;
                case Op.StoreIndirect:
                    EmitOperands(i);
                    EmitTyped(i, t => t.StoreIndirect, OpCodes.Stobj);
                    return;
                case Op.LoadField:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Ldfld, FieldOf(i)));
                    return;
                case Op.StoreField:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Stfld, FieldOf(i)));
                    return;
                case Op.FieldAddress:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Ldflda, FieldOf(i)));
                    return;
                case Op.LoadStaticField:
                    _il.Append(_il.Create(OpCodes.Ldsfld, FieldOf(i)));
                    return;
                case Op.LoadString:
                    _il.Append(_il.Create(OpCodes.Ldstr, i.Text ?? throw new InvalidOperationException($"{i} has no text")));
                    return;
                case Op.StackAlloc:
                    EmitOperands(i);
                    _il.Append(_il.Create(OpCodes.Localloc));
                    return;
                default:
                    throw new InvalidOperationException($"{i.Op} is not a memory op");
            }
        }

        private void EmitOperands(IrInstruction i)
        {
            foreach (var o in i.Operands) EmitValue(o);
        }

        /// <summary>The typed opcode for the element type when there is one, else the token form.</summary>
        private void EmitTyped(IrInstruction i, Func<(OpCode LoadElement, OpCode StoreElement, OpCode LoadIndirect, OpCode StoreIndirect), OpCode> pick, OpCode tokenForm)
        {
            var element = ElementType(i);
            var typed = OpCodeTable.Typed(element);
            _il.Append(typed.HasValue ? _il.Create(pick(typed.Value)) : _il.Create(tokenForm, element));
        }

        private TypeReference ElementType(IrInstruction i) =>
            Module.ImportReference(i.TypeOperand ?? throw new InvalidOperationException($"{i} has no element type"));

        private FieldReference FieldOf(IrInstruction i) =>
            Module.ImportReference(i.Field ?? throw new InvalidOperationException($"{i} has no field"));
    }
}
