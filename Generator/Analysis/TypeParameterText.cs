using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// A generic primal's type parameters and constraints as C# text, for its derivative's
    /// declaration (<c>D&lt;T&gt;(...) where T : global::System.Numerics.INumber&lt;T&gt;</c>): the
    /// derivative takes the same type arguments as its primal, so callers write it the same way.
    /// </summary>
    internal static class TypeParameterText
    {
        /// <summary>"&lt;T&gt;", or empty for a method that is not generic.</summary>
        public static string List(IMethodSymbol method)
            => method.TypeParameters.Length == 0 ? "" : $"<{string.Join(", ", method.TypeParameters.Select(p => Identifiers.Escape(p.Name)))}>";

        /// <summary>" where T : ..." for each constrained type parameter, in declaration order; empty when none is.</summary>
        public static string Constraints(IMethodSymbol method)
            => string.Concat(method.TypeParameters.Select(Clause));

        private static string Clause(ITypeParameterSymbol parameter)
        {
            var parts = new List<string>();
            if (parameter.HasUnmanagedTypeConstraint) parts.Add("unmanaged");
            else if (parameter.HasValueTypeConstraint) parts.Add("struct");
            else if (parameter.HasReferenceTypeConstraint) parts.Add("class");
            else if (parameter.HasNotNullConstraint) parts.Add("notnull");
            parts.AddRange(parameter.ConstraintTypes.Select(t => t.ToDisplayString(SignatureBuilder.TypeFormat)));
            if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint && !parameter.HasUnmanagedTypeConstraint) parts.Add("new()");
            return parts.Count == 0 ? "" : $" where {Identifiers.Escape(parameter.Name)} : {string.Join(", ", parts)}";
        }
    }
}
