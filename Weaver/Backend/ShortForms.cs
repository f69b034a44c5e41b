using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// Gives a body's instructions their short forms (ldloc.s, ldarg.0, ldc.i4.1, br.s...) in
    /// time linear in its size. Cecil's OptimizeMacros recomputes every offset after each branch
    /// it shortens, which is quadratic, and was a large part of emitting a big derivative.
    /// Branches are shortened in passes over one layout each, until a pass changes nothing:
    /// shortening only ever brings code closer together, so a branch that fits in a byte keeps
    /// fitting, and a handful of passes suffice.
    /// </summary>
    internal static class ShortForms
    {
        private static readonly Dictionary<Code, OpCode> ShortBranch = new Dictionary<Code, OpCode>
        {
            [Code.Br] = OpCodes.Br_S, [Code.Brfalse] = OpCodes.Brfalse_S, [Code.Brtrue] = OpCodes.Brtrue_S,
            [Code.Beq] = OpCodes.Beq_S, [Code.Bne_Un] = OpCodes.Bne_Un_S,
            [Code.Bge] = OpCodes.Bge_S, [Code.Bgt] = OpCodes.Bgt_S, [Code.Ble] = OpCodes.Ble_S, [Code.Blt] = OpCodes.Blt_S,
            [Code.Bge_Un] = OpCodes.Bge_Un_S, [Code.Bgt_Un] = OpCodes.Bgt_Un_S, [Code.Ble_Un] = OpCodes.Ble_Un_S, [Code.Blt_Un] = OpCodes.Blt_Un_S,
            [Code.Leave] = OpCodes.Leave_S,
        };

        private static readonly OpCode[] Ldarg = { OpCodes.Ldarg_0, OpCodes.Ldarg_1, OpCodes.Ldarg_2, OpCodes.Ldarg_3 };
        private static readonly OpCode[] Ldloc = { OpCodes.Ldloc_0, OpCodes.Ldloc_1, OpCodes.Ldloc_2, OpCodes.Ldloc_3 };
        private static readonly OpCode[] Stloc = { OpCodes.Stloc_0, OpCodes.Stloc_1, OpCodes.Stloc_2, OpCodes.Stloc_3 };
        private static readonly OpCode[] Ldc =
        {
            OpCodes.Ldc_I4_M1, OpCodes.Ldc_I4_0, OpCodes.Ldc_I4_1, OpCodes.Ldc_I4_2, OpCodes.Ldc_I4_3,
            OpCodes.Ldc_I4_4, OpCodes.Ldc_I4_5, OpCodes.Ldc_I4_6, OpCodes.Ldc_I4_7, OpCodes.Ldc_I4_8,
        };

        public static void Apply(MethodBody body)
        {
            foreach (var i in body.Instructions) ShortenOperand(body, i);
            while (ShortenBranches(body))
            {
            }
        }

        private static void ShortenOperand(MethodBody body, Instruction i)
        {
            switch (i.OpCode.Code)
            {
                case Code.Ldarg:
                case Code.Ldarga:
                case Code.Starg:
                {
                    var p = (ParameterDefinition)i.Operand;
                    var index = p == body.ThisParameter ? 0 : p.Index + (body.Method.HasThis ? 1 : 0);
                    if (i.OpCode.Code == Code.Ldarg && index < 4) Set(i, Ldarg[index], null);
                    else if (index < 256) i.OpCode = i.OpCode.Code switch { Code.Ldarg => OpCodes.Ldarg_S, Code.Ldarga => OpCodes.Ldarga_S, _ => OpCodes.Starg_S };
                    break;
                }
                case Code.Ldloc:
                case Code.Stloc:
                case Code.Ldloca:
                {
                    var index = ((VariableDefinition)i.Operand).Index;
                    var fixedForms = i.OpCode.Code == Code.Ldloc ? Ldloc : i.OpCode.Code == Code.Stloc ? Stloc : null;
                    if (fixedForms != null && index < 4) Set(i, fixedForms[index], null);
                    else if (index < 256) i.OpCode = i.OpCode.Code switch { Code.Ldloc => OpCodes.Ldloc_S, Code.Stloc => OpCodes.Stloc_S, _ => OpCodes.Ldloca_S };
                    break;
                }
                case Code.Ldc_I4:
                {
                    var value = (int)i.Operand;
                    if (value >= -1 && value <= 8) Set(i, Ldc[value + 1], null);
                    else if (value >= sbyte.MinValue && value <= sbyte.MaxValue) Set(i, OpCodes.Ldc_I4_S, (sbyte)value);
                    break;
                }
            }
        }

        private static void Set(Instruction i, OpCode opCode, object? operand)
        {
            i.OpCode = opCode;
            i.Operand = operand;
        }

        /// <summary>One pass over one layout; true if it shortened a branch.</summary>
        private static bool ShortenBranches(MethodBody body)
        {
            int offset = 0;
            foreach (var i in body.Instructions)
            {
                i.Offset = offset;
                offset += i.GetSize();
            }
            bool changed = false;
            foreach (var i in body.Instructions)
            {
                if (!ShortBranch.TryGetValue(i.OpCode.Code, out var shortForm)) continue;
                // Measured from the end of the long form, as Cecil does: exact for a forward
                // branch (its target moves 3 bytes closer), conservative for a backward one.
                var distance = ((Instruction)i.Operand).Offset - (i.Offset + i.OpCode.Size + 4);
                if (distance < sbyte.MinValue || distance > sbyte.MaxValue) continue;
                i.OpCode = shortForm;
                changed = true;
            }
            return changed;
        }
    }
}
