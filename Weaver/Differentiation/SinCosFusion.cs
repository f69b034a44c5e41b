using System.Collections.Generic;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// Sine and cosine of the same argument in one call. The derivative of Sin needs the cosine
    /// (and of Cos the sine), so where a differentiated Sin or Cos is copied, both modes call
    /// Math.SinCos instead and keep the other half for the rule: one transcendental call where a
    /// hand-written derivative usually makes two.
    /// </summary>
    public static class SinCosFusion
    {
        /// <summary>
        /// Emits SinCos for an active Math/MathF Sin or Cos call; returns the value that stands for
        /// the call and the partner the rule will ask for (by name), or false when not applicable.
        /// </summary>
        public static bool TryEmit(WeaveContext context, IrBuilder b, Instruction primal, Value argument,
            out Value result, out KeyValuePair<string, Value> partner)
        {
            result = null!;
            partner = default;
            if (primal.Op != Op.Call || primal.Operands.Length != 1 || !(primal.Method!.Name is "Sin" or "Cos")) return false;
            var type = primal.Method.DeclaringType.FullName;
            if (type != "System.Math" && type != "System.MathF") return false;
            var sinCos = context.Methods.SinCos(primal.Type);
            if (sinCos == null) return false;
            var pair = b.CallReturning(sinCos.Method, IrType.Struct(sinCos.Method.ReturnType), argument);
            var sine = b.LoadField(sinCos.Sine, pair, primal.Type);
            var cosine = b.LoadField(sinCos.Cosine, pair, primal.Type);
            var isSin = primal.Method.Name == "Sin";
            result = isSin ? sine : cosine;
            partner = isSin ? new KeyValuePair<string, Value>("Cos", cosine) : new KeyValuePair<string, Value>("Sin", sine);
            return true;
        }
    }
}
