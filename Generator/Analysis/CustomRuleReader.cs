using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Reads <c>[CustomDerivative]</c> on a method and <c>[assembly: CustomDerivativeFor]</c> into a
    /// <see cref="CustomRuleRequest"/>. Returns null when the attribute itself does not bind (an
    /// unknown type in typeof, a wrong argument): the compiler already reports that.
    /// </summary>
    internal static class CustomRuleReader
    {
        public const string MethodAttribute = "AutoDiff.CustomDerivativeAttribute";
        public const string AssemblyAttribute = "AutoDiff.CustomDerivativeForAttribute";

        public static CustomRuleRequest? ReadOnMethod(AttributeData attribute, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (attribute.AttributeConstructor is null || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error))
            {
                return null;
            }
            return new CustomRuleRequest("CustomDerivative", method, null, null, null, method.ContainingType,
                NamedString(attribute, "Forward"), NamedString(attribute, "Reverse"), LocationOf(attribute, cancellationToken));
        }

        public static CustomRuleRequest? ReadOnAssembly(AttributeData attribute, CancellationToken cancellationToken)
        {
            var arguments = attribute.ConstructorArguments;
            if (attribute.AttributeConstructor is null || arguments.Length != 3
                || arguments.Any(a => a.Kind == TypedConstantKind.Error)
                || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error))
            {
                return null;
            }
            if (arguments[0].Value is not INamedTypeSymbol targetType || arguments[2].Value is not INamedTypeSymbol rulesType
                || targetType.TypeKind == TypeKind.Error || rulesType.TypeKind == TypeKind.Error)
            {
                return null;
            }

            ImmutableArray<ITypeSymbol>? parameterTypes = null;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "ParameterTypes" && named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull)
                {
                    var types = named.Value.Values.Select(v => v.Value as ITypeSymbol).ToArray();
                    if (types.Any(t => t is null || t.TypeKind == TypeKind.Error))
                    {
                        return null;
                    }
                    parameterTypes = types.Select(t => t!).ToImmutableArray();
                }
            }

            return new CustomRuleRequest("CustomDerivativeFor", null, targetType, arguments[1].Value as string, parameterTypes, rulesType,
                NamedString(attribute, "Forward"), NamedString(attribute, "Reverse"), LocationOf(attribute, cancellationToken));
        }

        private static string? NamedString(AttributeData attribute, string name)
        {
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == name)
                {
                    return named.Value.Value as string;
                }
            }
            return null;
        }

        private static Location? LocationOf(AttributeData attribute, CancellationToken cancellationToken)
            => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
    }
}
