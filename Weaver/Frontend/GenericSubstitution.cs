using System.Linq;
using Mono.Cecil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Members of a generic type instance, and generic method instances, keep the open signature
    /// in IL (<c>Span&lt;!!0&gt; AsSpan&lt;double&gt;(!!0[])</c>, <c>!0&amp; Span&lt;double&gt;::get_Item</c>).
    /// This replaces the type parameters in such a signature type by the arguments the reference
    /// gives (<c>Span&lt;double&gt;</c>); what it cannot resolve it leaves as it is.
    /// </summary>
    public static class GenericSubstitution
    {
        public static TypeReference Resolve(TypeReference type, MethodReference context)
        {
            switch (type)
            {
                case GenericParameter p:
                    if (p.Type == GenericParameterType.Type && context.DeclaringType is GenericInstanceType owner && p.Position < owner.GenericArguments.Count)
                    {
                        return owner.GenericArguments[p.Position];
                    }
                    if (p.Type == GenericParameterType.Method && context is GenericInstanceMethod m && p.Position < m.GenericArguments.Count)
                    {
                        return m.GenericArguments[p.Position];
                    }
                    return p;
                case ArrayType a:
                    return a.IsVector ? new ArrayType(Resolve(a.ElementType, context)) : IR.ArrayTypes.Of(Resolve(a.ElementType, context), a.Rank);
                case ByReferenceType r:
                    return new ByReferenceType(Resolve(r.ElementType, context));
                case RequiredModifierType q:
                    return Resolve(q.ElementType, context);
                case OptionalModifierType o:
                    return Resolve(o.ElementType, context);
                case GenericInstanceType g:
                    if (!g.GenericArguments.Any(ContainsParameter)) return g;
                    var resolved = new GenericInstanceType(g.ElementType);
                    foreach (var argument in g.GenericArguments) resolved.GenericArguments.Add(Resolve(argument, context));
                    return resolved;
                default:
                    return type;
            }
        }

        private static bool ContainsParameter(TypeReference type) => type switch
        {
            GenericParameter => true,
            TypeSpecification s => ContainsParameter(s.ElementType) || s is GenericInstanceType g && g.GenericArguments.Any(ContainsParameter),
            _ => false,
        };
    }
}
