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

        /// <summary>True for a value type, asking the definition when the reference does not say (unresolvable: a class).</summary>
        public static bool IsValueTypeResolved(this TypeReference type) =>
            type.IsValueType || !(type is TypeSpecification) && (type.TryResolve()?.IsValueType ?? false);
    }
}
