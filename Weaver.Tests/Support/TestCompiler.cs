using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// Compiles C# source in memory, as the user's build would (Debug or Release IL, a portable
    /// PDB, the AutoDiff runtime referenced, optionally the source generator run), so stage
    /// tests and diagnostics tests get real compiler output without a project per case.
    /// </summary>
    public static class TestCompiler
    {
        public const string FileName = "Fixture.cs";

        private static readonly Lazy<MetadataReference[]> References = new Lazy<MetadataReference[]>(() =>
        {
            var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var refs = trusted
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll" || Path.GetFileName(p) == "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToList();
            refs.Add(MetadataReference.CreateFromFile(typeof(AutoDiff.Activity).Assembly.Location));
            return refs.ToArray();
        });

        /// <summary>The references every fixture compiles against: the framework's System.* assemblies and the AutoDiff runtime.</summary>
        public static IReadOnlyList<MetadataReference> MetadataReferences => References.Value;

        /// <summary>Compiles <paramref name="source"/>; throws with the compiler's messages on errors.</summary>
        public static CompiledAssembly Compile(string source, bool optimize, bool runGenerator = true, string assemblyName = "Fixture", params CompiledAssembly[] references)
        {
            var result = TryCompile(source, optimize, runGenerator, assemblyName, references);
            if (result.Errors.Count > 0)
            {
                throw new InvalidOperationException("The fixture does not compile:\n" + string.Join("\n", result.Errors));
            }
            return result;
        }

        /// <summary>Compiles and returns the errors (compiler and generator) instead of throwing.</summary>
        public static CompiledAssembly TryCompile(string source, bool optimize, bool runGenerator = true, string assemblyName = "Fixture", params CompiledAssembly[] references)
            => TryCompile(source, optimize, options => options, runGenerator, assemblyName, references);

        /// <summary>
        /// Compiles with the compiler options changed by <paramref name="configure"/> (a strong
        /// name, public or delay signing); throws with the compiler's messages on errors.
        /// </summary>
        public static CompiledAssembly Compile(string source, Func<CSharpCompilationOptions, CSharpCompilationOptions> configure, bool optimize = false)
        {
            var result = TryCompile(source, optimize, configure, runGenerator: true, "Fixture");
            if (result.Errors.Count > 0)
            {
                throw new InvalidOperationException("The fixture does not compile:\n" + string.Join("\n", result.Errors));
            }
            return result;
        }

        private static CompiledAssembly TryCompile(string source, bool optimize, Func<CSharpCompilationOptions, CSharpCompilationOptions> configure, bool runGenerator, string assemblyName, params CompiledAssembly[] references)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var tree = CSharpSyntaxTree.ParseText(source, parse, path: FileName, encoding: System.Text.Encoding.UTF8);
            var options = configure(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: optimize ? OptimizationLevel.Release : OptimizationLevel.Debug,
                allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
            var all = References.Value.Concat(references.Select(r => (MetadataReference)MetadataReference.CreateFromImage(r.Image)));
            Compilation compilation = CSharpCompilation.Create(assemblyName, new[] { tree }, all, options);
            var diagnostics = new List<Diagnostic>();
            if (runGenerator)
            {
                var driver = CSharpGeneratorDriver.Create(new[] { GeneratorFactory.Create() }, parseOptions: parse);
                driver.RunGeneratorsAndUpdateCompilation(compilation, out compilation, out var generatorDiagnostics);
                IlNotation.AssertAbsent(generatorDiagnostics);
                diagnostics.AddRange(generatorDiagnostics);
            }
            using var dll = new MemoryStream();
            using var pdb = new MemoryStream();
            var emit = compilation.Emit(dll, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            diagnostics.AddRange(emit.Diagnostics);
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            return new CompiledAssembly(emit.Success ? dll.ToArray() : Array.Empty<byte>(), emit.Success ? pdb.ToArray() : Array.Empty<byte>(), errors, references);
        }
    }

    public sealed class CompiledAssembly
    {
        public CompiledAssembly(byte[] image, byte[] pdb, IReadOnlyList<Diagnostic> errors, IReadOnlyList<CompiledAssembly>? references = null)
        {
            Image = image;
            Pdb = pdb;
            Errors = errors;
            References = references ?? Array.Empty<CompiledAssembly>();
        }

        /// <summary>The other compiled assemblies (class libraries of the user) this one references.</summary>
        public IReadOnlyList<CompiledAssembly> References { get; }

        public byte[] Image { get; }

        public byte[] Pdb { get; }

        /// <summary>Error diagnostics from the generator and the compiler.</summary>
        public IReadOnlyList<Diagnostic> Errors { get; }

        /// <summary>Reads the image with Cecil, symbols included (line numbers for diagnostics).</summary>
        public Mono.Cecil.ModuleDefinition ReadModule()
        {
            var resolver = new LibraryResolver();
            resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
            resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(AutoDiff.Activity).Assembly.Location)!);
            foreach (var r in References) resolver.Add(Mono.Cecil.AssemblyDefinition.ReadAssembly(new MemoryStream(r.Image), new Mono.Cecil.ReaderParameters { AssemblyResolver = resolver }));
            return Mono.Cecil.ModuleDefinition.ReadModule(new MemoryStream(Image), new Mono.Cecil.ReaderParameters
            {
                ReadSymbols = true,
                SymbolStream = new MemoryStream(Pdb),
                SymbolReaderProvider = new Mono.Cecil.Cil.PortablePdbReaderProvider(),
                AssemblyResolver = resolver,
            });
        }
    }

    /// <summary>Cecil's resolver, which also finds the fixture's class libraries compiled in memory.</summary>
    internal sealed class LibraryResolver : Mono.Cecil.DefaultAssemblyResolver
    {
        public void Add(Mono.Cecil.AssemblyDefinition assembly) => RegisterAssembly(assembly);
    }
}
