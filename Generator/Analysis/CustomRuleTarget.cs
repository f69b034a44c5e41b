using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Finds the method an <c>[assembly: CustomDerivativeFor]</c> gives rules to: by name among the
    /// methods <c>Type</c> declares, then by <c>ParameterTypes</c> when given (types only: typeof
    /// cannot say ref/in/out). Reports AD1015 when nothing matches and AD1016 when more than one
    /// does; returns the method only when exactly one matches.
    /// </summary>
    internal static class CustomRuleTarget
    {
        public static IMethodSymbol? Find(CustomRuleRequest request, List<DiagnosticInfo> diagnostics)
        {
            var type = request.TargetType!;
            var name = request.TargetName ?? "";
            var named = type.GetMembers(name).OfType<IMethodSymbol>().Where(IsCallable).ToList();
            var matching = request.ParameterTypes is { } parameterTypes
                ? named.Where(m => HasParameterTypes(m, parameterTypes)).ToList()
                : named;

            if (matching.Count == 1)
            {
                return matching[0];
            }
            var typeName = type.ToMessageString();
            if (matching.Count == 0)
            {
                var withTypes = request.ParameterTypes is { } types
                    ? $" with parameter types ({string.Join(", ", types.Select(t => t.ToMessageString()))})"
                    : "";
                var overloads = named.Count > 0 ? $" (its methods named '{name}' are {List(named)})" : "";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.CustomRuleTargetNotFound, request.Location,
                    typeName, name, withTypes, overloads));
                return null;
            }
            var fix = request.ParameterTypes is null
                ? "say which one with ParameterTypes = new[] { typeof(...), ... }"
                : "ParameterTypes cannot tell apart overloads that differ only in ref, in or out: give the rules to a method with a name of its own that calls the one you mean";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.CustomRuleTargetAmbiguous, request.Location,
                typeName, matching.Count.ToString(), name, List(matching), fix));
            return null;
        }

        /// <summary>Methods a call can reach by name: not constructors or finalizers.</summary>
        private static bool IsCallable(IMethodSymbol method)
            => method.MethodKind is not (MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor);

        private static bool HasParameterTypes(IMethodSymbol method, IReadOnlyList<ITypeSymbol> types)
            => method.Parameters.Length == types.Count
               && method.Parameters.Select(p => p.Type).Zip(types, (actual, wanted) => SymbolEqualityComparer.Default.Equals(actual, wanted)).All(same => same);

        private static string List(IEnumerable<IMethodSymbol> methods) => string.Join(", ", methods.Select(m => m.ToMessageString()));
    }
}
