using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// The types around the primal, outermost first: checks they are all partial (AD1004) and
    /// describes how to re-declare each of them so the derivative lands in the same type.
    /// </summary>
    internal static class ContainingTypeChain
    {
        public static IReadOnlyList<INamedTypeSymbol> Of(IMethodSymbol method)
        {
            var chain = new List<INamedTypeSymbol>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                chain.Insert(0, type);
            }
            return chain;
        }

        public static void CheckPartial(IMethodSymbol method, DerivativeRequest request, List<DiagnosticInfo> diagnostics)
        {
            var missing = Of(method).Where(t => !IsPartial(t)).Select(t => $"'{t.ToMessageString()}'").ToList();
            if (missing.Count > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ContainingTypeNotPartial, request.Location,
                    request.Name ?? "", method.ToMessageString(), string.Join(" and ", missing)));
            }
        }

        /// <summary>How to re-declare each type: its kind keywords and its name with type parameters.</summary>
        public static IEnumerable<TypeDeclarationInfo> Declarations(IMethodSymbol method)
            => Of(method).Select(t => new TypeDeclarationInfo(Keywords(t), NameWithTypeParameters(t)));

        /// <summary>The namespace to declare the types in, keywords escaped; null for the global namespace.</summary>
        public static string? Namespace(IMethodSymbol method)
        {
            var ns = method.ContainingType.ContainingNamespace;
            if (ns is null || ns.IsGlobalNamespace)
            {
                return null;
            }
            var parts = new List<string>();
            for (; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                parts.Insert(0, Identifiers.Escape(ns.Name));
            }
            return string.Join(".", parts);
        }

        private static bool IsPartial(INamedTypeSymbol type)
            => type.DeclaringSyntaxReferences.Length > 0
               && type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax declaration
                                                          && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

        // Partial parts must agree on kind; 'static' and 'ref' are repeated so the generated part
        // reads like the user's, the other modifiers (abstract, sealed, readonly) carry over by themselves.
        private static string Keywords(INamedTypeSymbol type)
        {
            if (type.IsRecord)
            {
                return type.TypeKind == TypeKind.Struct ? "partial record struct" : "partial record";
            }
            return type.TypeKind switch
            {
                TypeKind.Struct => type.IsRefLikeType ? "ref partial struct" : "partial struct",
                TypeKind.Interface => "partial interface",
                _ => type.IsStatic ? "static partial class" : "partial class",
            };
        }

        private static string NameWithTypeParameters(INamedTypeSymbol type)
            => type.TypeParameters.Length == 0
                ? Identifiers.Escape(type.Name)
                : $"{Identifiers.Escape(type.Name)}<{string.Join(", ", type.TypeParameters.Select(p => Identifiers.Escape(p.Name)))}>";
    }
}
