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
        /// <summary>A zeroed array as long as <paramref name="array"/> (a float or double array), made with <paramref name="b"/>; null for any other memory.</summary>
        public static Value? Like(WeaveContext context, IrBuilder b, Value array)
        {
            if (!(array.Type.Clr is ArrayType { Rank: 1 } type) || !ShadowAnalysis.IsFloatElement(type.ElementType)) return null;
            return b.CallReturning(context.Methods.ZeroLike(type.ElementType), false, array.Type, array);
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
