using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Facts about a type that decide which activities it can take (semantics.md, "Activities"):
    /// scalars are float and double; a struct is active-capable when every instance field is;
    /// memory (arrays, spans, pointers, objects, and anything behind ref/in/out) can be
    /// Duplicated when it holds scalars somewhere. Reads symbols only.
    /// </summary>
    internal static class TypeCapabilities
    {
        // Structs cannot contain themselves by value, but generic instantiations can nest deeply;
        // past this depth we give up and call the type not differentiable rather than recurse forever.
        private const int MaxDepth = 16;

        public static bool IsScalar(ITypeSymbol type) => type.SpecialType is SpecialType.System_Single or SpecialType.System_Double || IsGenericNumber(type);

        /// <summary>
        /// A method's type parameter constrained to generic math (<c>T : INumber&lt;T&gt;</c>,
        /// <c>IFloatingPointIeee754&lt;T&gt;</c>..., anything implying <c>INumberBase&lt;T&gt;</c>): the
        /// weaver differentiates the method closed over double and over float, so T stands for a scalar.
        /// </summary>
        public static bool IsGenericNumber(ITypeSymbol type)
            => type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } parameter
               && parameter.ConstraintTypes.OfType<INamedTypeSymbol>().Any(c => IsNumberBaseOf(c, parameter) || c.AllInterfaces.Any(i => IsNumberBaseOf(i, parameter)));

        private static bool IsNumberBaseOf(INamedTypeSymbol type, ITypeParameterSymbol parameter)
            => type.Name == "INumberBase" && type.TypeArguments.Length == 1
               && SymbolEqualityComparer.Default.Equals(type.TypeArguments[0], parameter)
               && type.ContainingNamespace?.ToDisplayString() == "System.Numerics";

        /// <summary>float, double, or a struct whose instance fields are all active-capable: may be Active or Dual by value.</summary>
        public static bool IsActiveCapable(ITypeSymbol type) => IsActiveCapable(type, 0);

        /// <summary>An array, span, pointer or class holding scalars: may be Duplicated (or Dual) when passed by value.</summary>
        public static bool IsMemory(ITypeSymbol type)
            => (type is IArrayTypeSymbol or IPointerTypeSymbol || IsSpan(type, out _, out _) || IsObject(type)) && ContainsScalars(type, 0);

        /// <summary>Whether the type holds a float or double anywhere: the test for what stands behind ref/in/out.</summary>
        public static bool ContainsScalars(ITypeSymbol type) => ContainsScalars(type, 0);

        /// <summary>float[] or double[]: the returned memory that carries a derivative (Duplicated in reverse, Dual in forward).</summary>
        public static bool IsFloatVector(ITypeSymbol type) => type is IArrayTypeSymbol { IsSZArray: true } array && IsScalar(array.ElementType);

        /// <summary>Span&lt;T&gt; or ReadOnlySpan&lt;T&gt;, with its element type.</summary>
        public static bool IsSpan(ITypeSymbol type, out ITypeSymbol element, out bool isReadOnly)
        {
            element = type;
            isReadOnly = false;
            if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                || named.ContainingNamespace?.ToDisplayString() != "System")
            {
                return false;
            }
            if (named.Name is not ("Span" or "ReadOnlySpan"))
            {
                return false;
            }
            element = named.TypeArguments[0];
            isReadOnly = named.Name == "ReadOnlySpan";
            return true;
        }

        /// <summary>Whether the type mentions a pointer, so the derivative must be declared unsafe.</summary>
        public static bool ContainsPointer(ITypeSymbol type) => type switch
        {
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
            IArrayTypeSymbol array => ContainsPointer(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsPointer),
            _ => false,
        };

        /// <summary>Types that cannot be a tuple element (so cannot be returned together with gradients).</summary>
        public static bool CannotBeTupleElement(ITypeSymbol type) => type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || type.IsRefLikeType;

        private static bool IsActiveCapable(ITypeSymbol type, int depth)
        {
            if (IsScalar(type))
            {
                return true;
            }
            if (depth > MaxDepth || !IsPlainStruct(type))
            {
                return false;
            }
            if (IsFrameworkScalarStruct(type))
            {
                return true;
            }
            var fields = InstanceFields(type);
            return fields.Length > 0 && fields.All(f => IsActiveCapable(f.Type, depth + 1));
        }

        private static bool ContainsScalars(ITypeSymbol type, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }
            if (IsScalar(type) || IsObject(type))
            {
                // An object's fields may be private or in another assembly; its shadow is an object
                // of the same type, so we trust it holds something worth differentiating.
                return true;
            }
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return ContainsScalars(array.ElementType, depth + 1);
                case IPointerTypeSymbol pointer:
                    return ContainsScalars(pointer.PointedAtType, depth + 1);
            }
            if (IsSpan(type, out var element, out _))
            {
                return ContainsScalars(element, depth + 1);
            }
            return IsPlainStruct(type) && (IsFrameworkScalarStruct(type) || InstanceFields(type).Any(f => ContainsScalars(f.Type, depth + 1)));
        }

        /// <summary>
        /// System.Numerics.Complex (two doubles), System.Drawing.PointF and SizeF (two floats):
        /// framework structs of scalars whose reference assemblies, which the compiler sees, hide
        /// their private fields behind a placeholder int. The weaver reads their layout from the
        /// implementation assemblies (the engine's FrameworkImplementation lists the same types).
        /// </summary>
        private static bool IsFrameworkScalarStruct(ITypeSymbol type)
            => type.ContainingNamespace?.ToDisplayString() is "System.Numerics" or "System.Drawing"
               && type.ContainingType is null
               && type.MetadataName is "Complex" or "PointF" or "SizeF"
               && type.ContainingNamespace.ToDisplayString() == (type.MetadataName == "Complex" ? "System.Numerics" : "System.Drawing");

        /// <summary>A class (records included) other than string and delegates.</summary>
        private static bool IsObject(ITypeSymbol type)
            => type.TypeKind == TypeKind.Class && type.SpecialType != SpecialType.System_String;

        /// <summary>A user or library struct: not a primitive, enum, Nullable&lt;T&gt; or ref struct.</summary>
        private static bool IsPlainStruct(ITypeSymbol type)
            => type.TypeKind == TypeKind.Struct
               && type.SpecialType == SpecialType.None
               && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
               && !type.IsRefLikeType;

        private static IFieldSymbol[] InstanceFields(ITypeSymbol type)
            => type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst).ToArray();
    }
}
