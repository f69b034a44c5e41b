using System;
using AutoDiff.Weaver.Diagnostics;
using Mono.Cecil;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// Runs the engine for a host and turns an unexpected exception (a bug in the weaver, not in
    /// the user's code) into diagnostic AD9001, so every host reports it as a build error with a
    /// message instead of crashing with a bare stack trace.
    /// </summary>
    public static class EngineRunner
    {
        public static WeaveResult Run(ModuleDefinition module, IDiagnosticSink sink) =>
            Run(module, sink, (m, s) => new WeaverEngine(m, s).Run());

        /// <summary>Runs <paramref name="engine"/> in place of <see cref="WeaverEngine"/> (tests use it to make the engine fail).</summary>
        public static WeaveResult Run(ModuleDefinition module, IDiagnosticSink sink, Func<ModuleDefinition, IDiagnosticSink, WeaveResult> engine)
        {
            var counting = new CountingSink(sink);
            try
            {
                var result = engine(module, counting);
                // An engine that reported errors but returned a count of 0 still failed.
                return result.Errors == 0 && counting.Errors > 0 ? new WeaveResult(0, counting.Errors) : result;
            }
            catch (Exception exception) when (!(exception is OutOfMemoryException))
            {
                counting.Report(InternalError(module, exception));
                return new WeaveResult(0, counting.Errors);
            }
        }

        private static Diagnostic InternalError(ModuleDefinition module, Exception exception)
        {
            var descriptor = DiagnosticCatalog.InternalError;
            var message = $"{descriptor.Title} while weaving {module.Name}: {exception.GetType().Name}: {exception.Message}. "
                + descriptor.Hint + Environment.NewLine + exception;
            return new Diagnostic(descriptor, message, null);
        }

        /// <summary>Counts what passes through, so the runner knows errors were reported whatever the engine returns.</summary>
        private sealed class CountingSink : IDiagnosticSink
        {
            private readonly IDiagnosticSink _inner;

            public CountingSink(IDiagnosticSink inner) => _inner = inner;

            public int Errors { get; private set; }

            public void Report(Diagnostic diagnostic)
            {
                Errors++;
                _inner.Report(diagnostic);
            }
        }
    }
}
