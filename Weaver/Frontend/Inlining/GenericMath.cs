using System.Collections.Generic;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    /// <summary>
    /// Generic math closed over a primitive (<c>T Sq&lt;T&gt;(T x) where T : INumber&lt;T&gt; =&gt; x * x</c>
    /// called as <c>Sq&lt;double&gt;</c>): IL writes <c>constrained. double call op_Multiply</c>, a call
    /// into the interface's static member that reference assemblies give no body for. This writes
    /// what the runtime runs instead — the IL arithmetic, comparison or constant (Zero, One, NegativeOne, Pi, E, Tau), or the Math call
    /// — so the rest of the engine sees ordinary code; another static of double or float is called
    /// as that type's own static (`T.Clamp` is `double.Clamp`). Static members of double, float, int and
    /// long only; anything else stays a call.
    /// </summary>
    public static class GenericMath
    {
        public static bool TryLower(TypeReference type, MethodReference method, KnownMethods known, List<Instruction> output)
        {
            if (method.HasThis) return false;
            var metadata = type.MetadataType;
            bool isFloat = metadata == MetadataType.Double || metadata == MetadataType.Single;
            bool isInteger = metadata == MetadataType.Int32 || metadata == MetadataType.Int64;
            if (!isFloat && !isInteger) return false;
            var arity = method.Parameters.Count;
            void Emit(OpCode op) => output.Add(Instruction.Create(op));
            switch (method.Name)
            {
                case "op_Addition" when arity == 2: Emit(OpCodes.Add); return true;
                case "op_Subtraction" when arity == 2: Emit(OpCodes.Sub); return true;
                case "op_Multiply" when arity == 2: Emit(OpCodes.Mul); return true;
                case "op_Division" when arity == 2: Emit(OpCodes.Div); return true;
                case "op_Modulus" when arity == 2: Emit(OpCodes.Rem); return true;
                case "op_UnaryNegation" when arity == 1: Emit(OpCodes.Neg); return true;
                case "op_UnaryPlus" when arity == 1: Emit(OpCodes.Nop); return true;
                case "op_Equality" when arity == 2: Emit(OpCodes.Ceq); return true;
                case "op_Inequality" when arity == 2: Emit(OpCodes.Ceq); Emit(OpCodes.Ldc_I4_0); Emit(OpCodes.Ceq); return true;
                case "op_LessThan" when arity == 2: Emit(OpCodes.Clt); return true;
                case "op_GreaterThan" when arity == 2: Emit(OpCodes.Cgt); return true;
                // a ≤ b is "not (a > b or unordered)" for floats, so NaN compares false as in C#.
                case "op_LessThanOrEqual" when arity == 2: Emit(isFloat ? OpCodes.Cgt_Un : OpCodes.Cgt); Emit(OpCodes.Ldc_I4_0); Emit(OpCodes.Ceq); return true;
                case "op_GreaterThanOrEqual" when arity == 2: Emit(isFloat ? OpCodes.Clt_Un : OpCodes.Clt); Emit(OpCodes.Ldc_I4_0); Emit(OpCodes.Ceq); return true;
                case "get_Zero" or "get_AdditiveIdentity" when arity == 0: output.Add(Constant(metadata, 0)); return true;
                case "get_One" or "get_MultiplicativeIdentity" when arity == 0: output.Add(Constant(metadata, 1)); return true;
                case "get_NegativeOne" when arity == 0: output.Add(Constant(metadata, -1)); return true;
                case "get_Pi" or "get_E" or "get_Tau" when arity == 0 && isFloat:
                    var value = method.Name == "get_Pi" ? System.Math.PI : method.Name == "get_E" ? System.Math.E : 2 * System.Math.PI;
                    output.Add(metadata == MetadataType.Single ? Instruction.Create(OpCodes.Ldc_R4, (float)value) : Instruction.Create(OpCodes.Ldc_R8, value));
                    return true;
                case "op_Increment" when arity == 1: output.Add(Constant(metadata, 1)); Emit(OpCodes.Add); return true;
                case "op_Decrement" when arity == 1: output.Add(Constant(metadata, 1)); Emit(OpCodes.Sub); return true;
                case "CreateChecked" or "CreateTruncating" or "CreateSaturating" when arity == 1 && method is GenericInstanceMethod create:
                    return Convert(create.GenericArguments[0].MetadataType, metadata, output);
            }
            if (isFloat && MathFunctions.Contains(method.Name) && method.Parameters.Count is 1 or 2 or 3)
            {
                var ir = metadata == MetadataType.Single ? IrType.Float32 : IrType.Float64;
                output.Add(Instruction.Create(OpCodes.Call, known.Math(method.Name, ir, arity)));
                return true;
            }
            // Any other static of the interfaces (`T.Clamp`, `T.Hypot`, `T.Exp2`...) is the float
            // type's own static (`double.Clamp`): called directly, it is judged like one written so.
            var own = isFloat ? known.FloatStatic(type, method.Name, arity) : null;
            if (own == null) return false;
            output.Add(Instruction.Create(OpCodes.Call, own));
            return true;
        }

        /// <summary>The static functions of the float types' generic-math interfaces that Math and MathF have under the same name and arity.</summary>
        private static readonly HashSet<string> MathFunctions = new HashSet<string>
        {
            "Sqrt", "Cbrt", "Abs", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh",
            "Asinh", "Acosh", "Atanh", "Exp", "Log", "Log2", "Log10", "Pow", "Max", "Min", "Floor", "Ceiling", "Truncate",
            "FusedMultiplyAdd",
        };

        private static Instruction Constant(MetadataType type, int value) => type switch
        {
            MetadataType.Double => Instruction.Create(OpCodes.Ldc_R8, (double)value),
            MetadataType.Single => Instruction.Create(OpCodes.Ldc_R4, (float)value),
            MetadataType.Int64 => Instruction.Create(OpCodes.Ldc_I8, (long)value),
            _ => Instruction.Create(OpCodes.Ldc_I4, value),
        };

        /// <summary>T.CreateChecked(x) from one primitive to another: the conversion (checked ones only from float to float or integer to float, which cannot overflow).</summary>
        private static bool Convert(MetadataType from, MetadataType to, List<Instruction> output)
        {
            bool fromKnown = from is MetadataType.Double or MetadataType.Single or MetadataType.Int32 or MetadataType.Int64;
            if (!fromKnown || !(to is MetadataType.Double or MetadataType.Single)) return false;
            output.Add(Instruction.Create(to == MetadataType.Double ? OpCodes.Conv_R8 : OpCodes.Conv_R4));
            return true;
        }
    }
}
