using System.Collections.Generic;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// The zeroed shadows of Const array parameters that meet shadowed memory
    /// (<see cref="ShadowInfo.HasZeroShadow"/>), made at the top of the derivative's entry block
    /// in both modes: one per lane, so lanes never share tangent memory.
    /// </summary>
    public static class ZeroShadows
    {
        /// <summary>A zeroed array of <paramref name="array"/>'s shape (a float or double array: a vector, double[,] or double[,,]), made with <paramref name="b"/>; null for any other memory.</summary>
        public static Value? Like(WeaveContext context, IrBuilder b, Value array)
        {
            if (!ShadowAnalysis.IsZeroShadowable(array.Type)) return null;
            var type = (ArrayType)array.Type.Clr!;
            return b.CallReturning(context.Methods.ZeroLike(type.ElementType, type.Rank), false, array.Type, array);
        }

        public static IEnumerable<(Parameter Primal, Value[] Lanes)> Emit(WeaveContext context, DerivativeFrame frame, ShadowInfo shadows, int lanes)
        {
            var primal = frame.Cloner.Primal;
            var b = new IrBuilder(frame.Function, frame.Cloner.Map(primal.Entry));
            foreach (var p in shadows.ZeroShadowed)
            {
                var shadow = new Value[lanes];
                for (int k = 0; k < lanes; k++) shadow[k] = Like(context, b, frame.Cloner.Map(p))!;
                yield return (p, shadow);
            }
        }
    }
}
