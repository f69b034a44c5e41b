using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// One <c>[CustomDerivative]</c> or <c>[assembly: CustomDerivativeFor]</c> read into plain
    /// values: which method gets the rules (directly, or by type, name and parameter types), where
    /// the rules live, their names per mode, and where the attribute stands.
    /// </summary>
    internal sealed class CustomRuleRequest
    {
        public CustomRuleRequest(
            string attributeName,
            IMethodSymbol? target,
            INamedTypeSymbol? targetType,
            string? targetName,
            ImmutableArray<ITypeSymbol>? parameterTypes,
            INamedTypeSymbol rulesType,
            string? forwardName,
            string? reverseName,
            Location? location)
        {
            AttributeName = attributeName;
            Target = target;
            TargetType = targetType;
            TargetName = targetName;
            ParameterTypes = parameterTypes;
            RulesType = rulesType;
            ForwardName = forwardName;
            ReverseName = reverseName;
            Location = location;
        }

        /// <summary>"CustomDerivative" or "CustomDerivativeFor", as the user wrote it in brackets.</summary>
        public string AttributeName { get; }

        /// <summary>The annotated method ([CustomDerivative]); null for the assembly form, which names it instead.</summary>
        public IMethodSymbol? Target { get; }

        /// <summary>Assembly form: the type that declares the method.</summary>
        public INamedTypeSymbol? TargetType { get; }

        /// <summary>Assembly form: the method's name.</summary>
        public string? TargetName { get; }

        /// <summary>Assembly form: the overload's parameter types, or null when not given.</summary>
        public ImmutableArray<ITypeSymbol>? ParameterTypes { get; }

        /// <summary>The type whose methods are the rules: the annotated method's own type, or the assembly form's Rules.</summary>
        public INamedTypeSymbol RulesType { get; }

        public string? ForwardName { get; }

        public string? ReverseName { get; }

        /// <summary>The attribute in source: where every diagnostic about these rules is reported.</summary>
        public Location? Location { get; }

        /// <summary>
        /// Rules named by the assembly form are static methods of another type, so an instance
        /// target's <c>this</c> becomes their first parameter (Const).
        /// </summary>
        public bool IsAssemblyForm => Target is null;
    }
}
