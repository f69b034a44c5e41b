using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// Resolving Cecil references without letting a missing assembly throw through the weaver; a
    /// followed framework struct (Complex, PointF) resolves to its implementation, not to the
    /// reference assembly a build compiles against (<see cref="FrameworkImplementation"/>).
    /// </summary>
    public static class TypeReferenceRocks
    {
        /// <summary>The definition, or null when its assembly cannot be found.</summary>
        public static TypeDefinition? TryResolve(this TypeReference type)
        {
            try
            {
                var definition = type.Resolve();
                return definition == null ? null : FrameworkImplementation.Prefer(definition, type.Module);
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
                var definition = field.Resolve();
                return definition == null ? null : FrameworkImplementation.Prefer(definition, field.Module);
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
                var definition = method.Resolve();
                return definition == null ? null : FrameworkImplementation.Prefer(definition, method.Module);
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
