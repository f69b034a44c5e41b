using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Arrays and managed pointers: newarr, ldlen, ldelema and the typed element and indirect
    // loads and stores (IlMemoryOpcodes), each turned into one IR memory op on the simulated
    // stack. A managed pointer is an ordinary ByRef value, so dup, phis and calls carry it as
    // they carry any other value. Values stored are converted to the location's float width,
    // as stores to locals are. Element types the IR cannot hold (structs) are AD2005;
    // addresses held in plain integers are AD2001.
    public sealed partial class SsaBuilder
    {
        /// <summary>Translates <paramref name="ins"/> if it is an array or indirect memory op; false otherwise.</summary>
        private bool TryTranslateMemory(IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Newarr:
                {
                    var length = PopIndex(stack, ins);
                    stack.Add(builder.NewArray((TypeReference)ins.Operand, length));
                    return true;
                }
                case Code.Ldlen:
                    stack.Add(builder.ArrayLength(PopArray(stack, ins)));
                    return true;
                case Code.Ldelema:
                {
                    var index = PopIndex(stack, ins);
                    var array = PopArray(stack, ins);
                    stack.Add(builder.ElementAddress((TypeReference)ins.Operand, array, index));
                    return true;
                }
                case Code.Readonly:
                    // The readonly. prefix of ldelema only waives a type check; the address is the same.
                    return true;
            }
            if (!IlMemoryOpcodes.TryGet(ins, _method.Module, out var access, out var type)) return false;
            switch (access)
            {
                case MemoryAccess.LoadElement:
                {
                    var index = PopIndex(stack, ins);
                    var array = PopArray(stack, ins);
                    type ??= ElementOf(array);
                    HeldType(type, ins, "an array element");
                    stack.Add(builder.LoadElement(type, array, index));
                    return true;
                }
                case MemoryAccess.StoreElement:
                {
                    var value = Pop(stack, ins);
                    var index = PopIndex(stack, ins);
                    var array = PopArray(stack, ins);
                    type ??= ElementOf(array);
                    var stored = Coerce(value, HeldType(type, ins, "an array element"), builder, "an array element");
                    builder.StoreElement(type, array, index, stored);
                    return true;
                }
                case MemoryAccess.LoadIndirect:
                {
                    var address = PopAddress(stack, ins);
                    type ??= ElementOf(address);
                    HeldType(type, ins, "a value read through a reference");
                    stack.Add(builder.LoadIndirect(type, address));
                    return true;
                }
                default:
                {
                    var value = Pop(stack, ins);
                    var address = PopAddress(stack, ins);
                    type ??= ElementOf(address);
                    var stored = Coerce(value, HeldType(type, ins, "a value written through a reference"), builder, "a reference");
                    builder.StoreIndirect(type, address, stored);
                    return true;
                }
            }
        }

        /// <summary>The static element type of an array or managed pointer (System.Object when the stack only knows "some object").</summary>
        private TypeReference ElementOf(Value arrayOrAddress) => arrayOrAddress.Type.ElementClr ?? _method.Module.TypeSystem.Object;

        /// <summary>The IR type of a location of type <paramref name="type"/>; AD2005 when the IR cannot hold it (a struct).</summary>
        private static IrType HeldType(TypeReference type, IlInstruction ins, string what)
        {
            var held = IrType.FromClr(type);
            if (held == null || held.IsVoid)
            {
                throw new DiagnosticException(DiagnosticCatalog.UnsupportedType, $"{what} of type {CSharpNames.Type(type)}", ins);
            }
            return held;
        }

        private static Value PopArray(List<Value> stack, IlInstruction ins)
        {
            var array = Pop(stack, ins);
            if (array.Type.Kind != IrTypeKind.Object)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"{ins.OpCode.Name} at IL_{ins.Offset:x4} takes an array but finds {CSharpNames.Type(array.Type)}", ins);
            }
            return array;
        }

        private static Value PopIndex(List<Value> stack, IlInstruction ins)
        {
            var index = Pop(stack, ins);
            if (index.Type.Kind != IrTypeKind.Int32 && index.Type.Kind != IrTypeKind.NativeInt)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"{ins.OpCode.Name} at IL_{ins.Offset:x4} takes an int or nint but finds {CSharpNames.Type(index.Type)}", ins);
            }
            return index;
        }

        /// <summary>Pops a managed pointer or a typed unmanaged one (T*); an integer used as an address is AD2001.</summary>
        private static Value PopAddress(List<Value> stack, IlInstruction ins)
        {
            var address = Pop(stack, ins);
            if (address.Type.Kind == IrTypeKind.ByRef || address.Type.Kind == IrTypeKind.Pointer) return address;
            if (address.Type.IsInteger)
            {
                throw new DiagnosticException(DiagnosticCatalog.UnsupportedInstruction, IntegerAddress(ins, address), ins);
            }
            throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"{ins.OpCode.Name} at IL_{ins.Offset:x4} takes a reference but finds {CSharpNames.Type(address.Type)}", ins);
        }
    }
}
