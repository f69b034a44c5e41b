using System.Collections.Generic;
using System.Threading;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// The custom-rule pipeline steps: for <c>[CustomDerivative]</c> on one method, and for the
    /// <c>[assembly: CustomDerivativeFor]</c> attributes of one file, read each attribute, find the
    /// method it concerns, and check its rules. Nothing is generated for custom rules (the weaver
    /// calls them as written); the result is only the errors, so the IDE shows them as the user types.
    /// </summary>
    internal static class CustomRuleAnalyzer
    {
        public static EquatableArray<DiagnosticInfo> AnalyzeMethod(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (context.TargetSymbol is IMethodSymbol method)
            {
                foreach (var attribute in context.Attributes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var request = CustomRuleReader.ReadOnMethod(attribute, method, cancellationToken);
                    if (request is not null)
                    {
                        CustomRuleCheck.Run(method, request, diagnostics);
                    }
                }
            }
            return diagnostics.ToEquatableArray();
        }

        public static EquatableArray<DiagnosticInfo> AnalyzeAssembly(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            foreach (var attribute in context.Attributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = CustomRuleReader.ReadOnAssembly(attribute, cancellationToken);
                if (request is null)
                {
                    continue;
                }
                var target = CustomRuleTarget.Find(request, diagnostics);
                if (target is not null)
                {
                    CustomRuleCheck.Run(target, request, diagnostics);
                }
            }
            return diagnostics.ToEquatableArray();
        }
    }
}
