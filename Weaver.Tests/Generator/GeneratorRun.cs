using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Weaver.Tests.Generator
{
    /// <summary>
    /// Runs the source generator over one fixture, the way TestCompiler does, but keeps what
    /// generator tests look at: the compilation with the generated files, the generator's
    /// diagnostics, the generated sources, and the derivatives as symbols.
    /// </summary>
    public sealed class GeneratorRun
    {
        /// <summary>Signatures as tests write them: "(float, float) Bar(float x, float dret)".</summary>
        public static readonly SymbolDisplayFormat SignatureFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            memberOptions: SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeRef,
            parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeParamsRefOut,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
                                  | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
                                  | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private GeneratorRun(Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics, GeneratorRunResult result)
        {
            Output = output;
            GeneratorDiagnostics = generatorDiagnostics;
            Sources = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        }

        /// <summary>The fixture plus every generated file.</summary>
        public Compilation Output { get; }

        /// <summary>What the generator reported (our AD1xxx errors).</summary>
        public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

        /// <summary>Generated file text by hint name.</summary>
        public IReadOnlyDictionary<string, string> Sources { get; }

        /// <summary>Errors of the compilation with the generated files (the stubs must compile cleanly).</summary>
        public IReadOnlyList<Diagnostic> CompilerErrors
            => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error || d.IsWarningAsError).ToList();

        /// <summary>Warnings too: users build with warnings as errors, so generated code must not warn.</summary>
        public IReadOnlyList<Diagnostic> CompilerWarnings
            => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();

        public static GeneratorRun Of(string source)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var tree = CSharpSyntaxTree.ParseText(source, parse, path: TestCompiler.FileName, encoding: System.Text.Encoding.UTF8);
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true,
                nullableContextOptions: NullableContextOptions.Enable);
            var compilation = CSharpCompilation.Create("Fixture", new[] { tree }, TestCompiler.MetadataReferences, options);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { GeneratorFactory.Create() }, parseOptions: parse);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            IlNotation.AssertAbsent(diagnostics);
            return new GeneratorRun(output, diagnostics, driver.GetRunResult().Results.Single());
        }

        /// <summary>Runs a fixture that must produce no generator diagnostic and compile without warnings.</summary>
        public static GeneratorRun Clean(string source)
        {
            var run = Of(source);
            var problems = run.GeneratorDiagnostics.Concat(run.CompilerErrors).Concat(run.CompilerWarnings).ToList();
            if (problems.Count > 0)
            {
                throw new InvalidOperationException("Expected a clean run, got:\n" + string.Join("\n", problems)
                    + "\n\nGenerated:\n" + string.Join("\n", run.Sources.Values));
            }
            return run;
        }

        /// <summary>The single method called <paramref name="name"/> in the type with this metadata name.</summary>
        public IMethodSymbol Method(string typeMetadataName, string name)
        {
            var type = Output.GetTypeByMetadataName(typeMetadataName)
                       ?? throw new InvalidOperationException($"No type '{typeMetadataName}' in the compilation.");
            var methods = type.GetMembers(name).OfType<IMethodSymbol>().ToList();
            if (methods.Count != 1)
            {
                throw new InvalidOperationException($"Expected one method '{name}' in '{typeMetadataName}', found {methods.Count}. Generated:\n"
                                                    + string.Join("\n", Sources.Values));
            }
            return methods[0];
        }

        /// <summary>The derivative's signature in <see cref="SignatureFormat"/>.</summary>
        public string Signature(string typeMetadataName, string name) => Method(typeMetadataName, name).ToDisplayString(SignatureFormat);
    }
}
