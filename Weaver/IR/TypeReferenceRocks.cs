using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>Resolving Cecil references without letting a missing assembly throw through the weaver.</summary>
    public static class TypeReferenceRocks
    {
        /// <summary>The definition, or null when its assembly cannot be found.</summary>
        public static TypeDefinition? TryResolve(this TypeReference type)
        {
            try
            {
                return type.Resolve();
            }
            catch (AssemblyResolutionException)
            {
                return null;
            }
        }

        /// <summary>The definition, or null when its assembly cannot be found.</summary>
        public static FieldDefinition? TryResolve(this FieldReference field)
        {
            try
            {
                return field.Resolve();
            }
            catch (AssemblyResolutionException)
            {
                return null;
            }
        }

        /// <summary>The definition, or null when its assembly cannot be found.</summary>
        public static MethodDefinition? TryResolve(this MethodReference method)
        {
            try
            {
                return method.Resolve();
            }
            catch (AssemblyResolutionException)
            {
                return null;
            }
        }

        /// <summary>
        /// The type of <paramref name="field"/> as seen in <paramref name="owner"/>: for a generic
        /// instance (<c>Pair&lt;double&gt;</c>) its type parameters replaced by the instance's arguments.
        /// </summary>
        public static TypeReference FieldTypeIn(this FieldDefinition field, TypeReference owner) =>
            owner is GenericInstanceType g ? Close(field.FieldType, g) : field.FieldType;

        private static TypeReference Close(TypeReference type, GenericInstanceType owner)
        {
            switch (type)
            {
                case GenericParameter p when p.Type == GenericParameterType.Type && p.Position < owner.GenericArguments.Count:
                    return owner.GenericArguments[p.Position];
                case ArrayType a:
                    return a.IsVector ? new ArrayType(Close(a.ElementType, owner)) : ArrayTypes.Of(Close(a.ElementType, owner), a.Rank);
                case GenericInstanceType inner:
                {
                    var closed = new GenericInstanceType(inner.ElementType);
                    foreach (var argument in inner.GenericArguments) closed.GenericArguments.Add(Close(argument, owner));
                    return closed;
                }
                default:
                    return type;
            }
        }

        /// <summary>True for a value type, asking the definition when the reference does not say (unresolvable: a class).</summary>
        public static bool IsValueTypeResolved(this TypeReference type) =>
            type.IsValueType || !(type is TypeSpecification) && (type.TryResolve()?.IsValueType ?? false);
    }
}
