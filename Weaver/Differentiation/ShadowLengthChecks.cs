using System.Collections.Generic;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// On entry, every shadow of an array or span parameter (each lane's in batch mode) must be
    /// at least as long as its argument: otherwise the derivative would fail deep inside with an
    /// index error, or leave gradients out. A multi-dimensional array's shadow (double[,]) must
    /// have its shape, the same length and lower bound in every dimension, since the derivative
    /// reads and writes it at the primal's indices. AutoDiff.ShadowChecks.ShadowLength throws an
    /// ArgumentException naming the parameter and both lengths (or shapes). Rows of jagged arrays are not
    /// checked (that would walk the whole structure on every call).
    /// </summary>
    public static class ShadowLengthChecks
    {
        public static void Emit(WeaveContext context, DerivativeFrame frame)
        {
            var primal = frame.Cloner.Primal;
            var checks = new List<Instruction>();
            var f = frame.Function;
            foreach (var p in primal.Parameters)
            {
                if (p.Index < frame.ThisOffset) continue;
                bool isArray = p.Type.Kind == IrTypeKind.Object && p.Type.Clr is Mono.Cecil.ArrayType || ListTypes.IsFloatList(p.Type); // a list: its Count, exactly
                bool isSpan = p.Type.Kind == IrTypeKind.Struct && IrType.IsSpan(p.Type.Clr!);
                if (!isArray && !isSpan) continue;
                for (int lane = 0; ; lane++)
                {
                    var shadow = frame.ShadowOf(p, lane);
                    if (shadow == null) break;
                    var names = f.NewInstruction(IrType.Object(context.Module.TypeSystem.String), Op.LoadString);
                    names.Text = $"'{frame.Request.Name}': the shadow '{shadow.ParameterName}' of '{p.ParameterName}'";
                    checks.Add(names);
                    Instruction call;
                    if (isArray)
                    {
                        call = f.NewInstruction(IrType.Void, Op.Call, frame.Cloner.Map(p), shadow, names);
                        call.Method = context.Methods.ShadowLength(lengths: false);
                    }
                    else
                    {
                        var length = SpanShadows.Length(context, f, frame.Cloner.Map(p), checks);
                        var shadowLength = SpanShadows.Length(context, f, shadow, checks);
                        call = f.NewInstruction(IrType.Void, Op.Call, length, shadowLength, names);
                        call.Method = context.Methods.ShadowLength(lengths: true);
                    }
                    checks.Add(call);
                }
            }
            if (checks.Count == 0) return;
            var entry = frame.Cloner.Map(primal.Entry);
            foreach (var i in checks) i.Block = entry;
            entry.Instructions.InsertRange(0, checks);
        }
    }
}
