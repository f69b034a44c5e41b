using System;
using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Array initializers of constants (`new[] { 0.0, 1.0, 2.0, 3.0 }`, and
    // `new double[,] { { 1, 2 }, { 3, 4 } }`): C# writes newarr (newobj T[,]::.ctor), dup,
    // ldtoken of a field holding the bytes, call RuntimeHelpers.InitializeArray. The IR gets one
    // constant store per element instead, so the array is ordinary memory to the rest of the
    // engine (its shadow starts zero: constants carry no derivative).
    public sealed partial class SsaBuilder
    {
        /// <summary>Initializers longer than this are refused rather than written out element by element.</summary>
        private const int MaximumInitializerLength = 4096;

        private readonly HashSet<IlInstruction> _consumed = new HashSet<IlInstruction>();

        private bool TryTranslateArrayInitializer(IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            if (ins.OpCode.Code != Code.Ldtoken || !(ins.Operand is FieldReference token) || !IsInitializeArray(ins.Next)) return false;
            var array = stack.Count > 0 ? stack[stack.Count - 1] : null;
            var bytes = token.TryResolve()?.InitialValue;
            if (array == null || !(array.Type.Clr is ArrayType arrayType) || bytes == null) return false;
            var lengths = ConstantLengths(array, arrayType);
            if (lengths == null) return false;
            var element = arrayType.ElementType;
            var size = ElementSize(element.MetadataType);
            if (size == 0) return false;
            int count = bytes.Length / size;
            if (count > MaximumInitializerLength)
            {
                throw new DiagnosticException(DiagnosticCatalog.UnsupportedInstruction,
                    $"an array initializer of {count} constants (more than {MaximumInitializerLength}) is not supported in a differentiated method; fill the array in a loop or pass it in as a Const parameter", ins);
            }
            stack.RemoveAt(stack.Count - 1);
            var type = IrType.FromClr(element)!;
            for (int k = 0; k < count; k++)
            {
                var value = Constant(element.MetadataType, type, bytes, k * size);
                if (lengths.Length == 1) builder.StoreElement(element, array, _function.ConstInt(IrType.Int32, k), value);
                else builder.StoreElement(element, array, RowMajorIndices(k, lengths), value);
            }
            _consumed.Add(ins.Next);
            return true;
        }

        /// <summary>
        /// The lengths of the array being initialized: a vector's needs none ({0}); a
        /// multi-dimensional one (<c>new double[,] { { 1, 2 }, { 3, 4 } }</c>) needs its constant
        /// lengths, as its bytes are its elements in row-major order. Null when they are not known.
        /// </summary>
        private static long[]? ConstantLengths(Value array, ArrayType type)
        {
            if (type.IsVector) return new long[] { 0 };
            if (!(array is IR.Instruction { Op: Op.NewArray } made) || made.Operands.Length != type.Rank) return null;
            var lengths = new long[made.Operands.Length];
            for (int d = 0; d < lengths.Length; d++)
            {
                if (!(made.Operands[d] is Constant { IntValue: > 0 } c)) return null;
                lengths[d] = c.IntValue;
            }
            return lengths;
        }

        /// <summary>The indices of the <paramref name="k"/>-th element in row-major order (the last index varies fastest).</summary>
        private Value[] RowMajorIndices(long k, long[] lengths)
        {
            var indices = new Value[lengths.Length];
            for (int d = lengths.Length - 1; d >= 0; d--)
            {
                indices[d] = _function.ConstInt(IrType.Int32, k % lengths[d]);
                k /= lengths[d];
            }
            return indices;
        }

        private static bool IsInitializeArray(IlInstruction? next) =>
            next != null && next.OpCode.Code == Code.Call && next.Operand is MethodReference m &&
            m.Name == "InitializeArray" && m.DeclaringType.FullName == "System.Runtime.CompilerServices.RuntimeHelpers";

        private static int ElementSize(MetadataType type) => type switch
        {
            MetadataType.Double or MetadataType.Int64 or MetadataType.UInt64 => 8,
            MetadataType.Single or MetadataType.Int32 or MetadataType.UInt32 => 4,
            MetadataType.Int16 or MetadataType.UInt16 or MetadataType.Char => 2,
            MetadataType.SByte or MetadataType.Byte or MetadataType.Boolean => 1,
            _ => 0,
        };

        private Value Constant(MetadataType element, IrType type, byte[] bytes, int at) => element switch
        {
            MetadataType.Double => _function.Const(type, BitConverter.ToDouble(bytes, at)),
            MetadataType.Single => _function.Const(type, BitConverter.ToSingle(bytes, at)),
            MetadataType.Int64 or MetadataType.UInt64 => _function.ConstInt(type, BitConverter.ToInt64(bytes, at)),
            MetadataType.Int32 => _function.ConstInt(type, BitConverter.ToInt32(bytes, at)),
            MetadataType.UInt32 => _function.ConstInt(type, (int)BitConverter.ToUInt32(bytes, at)),
            MetadataType.Int16 => _function.ConstInt(type, BitConverter.ToInt16(bytes, at)),
            MetadataType.UInt16 or MetadataType.Char => _function.ConstInt(type, BitConverter.ToUInt16(bytes, at)),
            MetadataType.SByte => _function.ConstInt(type, (sbyte)bytes[at]),
            _ => _function.ConstInt(type, bytes[at]),
        };
    }
}
