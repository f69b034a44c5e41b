using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Arrays of rank 2 and up (double[,], float[,,]). IL has no opcodes for them: C# calls the
    // runtime's T[,]::Get, Set and Address for a[i, j], newobj T[,]::.ctor for new T[n, m], and
    // System.Array's Length and GetLength. Each becomes the IR op a vector's opcode becomes
    // (LoadElement, StoreElement, ElementAddress, NewArray, ArrayLength), with one index or length
    // per dimension (Op.cs says why not one flattened index), so the analyses and both modes treat
    // a[i, j] as they treat a[i]. Elements that are structs of scalars are read and written field
    // by field through the element's address, as in a vector. The constructor that also takes
    // lower bounds is not something C# writes; it stays a call.
    public sealed partial class SsaBuilder
    {
        /// <summary>Translates a call to a multi-dimensional array's Get/Set/Address or to Array.Length/GetLength on an array; false for any other call.</summary>
        private bool TryTranslateArrayCall(IlInstruction ins, MethodReference method, List<Value> stack, IrBuilder builder)
        {
            if (method.DeclaringType is ArrayType arrayType && !arrayType.IsVector && method.HasThis)
            {
                var element = GenericSubstitution.Resolve(arrayType.ElementType, method);
                int rank = arrayType.Rank;
                switch (method.Name)
                {
                    case "Get" when method.Parameters.Count == rank:
                    {
                        var indices = PopIndices(stack, ins, rank, builder);
                        var array = PopArray(stack, ins);
                        stack.Add(Layout(element) is { } layout
                            ? LoadFields(builder, layout, builder.ElementAddress(element, array, indices))
                            : builder.LoadElement(TypeOf(element, ins), array, indices));
                        return true;
                    }
                    case "Set" when method.Parameters.Count == rank + 1:
                    {
                        var value = Pop(stack, ins);
                        var indices = PopIndices(stack, ins, rank, builder);
                        var array = PopArray(stack, ins);
                        if (Layout(element) is { } layout)
                        {
                            StoreFields(builder, layout, builder.ElementAddress(element, array, indices), value);
                        }
                        else
                        {
                            var type = TypeOf(element, ins);
                            builder.StoreElement(type, array, indices, Coerce(value, HeldType(type, ins, "an array element"), builder, "an array element"));
                        }
                        return true;
                    }
                    case "Address" when method.Parameters.Count == rank:
                    {
                        var indices = PopIndices(stack, ins, rank, builder);
                        var array = PopArray(stack, ins);
                        stack.Add(builder.ElementAddress(element, array, indices));
                        return true;
                    }
                }
                return false;
            }
            if (method.DeclaringType.FullName != "System.Array" || !method.HasThis) return false;
            int receiverAt = stack.Count - 1 - method.Parameters.Count;
            if (receiverAt < 0 || !(stack[receiverAt].Type.Clr is ArrayType)) return false;
            switch (method.Name)
            {
                case "get_Length" when method.Parameters.Count == 0:
                    stack.Add(builder.ArrayElementCount(PopArray(stack, ins)));
                    return true;
                case "GetLength" when method.Parameters.Count == 1:
                {
                    var dimension = PopIndex(stack, ins);
                    stack.Add(builder.ArrayDimensionLength(PopArray(stack, ins), Coerce(dimension, IrType.Int32, builder, "the dimension of GetLength")));
                    return true;
                }
                default:
                    return false;
            }
        }

        /// <summary>newobj T[,]::.ctor(int, int...): a new multi-dimensional array, one length per dimension; false for any other constructor.</summary>
        private bool TryTranslateNewMultiDimArray(IlInstruction ins, MethodReference constructor, List<Value> stack, IrBuilder builder)
        {
            if (!(constructor.DeclaringType is ArrayType { IsVector: false } arrayType) || constructor.Parameters.Count != arrayType.Rank) return false;
            var element = TypeOf(GenericSubstitution.Resolve(arrayType.ElementType, constructor), ins);
            var lengths = PopIndices(stack, ins, arrayType.Rank, builder);
            stack.Add(builder.NewArray(element, lengths));
            return true;
        }

        /// <summary>The element type, checked to be one the IR can hold (AD2005 otherwise).</summary>
        private TypeReference TypeOf(TypeReference element, IlInstruction ins)
        {
            if (Layout(element) == null) HeldType(element, ins, "an element of a multi-dimensional array");
            return element;
        }

        /// <summary>Pops <paramref name="rank"/> indices (last dimension first), each an Int32 as the runtime's methods take them.</summary>
        private static Value[] PopIndices(List<Value> stack, IlInstruction ins, int rank, IrBuilder builder)
        {
            var indices = new Value[rank];
            for (int k = rank - 1; k >= 0; k--) indices[k] = Coerce(PopIndex(stack, ins), IrType.Int32, builder, "an array index");
            return indices;
        }
    }
}
