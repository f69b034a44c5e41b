using Mono.Cecil;
using AutoDiff.Weaver.Diagnostics;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// The engine every host calls: finds the methods with AutoDiff attributes in a module,
    /// builds each derivative through the pipeline and writes its body into the generated
    /// declaration. All bodies are built before any is written: when any diagnostic is
    /// reported, the module is left exactly as it was read.
    /// </summary>
    public sealed class WeaverEngine
    {
        private readonly ModuleDefinition _module;
        private readonly IDiagnosticSink _sink;

        public WeaverEngine(ModuleDefinition module, IDiagnosticSink sink)
        {
            _module = module;
            _sink = sink;
        }

        /// <summary>Weaves the module in memory; returns how many derivatives were written (0 when errors were reported).</summary>
        public WeaveResult Run()
        {
            // Filled in by the pipeline (Frontend → Analysis → Differentiation → Backend).
            _ = _module;
            _ = _sink;
            return new WeaveResult(0, 0);
        }
    }

    public sealed class WeaveResult
    {
        public WeaveResult(int derivativesWritten, int errors)
        {
            DerivativesWritten = derivativesWritten;
            Errors = errors;
        }

        public int DerivativesWritten { get; }

        public int Errors { get; }

        public bool Succeeded => Errors == 0;
    }
}
