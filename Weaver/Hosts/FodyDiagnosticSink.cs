using AutoDiff.Weaver.Diagnostics;
using Fody;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// Prints engine diagnostics through Fody, so MSBuild shows <c>File.cs(line,col): error ...
    /// AD2001: message</c>. Fody fails the build when any error was written.
    /// </summary>
    internal sealed class FodyDiagnosticSink : IDiagnosticSink
    {
        private readonly BaseModuleWeaver _weaver;

        public FodyDiagnosticSink(BaseModuleWeaver weaver) => _weaver = weaver;

        public void Report(Diagnostic diagnostic)
        {
            var text = diagnostic.Code + ": " + diagnostic.Message;
            var sequencePoint = diagnostic.Location?.SequencePoint;
            if (sequencePoint != null)
            {
                _weaver.WriteError(text, sequencePoint);
            }
            else if (diagnostic.Location != null)
            {
                // No PDB entry to hand to Fody: keep the location in the text.
                _weaver.WriteError(diagnostic.Location + ": " + text);
            }
            else
            {
                _weaver.WriteError(text);
            }
        }
    }
}
