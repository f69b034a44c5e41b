using System;
using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Array initializers of constants (`new[] { 0.0, 1.0, 2.0, 3.0 }`): C# writes newarr, dup,
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
            if (array == null || !(array.Type.Clr is ArrayType { Rank: 1 } arrayType) || bytes == null) return false;
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
                builder.StoreElement(element, array, _function.ConstInt(IrType.Int32, k), Constant(element.MetadataType, type, bytes, k * size));
            }
            _consumed.Add(ins.Next);
            return true;
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
