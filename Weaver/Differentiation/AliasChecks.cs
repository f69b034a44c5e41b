using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// The derivative assumes that memory parameters alias exactly as their shadows do (as Enzyme
    /// does). It cannot rule out that a caller breaks this, so for every pair of memory parameters
    /// of one type that carry shadows, the derivative checks on entry and throws otherwise
    /// (AutoDiff.ShadowChecks.SameAliasing): one reference comparison per pair, no silent error.
    /// </summary>
    public static class AliasChecks
    {
        /// <summary>
        /// True when the derivative's entry checks make <paramref name="a"/> and <paramref name="b"/>
        /// different objects (it throws otherwise): a Const array and a differentiated one of the same type.
        /// </summary>
        public static bool EnsuresDistinct(DerivativeFrame frame, Parameter a, Parameter b) =>
            a.Type.SameAs(b.Type) &&
            (IsConstMemory(frame, a) && IsShadowedMemory(frame, b) || IsShadowedMemory(frame, a) && IsConstMemory(frame, b));

        /// <summary>
        /// A call of a ShadowChecks method (<paramref name="check"/>) on <paramref name="arguments"/>
        /// followed by the message <paramref name="text"/>, as the two instructions an entry check
        /// is made of (the message string, then the call), not yet in any block.
        /// </summary>
        internal static Instruction[] Check(WeaveContext context, DerivativeFrame frame, Mono.Cecil.MethodReference check, string text, params Value[] arguments)
        {
            var names = frame.Function.NewInstruction(IrType.Object(context.Module.TypeSystem.String), Op.LoadString);
            names.Text = text;
            var call = frame.Function.NewInstruction(IrType.Void, Op.Call, arguments.Append(names).ToArray());
            call.Method = check;
            return new[] { names, call };
        }

        internal static bool IsShadowedMemory(DerivativeFrame frame, Parameter p) =>
            p.Type.Kind == IrTypeKind.Object && frame.ShadowOf(p, 0) != null;

        private static bool IsConstMemory(DerivativeFrame frame, Parameter p) =>
            p.Type.Kind == IrTypeKind.Object && frame.ShadowOf(p, 0) == null && p.Index >= frame.ThisOffset;

        /// <param name="reread">Memory the reverse sweep reads again (UnwrittenMemory): parameters, each checked not to be a shadow (arrays in their fields: FieldShadowChecks).</param>
        public static void Emit(WeaveContext context, DerivativeFrame frame, IReadOnlyCollection<Value> reread)
        {
            var primal = frame.Cloner.Primal;
            var memory = primal.Parameters.Where(p => IsShadowedMemory(frame, p)).ToList();
            var constant = primal.Parameters.Where(p => IsConstMemory(frame, p) && memory.Any(m => m.Type.SameAs(p.Type))).ToList();
            var entry = frame.Cloner.Map(primal.Entry);
            var checks = new List<Instruction>();
            var name = frame.Request.Name;
            foreach (var r in reread.OfType<Parameter>().OrderBy(p => p.Index))
            {
                foreach (var s in memory.Where(s => s.Type.SameAs(r.Type)))
                {
                    checks.AddRange(Check(context, frame, context.Methods.NotAShadow(), $"'{name}' called with '{r.ParameterName}' and the shadow of '{s.ParameterName}'",
                        frame.Cloner.Map(r), frame.ShadowOf(s, 0)!));
                }
            }
            // A Const argument that is the very memory of a shadowed one would be read without its
            // derivative: refuse it too (its "shadow" is null, the other's is not).
            foreach (var c in constant)
            {
                foreach (var m in memory.Where(m => m.Type.SameAs(c.Type)))
                {
                    checks.AddRange(Check(context, frame, context.Methods.SameAliasing(), $"'{name}' called with the Const '{c.ParameterName}' and the differentiated '{m.ParameterName}'",
                        frame.Cloner.Map(c), frame.Cloner.Map(m), frame.Function.Null(c.Type), frame.ShadowOf(m, 0)!));
                }
            }
            // The seed of a returned array is read at the return: an argument the method may have
            // written by then, or a shadow, would give it other values than the caller passed.
            if (frame.Request.ReturnsShadowedArray && frame.Seed != null)
            {
                foreach (var p in primal.Parameters.Where(p => p.Type.SameAs(frame.Seed.Type)))
                {
                    foreach (var (argument, what) in new[] { (frame.Cloner.Map(p), $"'{p.ParameterName}'"), (frame.ShadowOf(p, 0), $"the shadow of '{p.ParameterName}'") })
                    {
                        if (argument == null) continue;
                        checks.AddRange(Check(context, frame, context.Methods.NotAShadow(), $"'{name}' called with {what} as the seed 'dret' of the returned array", argument, frame.Seed));
                    }
                }
            }
            for (int a = 0; a < memory.Count; a++)
            {
                for (int b = a + 1; b < memory.Count; b++)
                {
                    if (!memory[a].Type.SameAs(memory[b].Type)) continue;
                    checks.AddRange(Check(context, frame, context.Methods.SameAliasing(), $"'{name}' called with '{memory[a].ParameterName}' and '{memory[b].ParameterName}'",
                        frame.Cloner.Map(memory[a]), frame.Cloner.Map(memory[b]), frame.ShadowOf(memory[a], 0)!, frame.ShadowOf(memory[b], 0)!));
                }
            }
            if (checks.Count == 0) return;
            foreach (var i in checks) i.Block = entry;
            entry.Instructions.InsertRange(0, checks);
        }
    }
}
