using System.Linq;
using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// Compiles C# in memory (with the source generator), weaves it with the engine as a host
    /// would, and hands back the diagnostics and the woven module, ready to load and run.
    /// </summary>
    public static class TestWeaver
    {
        /// <summary>
        /// Weaves <paramref name="source"/> and asserts the build is refused with exactly one
        /// diagnostic, of this code, saying this, at this line, with nothing written: no derivative
        /// counted as written, and the module, written out after the failed weave, byte for byte the
        /// image a module read from the same assembly but never woven gives (so no body, attribute,
        /// visibility or reference was left changed in memory for a host to save).
        /// </summary>
        public static Weaver.Diagnostics.Diagnostic Refused(string source, bool optimize, string code, string fragment, int line, bool runGenerator = true)
        {
            var compiled = TestCompiler.Compile(source, optimize, runGenerator);
            var module = compiled.ReadModule();
            var sink = new CollectingSink();
            var result = new WeaverEngine(module, sink).Run();
            NUnit.Framework.Assert.That(sink.Diagnostics, NUnit.Framework.Has.Count.EqualTo(1), string.Join("\n", sink.Diagnostics));
            var d = sink.Diagnostics[0];
            NUnit.Framework.Assert.That(d.Code, NUnit.Framework.Is.EqualTo(code), d.ToString());
            NUnit.Framework.Assert.That(d.Message, NUnit.Framework.Does.Contain(fragment), d.ToString());
            NUnit.Framework.Assert.That(d.Location?.Line, NUnit.Framework.Is.EqualTo(line), d.ToString());
            NUnit.Framework.Assert.That(result.DerivativesWritten, NUnit.Framework.Is.EqualTo(0));
            NUnit.Framework.Assert.That(Image(module), NUnit.Framework.Is.EqualTo(Image(compiled.ReadModule())), "a refused weave leaves the module as it was read");
            return d;
        }

        /// <summary>The module as a host would save it (without symbols: the PDB's ids depend on the image).</summary>
        private static byte[] Image(Mono.Cecil.ModuleDefinition module)
        {
            using var stream = new System.IO.MemoryStream();
            module.Write(stream);
            return stream.ToArray();
        }

        public static WeaveOutcome Weave(string source, bool optimize, bool runGenerator = true, params CompiledAssembly[] references) =>
            Weave(source, optimize, fuseLoops: true, runGenerator, references ?? System.Array.Empty<CompiledAssembly>());

        /// <summary>As Weave, with every loop reversed whole, as before fused loops: to compare with, and to test the taped path.</summary>
        public static WeaveOutcome WeaveUnfused(string source, bool optimize) => Weave(source, optimize, fuseLoops: false, runGenerator: true, System.Array.Empty<CompiledAssembly>());

        private static WeaveOutcome Weave(string source, bool optimize, bool fuseLoops, bool runGenerator, CompiledAssembly[] references)
        {
            var compiled = TestCompiler.Compile(source, optimize, runGenerator, "Fixture", references);
            var module = compiled.ReadModule();
            var sink = new CollectingSink();
            var result = new WeaverEngine(module, sink) { FuseLoops = fuseLoops }.Run();
            return new WeaveOutcome(module, sink.Diagnostics, result, references);
        }

        /// <summary>Weaves and requires success; throws with every diagnostic otherwise. <paramref name="references"/> are loaded beside it.</summary>
        public static WovenAssembly WeaveAndLoad(string source, bool optimize, params CompiledAssembly[] references) =>
            Load(Weave(source, optimize, fuseLoops: true, runGenerator: true, references), references);

        /// <summary>As WeaveAndLoad, with every loop reversed whole (WeaveUnfused).</summary>
        public static WovenAssembly WeaveAndLoadUnfused(string source, bool optimize) =>
            Load(Weave(source, optimize, fuseLoops: false, runGenerator: true, System.Array.Empty<CompiledAssembly>()), System.Array.Empty<CompiledAssembly>());

        private static WovenAssembly Load(WeaveOutcome outcome, CompiledAssembly[] references)
        {
            if (outcome.Diagnostics.Count > 0)
            {
                throw new System.InvalidOperationException("Weaving failed:\n" + string.Join("\n", outcome.Diagnostics));
            }
            return WovenAssembly.Load(outcome.Module, references.Select(r => r.Image).ToArray());
        }
    }

    public sealed class WeaveOutcome
    {
        public WeaveOutcome(Mono.Cecil.ModuleDefinition module, List<Diagnostic> diagnostics, WeaveResult result, IReadOnlyList<CompiledAssembly>? references = null)
        {
            References = references ?? System.Array.Empty<CompiledAssembly>();
            Module = module;
            Diagnostics = diagnostics;
            Result = result;
        }

        public Mono.Cecil.ModuleDefinition Module { get; }

        /// <summary>The class libraries the woven assembly was compiled against.</summary>
        public IReadOnlyList<CompiledAssembly> References { get; }

        public List<Diagnostic> Diagnostics { get; }

        public WeaveResult Result { get; }
    }

    /// <summary>Keeps what the engine reports; every message must be in the user's terms (<see cref="IlNotation"/>), whatever the test checks besides.</summary>
    public sealed class CollectingSink : IDiagnosticSink
    {
        public List<Diagnostic> Diagnostics { get; } = new List<Diagnostic>();

        public void Report(Diagnostic diagnostic)
        {
            IlNotation.AssertAbsent(diagnostic);
            Diagnostics.Add(diagnostic);
        }
    }
}
