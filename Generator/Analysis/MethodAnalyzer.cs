using System.Collections.Generic;
using System.Threading;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// For one annotated method and one attribute kind: reads each attribute, runs every check,
    /// and builds a stub for each attribute that passed. An attribute with any diagnostic gets
    /// no stub, so user code calling it fails with our error, not with a wrong signature.
    /// </summary>
    internal static class MethodAnalyzer
    {
        public static MethodResult Analyze(GeneratorAttributeSyntaxContext context, DerivativeMode mode, CancellationToken cancellationToken)
        {
            var stubs = new List<DerivativeStub>();
            var diagnostics = new List<DiagnosticInfo>();
            foreach (var attribute in context.Attributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = AttributeReader.Read(attribute, mode, cancellationToken);
                if (request is null)
                {
                    continue;
                }
                var found = new List<DiagnosticInfo>();
                var stub = AnalyzeOne(context.TargetSymbol, request, context.SemanticModel.Compilation, found, cancellationToken);
                diagnostics.AddRange(found);
                if (stub is not null && found.Count == 0)
                {
                    stubs.Add(stub);
                }
            }
            return new MethodResult(stubs.ToEquatableArray(), diagnostics.ToEquatableArray());
        }

        private static DerivativeStub? AnalyzeOne(ISymbol target, DerivativeRequest request, Compilation compilation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (!MethodShapeCheck.Run(target, request, diagnostics))
            {
                return null;
            }
            var method = (IMethodSymbol)target;
            ContainingTypeChain.CheckPartial(method, request, diagnostics);
            DerivativeNameCheck.Run(method, request, compilation, diagnostics, cancellationToken);
            ActivityCheck.Run(method, request, diagnostics);
            if (diagnostics.Count > 0)
            {
                return null;
            }

            var signature = SignatureBuilder.Build(method, request);
            ShadowNameCheck.Run(method, request, signature, diagnostics);
            if (diagnostics.Count > 0)
            {
                return null;
            }

            var parameters = new List<ParameterInfo>();
            foreach (var parameter in signature.Parameters)
            {
                parameters.Add(parameter.Info);
            }
            var modifiers = Accessibility(method) + (method.IsStatic ? " static" : "") + (signature.IsUnsafe ? " unsafe" : "");
            return new DerivativeStub(
                StubNames.HintName(method, request.Name!),
                ContainingTypeChain.Namespace(method),
                ContainingTypeChain.Declarations(method).ToEquatableArray(),
                modifiers,
                signature.ReturnType,
                request.Name!,
                parameters.ToEquatableArray(),
                Summary(method, request),
                TypeParameterText.List(method),
                TypeParameterText.Constraints(method));
        }

        private static string Accessibility(IMethodSymbol method) => method.DeclaredAccessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => "public",
            Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
            Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
            Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
            Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };

        /// <summary>The plain text of the doc comment: which method, which mode (XML-escaped by the emitter).</summary>
        private static string Summary(IMethodSymbol method, DerivativeRequest request)
        {
            var mode = request.Mode == DerivativeMode.Reverse
                ? "reverse-mode"
                : request.IsBatch ? $"batch forward-mode (width {request.Width})" : "forward-mode";
            return $"The {mode} derivative of {method.ToMessageString()}, declared by the AutoDiff source generator; the AutoDiff weaver writes its body after compilation.";
        }
    }
}
