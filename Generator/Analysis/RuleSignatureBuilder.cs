using System.Collections.Immutable;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Builds the signature a custom rule must have (Runtime/CustomDerivativeAttribute.cs): the
    /// derivative <see cref="SignatureBuilder"/> declares for the method, width 1, 'this' Const,
    /// with every parameter as active as its type allows (values Active/Dual, memory
    /// Duplicated/Dual, the rest Const) and an Active/Dual return when the return type can carry
    /// a derivative. A rule is a derivative written by hand, so the two never drift apart.
    /// An instance method's rule named by the assembly form is static and takes 'this' first.
    /// </summary>
    internal static class RuleSignatureBuilder
    {
        /// <summary>Types as compared: fully qualified, without nullable annotations (they do not change the method the weaver calls).</summary>
        public static readonly SymbolDisplayFormat CompareFormat = SymbolDisplayFormat.FullyQualifiedFormat;

        /// <summary>Types as shown in messages: "double[]", "System.Numerics.Vector2".</summary>
        public static readonly SymbolDisplayFormat DisplayFormat = MessageDisplay.Format;

        public static RuleSignature Build(IMethodSymbol target, DerivativeMode mode, bool isAssemblyForm, SymbolDisplayFormat format)
        {
            var request = new DerivativeRequest(mode, null, 1, false, Activities(target, mode), (int)ActivityKind.Const, null);
            var derivative = SignatureBuilder.Build(target, request, format);
            var parameters = derivative.Parameters.Select(p => p.Info).ToList();
            var thisFirst = isAssemblyForm && !target.IsStatic;
            if (thisFirst)
            {
                parameters.Insert(0, new ParameterInfo("", target.ContainingType.ToDisplayString(format), "@this"));
            }
            return new RuleSignature(target.IsStatic || isAssemblyForm, parameters, derivative.ReturnType);
        }

        /// <summary>One activity per parameter, then one for the return unless void.</summary>
        private static ImmutableArray<int> Activities(IMethodSymbol target, DerivativeMode mode)
        {
            var activities = target.Parameters.Select(p => (int)InputActivity(p, mode)).ToList();
            if (!target.ReturnsVoid)
            {
                var returnActivity = !TypeCapabilities.IsActiveCapable(target.ReturnType) ? ActivityKind.Const
                    : mode == DerivativeMode.Reverse ? ActivityKind.Active
                    : ActivityKind.Dual;
                activities.Add((int)returnActivity);
            }
            return activities.ToImmutableArray();
        }

        /// <summary>The most active activity ActivityCheck accepts for this parameter in this mode.</summary>
        private static ActivityKind InputActivity(IParameterSymbol parameter, DerivativeMode mode)
        {
            var byValue = parameter.RefKind == RefKind.None;
            var isValue = byValue && TypeCapabilities.IsActiveCapable(parameter.Type);
            var isMemory = byValue ? TypeCapabilities.IsMemory(parameter.Type) : TypeCapabilities.ContainsScalars(parameter.Type);
            if (!isValue && !isMemory)
            {
                return ActivityKind.Const;
            }
            if (mode == DerivativeMode.Forward)
            {
                return ActivityKind.Dual;
            }
            return isValue ? ActivityKind.Active : ActivityKind.Duplicated;
        }
    }
}
