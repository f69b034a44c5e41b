using Mono.Cecil.Cil;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>How IL's arithmetic, conversion, comparison and compare-and-branch opcodes map onto the IR's ops.</summary>
    public static class IlOpcodes
    {
        public static bool TryGetBinary(Code code, out Op op)
        {
            switch (code)
            {
                case Code.Add: op = Op.Add; return true;
                case Code.Sub: op = Op.Sub; return true;
                case Code.Mul: op = Op.Mul; return true;
                case Code.Div: op = Op.Div; return true;
                case Code.Rem: op = Op.Rem; return true;
                case Code.Div_Un: op = Op.DivUn; return true;
                case Code.Rem_Un: op = Op.RemUn; return true;
                case Code.Add_Ovf: op = Op.AddOvf; return true;
                case Code.Add_Ovf_Un: op = Op.AddOvfUn; return true;
                case Code.Sub_Ovf: op = Op.SubOvf; return true;
                case Code.Sub_Ovf_Un: op = Op.SubOvfUn; return true;
                case Code.Mul_Ovf: op = Op.MulOvf; return true;
                case Code.Mul_Ovf_Un: op = Op.MulOvfUn; return true;
                case Code.And: op = Op.And; return true;
                case Code.Or: op = Op.Or; return true;
                case Code.Xor: op = Op.Xor; return true;
                case Code.Shl: op = Op.Shl; return true;
                case Code.Shr: op = Op.Shr; return true;
                case Code.Shr_Un: op = Op.ShrUn; return true;
                default: op = default; return false;
            }
        }

        public static bool TryGetUnary(Code code, out Op op)
        {
            switch (code)
            {
                case Code.Neg: op = Op.Neg; return true;
                case Code.Not: op = Op.Not; return true;
                default: op = default; return false;
            }
        }

        public static bool TryGetConversion(Code code, out ConversionKind kind)
        {
            switch (code)
            {
                case Code.Conv_I1: kind = ConversionKind.I1; return true;
                case Code.Conv_U1: kind = ConversionKind.U1; return true;
                case Code.Conv_I2: kind = ConversionKind.I2; return true;
                case Code.Conv_U2: kind = ConversionKind.U2; return true;
                case Code.Conv_I4: kind = ConversionKind.I4; return true;
                case Code.Conv_U4: kind = ConversionKind.U4; return true;
                case Code.Conv_I8: kind = ConversionKind.I8; return true;
                case Code.Conv_U8: kind = ConversionKind.U8; return true;
                case Code.Conv_I: kind = ConversionKind.I; return true;
                case Code.Conv_U: kind = ConversionKind.U; return true;
                case Code.Conv_R4: kind = ConversionKind.R4; return true;
                case Code.Conv_R8: kind = ConversionKind.R8; return true;
                case Code.Conv_R_Un: kind = ConversionKind.RUn; return true;
                case Code.Conv_Ovf_I1: kind = ConversionKind.OvfI1; return true;
                case Code.Conv_Ovf_U1: kind = ConversionKind.OvfU1; return true;
                case Code.Conv_Ovf_I2: kind = ConversionKind.OvfI2; return true;
                case Code.Conv_Ovf_U2: kind = ConversionKind.OvfU2; return true;
                case Code.Conv_Ovf_I4: kind = ConversionKind.OvfI4; return true;
                case Code.Conv_Ovf_U4: kind = ConversionKind.OvfU4; return true;
                case Code.Conv_Ovf_I8: kind = ConversionKind.OvfI8; return true;
                case Code.Conv_Ovf_U8: kind = ConversionKind.OvfU8; return true;
                case Code.Conv_Ovf_I: kind = ConversionKind.OvfI; return true;
                case Code.Conv_Ovf_U: kind = ConversionKind.OvfU; return true;
                case Code.Conv_Ovf_I1_Un: kind = ConversionKind.OvfI1Un; return true;
                case Code.Conv_Ovf_U1_Un: kind = ConversionKind.OvfU1Un; return true;
                case Code.Conv_Ovf_I2_Un: kind = ConversionKind.OvfI2Un; return true;
                case Code.Conv_Ovf_U2_Un: kind = ConversionKind.OvfU2Un; return true;
                case Code.Conv_Ovf_I4_Un: kind = ConversionKind.OvfI4Un; return true;
                case Code.Conv_Ovf_U4_Un: kind = ConversionKind.OvfU4Un; return true;
                case Code.Conv_Ovf_I8_Un: kind = ConversionKind.OvfI8Un; return true;
                case Code.Conv_Ovf_U8_Un: kind = ConversionKind.OvfU8Un; return true;
                case Code.Conv_Ovf_I_Un: kind = ConversionKind.OvfIUn; return true;
                case Code.Conv_Ovf_U_Un: kind = ConversionKind.OvfUUn; return true;
                default: kind = default; return false;
            }
        }

        /// <summary>ceq, cgt, cgt.un, clt, clt.un.</summary>
        public static bool TryGetComparison(Code code, out CompareKind kind)
        {
            switch (code)
            {
                case Code.Ceq: kind = CompareKind.Eq; return true;
                case Code.Cgt: kind = CompareKind.Gt; return true;
                case Code.Cgt_Un: kind = CompareKind.GtUn; return true;
                case Code.Clt: kind = CompareKind.Lt; return true;
                case Code.Clt_Un: kind = CompareKind.LtUn; return true;
                default: kind = default; return false;
            }
        }

        /// <summary>
        /// beq, bne.un, blt, blt.un, ble, ble.un, bgt, bgt.un, bge, bge.un (long and short forms):
        /// the comparison under which the branch is taken. The .un kinds keep IL's meaning exactly
        /// (unsigned for integers, "or unordered" for floats), so NaN behaves as in the primal.
        /// </summary>
        public static bool TryGetCompareBranch(Code code, out CompareKind kind)
        {
            switch (code)
            {
                case Code.Beq: case Code.Beq_S: kind = CompareKind.Eq; return true;
                case Code.Bne_Un: case Code.Bne_Un_S: kind = CompareKind.NeUn; return true;
                case Code.Blt: case Code.Blt_S: kind = CompareKind.Lt; return true;
                case Code.Blt_Un: case Code.Blt_Un_S: kind = CompareKind.LtUn; return true;
                case Code.Ble: case Code.Ble_S: kind = CompareKind.Le; return true;
                case Code.Ble_Un: case Code.Ble_Un_S: kind = CompareKind.LeUn; return true;
                case Code.Bgt: case Code.Bgt_S: kind = CompareKind.Gt; return true;
                case Code.Bgt_Un: case Code.Bgt_Un_S: kind = CompareKind.GtUn; return true;
                case Code.Bge: case Code.Bge_S: kind = CompareKind.Ge; return true;
                case Code.Bge_Un: case Code.Bge_Un_S: kind = CompareKind.GeUn; return true;
                default: kind = default; return false;
            }
        }
    }
}
