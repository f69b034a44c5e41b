using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// A fixture woven against an AutoDiff.Runtime compiled from <c>runtimeSource</c> — one from
    /// before some member the weaver uses, or without the models — instead of today's: both are
    /// compiled into a folder of their own, the module is read with only that folder and the shared
    /// framework to resolve from (not the tests' folder, which holds today's runtime), and woven.
    /// Disposing it closes the module and deletes the folder.
    /// </summary>
    public sealed class OlderRuntime : IDisposable
    {
        /// <summary>The enum and the reverse attribute: what every runtime has had.</summary>
        public const string Attributes = @"
    public enum Activity { Const, Active, ActiveOnly, Duplicated, DuplicatedOnly, Dual, DualOnly }
    [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]
    public sealed class AutoDiffReverseAttribute : System.Attribute { public AutoDiffReverseAttribute(string name, params Activity[] activities) { } public Activity This { get; set; } }";

        private readonly string _dir;

        private OlderRuntime(string dir, Mono.Cecil.ModuleDefinition module, List<Diagnostic> diagnostics)
        {
            _dir = dir;
            Module = module;
            Diagnostics = diagnostics;
        }

        /// <summary>The woven module (as far as the weaver went).</summary>
        public Mono.Cecil.ModuleDefinition Module { get; }

        public List<Diagnostic> Diagnostics { get; }

        /// <param name="runtimeTypes">The types of namespace AutoDiff the runtime has (<see cref="Attributes"/> and any more).</param>
        /// <param name="fixtureSource">The fixture, compiled against that runtime (no generator runs).</param>
        public static OlderRuntime Weave(string runtimeTypes, string fixtureSource)
        {
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "autodiff-older-runtime-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            var framework = TestCompiler.MetadataReferences.Where(r => !(r.Display ?? "").Contains("AutoDiff.Runtime")).ToArray();
            var options = new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
            var runtime = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("AutoDiff.Runtime",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace AutoDiff {" + runtimeTypes + "\n}") }, framework, options);
            var runtimePath = System.IO.Path.Combine(dir, "AutoDiff.Runtime.dll");
            using (var file = System.IO.File.Create(runtimePath)) Assert.That(runtime.Emit(file).Success, Is.True, "the runtime compiles");
            var fixture = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Fixture",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(fixtureSource, path: TestCompiler.FileName) },
                framework.Append(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(runtimePath)), options);
            var image = new System.IO.MemoryStream();
            Assert.That(fixture.Emit(image).Success, Is.True, "the fixture compiles");
            image.Position = 0;
            var resolver = new Mono.Cecil.DefaultAssemblyResolver();
            foreach (var d in resolver.GetSearchDirectories()) resolver.RemoveSearchDirectory(d);
            resolver.AddSearchDirectory(dir);
            resolver.AddSearchDirectory(System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!);
            var module = Mono.Cecil.ModuleDefinition.ReadModule(image, new Mono.Cecil.ReaderParameters { AssemblyResolver = resolver });
            var sink = new CollectingSink();
            new WeaverEngine(module, sink).Run();
            return new OlderRuntime(dir, module, sink.Diagnostics);
        }

        public void Dispose()
        {
            Module.Dispose();
            System.IO.Directory.Delete(_dir, recursive: true);
        }
    }
}
