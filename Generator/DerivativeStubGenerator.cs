using AutoDiff.Generator.Analysis;
using AutoDiff.Generator.Emit;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator
{
    /// <summary>
    /// Declares the derivative methods asked for by [AutoDiffReverse] and [AutoDiffForward], so
    /// user code can call them before the post-compile weaver writes their bodies. One file per
    /// derivative, in the primal's (partial) type; user mistakes become AD1xxx errors at the
    /// attribute (DiagnosticCatalog). Custom derivative rules ([CustomDerivative], [assembly:
    /// CustomDerivativeFor]) are only checked: their own steps report errors and generate nothing.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class DerivativeStubGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Any node may carry the attribute (methods, but also local functions and lambdas);
            // MethodShapeCheck reports the ones we cannot serve instead of ignoring them.
            var reverse = context.SyntaxProvider.ForAttributeWithMetadataName(
                DerivativeNameCheck.ReverseAttribute,
                static (_, _) => true,
                static (attributeContext, cancellationToken) => MethodAnalyzer.Analyze(attributeContext, DerivativeMode.Reverse, cancellationToken));
            var forward = context.SyntaxProvider.ForAttributeWithMetadataName(
                DerivativeNameCheck.ForwardAttribute,
                static (_, _) => true,
                static (attributeContext, cancellationToken) => MethodAnalyzer.Analyze(attributeContext, DerivativeMode.Forward, cancellationToken));

            context.RegisterSourceOutput(reverse, Write);
            context.RegisterSourceOutput(forward, Write);

            // Rules on a method, and rules named at assembly level (whose target is the file's compilation unit).
            var methodRules = context.SyntaxProvider.ForAttributeWithMetadataName(
                CustomRuleReader.MethodAttribute,
                static (_, _) => true,
                static (attributeContext, cancellationToken) => CustomRuleAnalyzer.AnalyzeMethod(attributeContext, cancellationToken));
            var assemblyRules = context.SyntaxProvider.ForAttributeWithMetadataName(
                CustomRuleReader.AssemblyAttribute,
                static (node, _) => node is CompilationUnitSyntax,
                static (attributeContext, cancellationToken) => CustomRuleAnalyzer.AnalyzeAssembly(attributeContext, cancellationToken));

            context.RegisterSourceOutput(methodRules, Report);
            context.RegisterSourceOutput(assemblyRules, Report);
        }

        private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }

        private static void Write(SourceProductionContext context, MethodResult result)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
            foreach (var stub in result.Stubs)
            {
                context.AddSource(stub.HintName, StubEmitter.Emit(stub));
            }
        }
    }
}
