using System;
using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using Mono.Cecil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>What every host gets from <see cref="EngineRunner"/>: engine crashes become AD9001, errors fail the run.</summary>
    [TestFixture]
    public sealed class EngineRunnerTests
    {
        private static ModuleDefinition EmptyModule() => ModuleDefinition.CreateModule("Empty", ModuleKind.Dll);

        [Test]
        public void Engine_exception_becomes_internal_error_AD9001()
        {
            var sink = new ListSink();

            var result = EngineRunner.Run(EmptyModule(), sink, (module, s) => throw new InvalidOperationException("boom"));

            Assert.That(result.Succeeded, Is.False);
            Assert.That(sink.Reported, Has.Count.EqualTo(1));
            Assert.That(sink.Reported[0].Code, Is.EqualTo("AD9001"));
            Assert.That(sink.Reported[0].Message, Does.Contain("boom").And.Contain("please report"));
        }

        [Test]
        public void Reported_errors_fail_the_run_whatever_the_engine_returns()
        {
            var sink = new ListSink();
            var found = new Diagnostic(DiagnosticCatalog.UnsupportedInstruction, "found localloc", null);

            var result = EngineRunner.Run(EmptyModule(), sink, (module, s) => { s.Report(found); return new WeaveResult(0, 0); });

            Assert.That(result.Succeeded, Is.False);
            Assert.That(sink.Reported, Is.EqualTo(new[] { found }));
        }

        [Test]
        public void Placeholder_or_real_engine_runs_on_an_empty_module_without_errors()
        {
            var sink = new ListSink();

            var result = EngineRunner.Run(EmptyModule(), sink);

            Assert.That(result.Succeeded, Is.True, string.Join("\n", sink.Reported));
            Assert.That(result.DerivativesWritten, Is.Zero);
        }

        private sealed class ListSink : IDiagnosticSink
        {
            public List<Diagnostic> Reported { get; } = new List<Diagnostic>();

            public void Report(Diagnostic diagnostic) => Reported.Add(diagnostic);
        }
    }
}
