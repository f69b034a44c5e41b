using System;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>The IL opcode of each arithmetic op and conversion: the IR keeps IL's distinctions, so this is one entry each.</summary>
    public static class OpCodeTable
    {
        public static OpCode Of(Op op) => op switch
        {
            Op.Add => OpCodes.Add,
            Op.Sub => OpCodes.Sub,
            Op.Mul => OpCodes.Mul,
            Op.Div => OpCodes.Div,
            Op.Rem => OpCodes.Rem,
            Op.DivUn => OpCodes.Div_Un,
            Op.RemUn => OpCodes.Rem_Un,
            Op.AddOvf => OpCodes.Add_Ovf,
            Op.AddOvfUn => OpCodes.Add_Ovf_Un,
            Op.SubOvf => OpCodes.Sub_Ovf,
            Op.SubOvfUn => OpCodes.Sub_Ovf_Un,
            Op.MulOvf => OpCodes.Mul_Ovf,
            Op.MulOvfUn => OpCodes.Mul_Ovf_Un,
            Op.And => OpCodes.And,
            Op.Or => OpCodes.Or,
            Op.Xor => OpCodes.Xor,
            Op.Shl => OpCodes.Shl,
            Op.Shr => OpCodes.Shr,
            Op.ShrUn => OpCodes.Shr_Un,
            Op.Neg => OpCodes.Neg,
            Op.Not => OpCodes.Not,
            _ => throw new InvalidOperationException($"{op} has no single IL opcode"),
        };

        public static OpCode Of(ConversionKind kind) => kind switch
        {
            ConversionKind.I1 => OpCodes.Conv_I1,
            ConversionKind.U1 => OpCodes.Conv_U1,
            ConversionKind.I2 => OpCodes.Conv_I2,
            ConversionKind.U2 => OpCodes.Conv_U2,
            ConversionKind.I4 => OpCodes.Conv_I4,
            ConversionKind.U4 => OpCodes.Conv_U4,
            ConversionKind.I8 => OpCodes.Conv_I8,
            ConversionKind.U8 => OpCodes.Conv_U8,
            ConversionKind.I => OpCodes.Conv_I,
            ConversionKind.U => OpCodes.Conv_U,
            ConversionKind.R4 => OpCodes.Conv_R4,
            ConversionKind.R8 => OpCodes.Conv_R8,
            ConversionKind.RUn => OpCodes.Conv_R_Un,
            ConversionKind.OvfI1 => OpCodes.Conv_Ovf_I1,
            ConversionKind.OvfU1 => OpCodes.Conv_Ovf_U1,
            ConversionKind.OvfI2 => OpCodes.Conv_Ovf_I2,
            ConversionKind.OvfU2 => OpCodes.Conv_Ovf_U2,
            ConversionKind.OvfI4 => OpCodes.Conv_Ovf_I4,
            ConversionKind.OvfU4 => OpCodes.Conv_Ovf_U4,
            ConversionKind.OvfI8 => OpCodes.Conv_Ovf_I8,
            ConversionKind.OvfU8 => OpCodes.Conv_Ovf_U8,
            ConversionKind.OvfI => OpCodes.Conv_Ovf_I,
            ConversionKind.OvfU => OpCodes.Conv_Ovf_U,
            ConversionKind.OvfI1Un => OpCodes.Conv_Ovf_I1_Un,
            ConversionKind.OvfU1Un => OpCodes.Conv_Ovf_U1_Un,
            ConversionKind.OvfI2Un => OpCodes.Conv_Ovf_I2_Un,
            ConversionKind.OvfU2Un => OpCodes.Conv_Ovf_U2_Un,
            ConversionKind.OvfI4Un => OpCodes.Conv_Ovf_I4_Un,
            ConversionKind.OvfU4Un => OpCodes.Conv_Ovf_U4_Un,
            ConversionKind.OvfI8Un => OpCodes.Conv_Ovf_I8_Un,
            ConversionKind.OvfU8Un => OpCodes.Conv_Ovf_U8_Un,
            ConversionKind.OvfIUn => OpCodes.Conv_Ovf_I_Un,
            ConversionKind.OvfUUn => OpCodes.Conv_Ovf_U_Un,
            _ => throw new InvalidOperationException($"no opcode for {kind}"),
        };

        /// <summary>
        /// A comparison as IL: the opcode, and whether its result is negated. IL has no ≥ or ≤, so
        /// they are the negation of the opposite comparison — with the opposite ordering for floats
        /// (a ≥ b ordered is !(a &lt;.un b): false on NaN) and the same signedness for integers
        /// (a ≥ b signed is !(a &lt; b); unsigned is !(a &lt;.un b)).
        /// </summary>
        public static (OpCode Code, bool Negate) Of(CompareKind kind, bool isFloat) => kind switch
        {
            CompareKind.Eq => (OpCodes.Ceq, false),
            CompareKind.NeUn => (OpCodes.Ceq, true),
            CompareKind.Lt => (OpCodes.Clt, false),
            CompareKind.LtUn => (OpCodes.Clt_Un, false),
            CompareKind.Gt => (OpCodes.Cgt, false),
            CompareKind.GtUn => (OpCodes.Cgt_Un, false),
            CompareKind.Ge => (isFloat ? OpCodes.Clt_Un : OpCodes.Clt, true),
            CompareKind.GeUn => (isFloat ? OpCodes.Clt : OpCodes.Clt_Un, true),
            CompareKind.Le => (isFloat ? OpCodes.Cgt_Un : OpCodes.Cgt, true),
            CompareKind.LeUn => (isFloat ? OpCodes.Cgt : OpCodes.Cgt_Un, true),
            _ => throw new InvalidOperationException($"no opcode for {kind}"),
        };
    

        /// <summary>
        /// The typed ldelem, stelem, ldind and stind for an element type, as C# emits them: one per
        /// primitive, the .ref forms for object, string and arrays. Null where only the forms with a
        /// type token apply (ldelem.any, stelem.any, ldobj, stobj): structs, enums, and types whose
        /// kind the reference does not say (a type token may name a value type).
        /// </summary>
        public static (OpCode LoadElement, OpCode StoreElement, OpCode LoadIndirect, OpCode StoreIndirect)? Typed(TypeReference element)
        {
            if (element is ArrayType) return Reference;
            switch (element.MetadataType)
            {
                case MetadataType.Boolean:
                case MetadataType.Byte: return (OpCodes.Ldelem_U1, OpCodes.Stelem_I1, OpCodes.Ldind_U1, OpCodes.Stind_I1);
                case MetadataType.SByte: return (OpCodes.Ldelem_I1, OpCodes.Stelem_I1, OpCodes.Ldind_I1, OpCodes.Stind_I1);
                case MetadataType.Char:
                case MetadataType.UInt16: return (OpCodes.Ldelem_U2, OpCodes.Stelem_I2, OpCodes.Ldind_U2, OpCodes.Stind_I2);
                case MetadataType.Int16: return (OpCodes.Ldelem_I2, OpCodes.Stelem_I2, OpCodes.Ldind_I2, OpCodes.Stind_I2);
                case MetadataType.Int32: return (OpCodes.Ldelem_I4, OpCodes.Stelem_I4, OpCodes.Ldind_I4, OpCodes.Stind_I4);
                case MetadataType.UInt32: return (OpCodes.Ldelem_U4, OpCodes.Stelem_I4, OpCodes.Ldind_U4, OpCodes.Stind_I4);
                case MetadataType.Int64:
                case MetadataType.UInt64: return (OpCodes.Ldelem_I8, OpCodes.Stelem_I8, OpCodes.Ldind_I8, OpCodes.Stind_I8);
                case MetadataType.IntPtr:
                case MetadataType.UIntPtr: return (OpCodes.Ldelem_I, OpCodes.Stelem_I, OpCodes.Ldind_I, OpCodes.Stind_I);
                case MetadataType.Single: return (OpCodes.Ldelem_R4, OpCodes.Stelem_R4, OpCodes.Ldind_R4, OpCodes.Stind_R4);
                case MetadataType.Double: return (OpCodes.Ldelem_R8, OpCodes.Stelem_R8, OpCodes.Ldind_R8, OpCodes.Stind_R8);
                case MetadataType.String:
                case MetadataType.Object: return Reference;
                default: return null;
            }
        }

        private static readonly (OpCode, OpCode, OpCode, OpCode) Reference =
            (OpCodes.Ldelem_Ref, OpCodes.Stelem_Ref, OpCodes.Ldind_Ref, OpCodes.Stind_Ref);
    }
}
