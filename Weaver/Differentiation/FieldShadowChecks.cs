using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// The reverse sweep reads arrays in fields of parameters again (`net.W1`, FieldContents)
    /// while it adds gradients into the shadows. If such an array were itself a shadow — the shadow
    /// of an array parameter of its type, or the array in a field of a shadow object (a shadow
    /// network made by a shallow copy shares its arrays with the network) — it would read its own
    /// gradients. So the derivative checks on entry, one reference comparison per pair
    /// (AutoDiff.ShadowChecks.NotAShadow), and throws rather than return a wrong gradient. A field
    /// is read only when its object is not null (the primal may not read it at all then).
    /// </summary>
    public static class FieldShadowChecks
    {
        /// <summary>
        /// True when every field of every shadow object in <paramref name="frame"/> that could hold
        /// an array can be listed (classes that are not generic, all the way up): only then may the
        /// memory analysis give arrays in fields roots of their own.
        /// </summary>
        public static bool CanCheck(DerivativeFrame frame) =>
            frame.Cloner.Primal.Parameters.Where(p => AliasChecks.IsShadowedMemory(frame, p)).All(p => p.Type.Clr is ArrayType || Hierarchy(p.Type.Clr!) != null);

        public static void Emit(WeaveContext context, DerivativeFrame frame, IEnumerable<Value> reread)
        {
            var fields = reread.OfType<FieldContents>().OrderBy(f => f.Owner.Index).ThenBy(f => f.Field.Name, System.StringComparer.Ordinal).ToList();
            if (fields.Count == 0) return;
            var function = frame.Function;
            var next = function.Entry;
            for (int k = fields.Count - 1; k >= 0; k--) next = CheckField(context, frame, fields[k], next);
            // The IR's entry has no predecessors (SsaBuilder), so the checks can go before it.
            function.Blocks.Remove(next);
            function.Blocks.Insert(0, next);
        }

        /// <summary>Blocks that check one field's array against every shadow of its type, then go on to <paramref name="next"/>: the first of them.</summary>
        private static Block CheckField(WeaveContext context, DerivativeFrame frame, FieldContents field, Block next)
        {
            var function = frame.Function;
            var shadowed = frame.Cloner.Primal.Parameters.Where(p => AliasChecks.IsShadowedMemory(frame, p)).ToList();
            var body = function.AddBlock("check " + field.Name);
            var b = new IrBuilder(function, body);
            var array = b.LoadField(field.Field, frame.Cloner.Map(field.Owner), field.Type);
            foreach (var p in shadowed.Where(p => p.Type.SameAs(field.Type)))
            {
                NotAShadow(context, frame, b, array, frame.ShadowOf(p, 0)!, field, $"the shadow of '{p.ParameterName}'");
            }
            // Fields of shadow objects, each object when it is not null.
            var after = next;
            foreach (var p in shadowed.Where(p => p.Type.Clr is not ArrayType).Reverse())
            {
                var candidates = Hierarchy(p.Type.Clr!)!.SelectMany(t => t.Fields).Where(f => !f.IsStatic && MayHold(f.FieldType, field.Type.Clr!)).ToList();
                if (candidates.Count == 0) continue;
                var shadow = frame.ShadowOf(p, 0)!;
                var reads = function.AddBlock("check " + field.Name + " against the shadow of " + p.ParameterName);
                var rb = new IrBuilder(function, reads);
                foreach (var candidate in candidates)
                {
                    var held = rb.LoadField(context.Module.ImportReference(candidate), shadow, IrType.Object(context.Module.TypeSystem.Object));
                    NotAShadow(context, frame, rb, array, held, field, $"'{candidate.Name}' of the shadow of '{p.ParameterName}'");
                }
                rb.Jump(after);
                after = IfNotNull(function, shadow, reads, after);
            }
            b.Jump(after);
            return IfNotNull(function, frame.Cloner.Map(field.Owner), body, next);
        }

        private static void NotAShadow(WeaveContext context, DerivativeFrame frame, IrBuilder b, Value array, Value shadow, FieldContents field, string what)
        {
            foreach (var i in AliasChecks.Check(context, frame, context.Methods.NotAShadow(),
                $"'{frame.Request.Name}' called with '{field.Owner.ParameterName}.{field.Field.Name}' that is {what}", array, shadow))
            {
                frame.Function.Append(b.Block, i);
            }
        }

        /// <summary>A block that goes to <paramref name="then"/> when <paramref name="value"/> is not null, else to <paramref name="otherwise"/>.</summary>
        private static Block IfNotNull(Function function, Value value, Block then, Block otherwise)
        {
            var test = function.AddBlock("if not null");
            var b = new IrBuilder(function, test);
            b.Branch(b.Compare(CompareKind.Eq, value, function.Null(value.Type)), otherwise, then);
            return test;
        }

        /// <summary>True when a field of type <paramref name="field"/> may refer to an array of type <paramref name="array"/>: that type, object, Array, an interface, or a type parameter.</summary>
        private static bool MayHold(TypeReference field, TypeReference array)
        {
            if (field.IsValueType || field.IsPrimitive) return false;
            if (field.FullName == array.FullName || field.FullName is "System.Object" or "System.Array" || field.ContainsGenericParameter) return true;
            var definition = field is ArrayType ? null : field.Resolve();
            return definition != null && definition.IsInterface;
        }

        /// <summary>
        /// The class and its base classes, or null when the fields of an object of that type cannot
        /// all be listed: not a sealed class (an object of a derived class has more), or generic (its
        /// fields' types need its type arguments), or not readable.
        /// </summary>
        private static List<TypeDefinition>? Hierarchy(TypeReference type)
        {
            var own = type is GenericInstanceType ? null : type.Resolve();
            if (own == null || own.IsValueType || own.IsInterface || !own.IsSealed) return null;
            var result = new List<TypeDefinition>();
            for (TypeReference? t = type; t != null && t.FullName != "System.Object"; t = result[result.Count - 1].BaseType)
            {
                if (t is GenericInstanceType || t.HasGenericParameters) return null;
                var definition = t.Resolve();
                if (definition == null || definition.IsValueType) return null;
                result.Add(definition);
            }
            return result;
        }
    }
}
