using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // `stackalloc`: IL localloc leaves a bare native int. C# compiles `T* p = stackalloc T[n]`
    // (Debug and Release alike, whenever p is used more than once in a row) as localloc followed
    // at once by a store into the T* local; that store is what says which memory it is, so the
    // result is typed T* there and becomes memory with a shadow like a T* parameter. A span
    // constructor takes the native int as it is (SsaBuilder.Objects.cs). A result the compiler
    // keeps on the stack instead (Release, a pointer dereferenced once straight after) stays an
    // integer and is refused where it is dereferenced (PopAddress), never guessed at.
    public sealed partial class SsaBuilder
    {
        /// <summary>The IR type of the value <paramref name="localloc"/> pushes: T* when the next instruction stores it into a T* local, NativeInt otherwise.</summary>
        private IrType StackAllocType(IlInstruction localloc)
        {
            var next = localloc.Next;
            if (next == null || !IsStoreLocal(next.OpCode.Code)) return IrType.NativeInt;
            return Local(next).VariableType is PointerType pointer ? IrType.Pointer(pointer.ElementType) : IrType.NativeInt;
        }

        private static bool IsStoreLocal(Code code) =>
            code is Code.Stloc_0 or Code.Stloc_1 or Code.Stloc_2 or Code.Stloc_3 or Code.Stloc or Code.Stloc_S;

        /// <summary>The AD2001 message for memory read or written through an address held in a plain integer.</summary>
        private static string IntegerAddress(IlInstruction ins, Value address) =>
            address is IR.Instruction { Op: Op.StackAlloc }
                ? $"{ins.OpCode.Name} through a stackalloc that the compiler kept on the stack instead of in its T* local (memory access through an unmanaged pointer of unknown type) is not supported in a differentiated method; write `Span<T> s = stackalloc T[n]` instead"
                : $"{ins.OpCode.Name} (memory access through an unmanaged pointer) is not supported in a differentiated method";
    }
}
