using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Checks the derivative's name: a valid identifier (AD1009), not already a member of the type
    /// (AD1005), and not given by another AutoDiff attribute in the same type (AD1006).
    /// Names are unique per type, not per signature: the weaver finds a derivative by its type and
    /// name, and overloaded derivatives would make that ambiguous.
    /// </summary>
    internal static class DerivativeNameCheck
    {
        public const string ReverseAttribute = "AutoDiff.AutoDiffReverseAttribute";
        public const string ForwardAttribute = "AutoDiff.AutoDiffForwardAttribute";

        public static void Run(IMethodSymbol method, DerivativeRequest request, Compilation compilation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var name = request.Name;
            if (!Identifiers.IsValidMethodName(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidDerivativeName, request.Location, name == null ? "null" : "\"" + name + "\""));  // as written in the attribute: an empty name shows as ""
                return;
            }

            var type = method.ContainingType;
            var existing = ExistingMember(type, name!);
            if (existing is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.NameCollidesWithMember, request.Location,
                    type.ToMessageString(), name!, existing));
                return;
            }

            var first = FirstAttributeNaming(type, name!, compilation, cancellationToken);
            if (first is not null && !SameLocation(first.Value.Location, request.Location))
            {
                var line = first.Value.Location.GetLineSpan().StartLinePosition.Line + 1;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.DuplicateDerivativeName, request.Location,
                    name!, first.Value.Method.ToMessageString(), line.ToString(), type.ToMessageString()));
            }
        }

        /// <summary>Describes a user member already called <paramref name="name"/>, or null.</summary>
        private static string? ExistingMember(INamedTypeSymbol type, string name)
        {
            if (type.Name == name)
            {
                return "the type itself: a member cannot have its type's name";
            }
            var member = type.GetMembers(name).FirstOrDefault(m => !IsOurs(m));
            if (member is not null)
            {
                return $"{Describe(member)} '{member.ToMessageString()}'";
            }
            var typeParameter = type.TypeParameters.FirstOrDefault(p => p.Name == name);
            return typeParameter is null ? null : $"type parameter '{typeParameter.Name}'";
        }

        private static string Describe(ISymbol member) => member switch
        {
            IMethodSymbol => "method",
            IPropertySymbol => "property",
            IFieldSymbol => "field",
            IEventSymbol => "event",
            INamedTypeSymbol => "nested type",
            _ => "member",
        };

        /// <summary>A member this generator declared (seen when our output is fed back in, e.g. by another generator pass).</summary>
        private static bool IsOurs(ISymbol member)
            => member.GetAttributes().Any(a =>
                a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
                && a.ConstructorArguments.Length > 0
                && a.ConstructorArguments[0].Value as string == StubNames.Tool);

        /// <summary>
        /// The first AutoDiff attribute in the type (by file, then position) that names
        /// <paramref name="name"/>: it keeps the name, every later one is reported.
        /// </summary>
        private static (IMethodSymbol Method, Location Location)? FirstAttributeNaming(INamedTypeSymbol type, string name, Compilation compilation, CancellationToken cancellationToken)
        {
            var reverse = compilation.GetTypeByMetadataName(ReverseAttribute);
            var forward = compilation.GetTypeByMetadataName(ForwardAttribute);
            (IMethodSymbol Method, Location Location)? first = null;
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                foreach (var attribute in method.GetAttributes())
                {
                    var isOurs = SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, reverse)
                                 || SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, forward);
                    if (!isOurs || attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value as string != name)
                    {
                        continue;
                    }
                    var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
                    if (location is not null && (first is null || Precedes(location, first.Value.Location)))
                    {
                        first = (method, location);
                    }
                }
            }
            return first;
        }

        private static bool Precedes(Location a, Location b)
        {
            var byFile = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byFile != 0 ? byFile < 0 : a.SourceSpan.Start < b.SourceSpan.Start;
        }

        private static bool SameLocation(Location a, Location? b)
            => b is not null && a.SourceTree == b.SourceTree && a.SourceSpan == b.SourceSpan;
    }
}
