using System.IO;
using AutoDiff.Weaver.Diagnostics;

namespace AutoDiff.Cli
{
    /// <summary>
    /// Prints each diagnostic in MSBuild's canonical form, <c>File.cs(4,39): error AD4001: ...</c>,
    /// which editors and build logs recognise. A diagnostic without a source line (no PDB, or a
    /// weaver bug) names the assembly as its origin instead.
    /// </summary>
    internal sealed class ConsoleDiagnosticSink : IDiagnosticSink
    {
        private readonly TextWriter _error;
        private readonly string _origin;

        public ConsoleDiagnosticSink(TextWriter error, string origin)
        {
            _error = error;
            _origin = origin;
        }

        public int Count { get; private set; }

        public void Report(Diagnostic diagnostic)
        {
            Count++;
            _error.WriteLine(diagnostic.Location == null ? _origin + ": " + diagnostic : diagnostic.ToString());
        }
    }
}
