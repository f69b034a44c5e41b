using AutoDiff.Weaver.Diagnostics;
using Microsoft.Build.Utilities;

namespace AutoDiff.Build
{
    /// <summary>
    /// Logs engine diagnostics as MSBuild errors with code, file, line and column, which the build
    /// prints as <c>File.cs(4,39): error AD4001: ...</c> and which fail the build. A diagnostic
    /// without a source line is reported against the assembly.
    /// </summary>
    internal sealed class MsBuildDiagnosticSink : IDiagnosticSink
    {
        private readonly TaskLoggingHelper _log;
        private readonly string _assemblyPath;

        public MsBuildDiagnosticSink(TaskLoggingHelper log, string assemblyPath)
        {
            _log = log;
            _assemblyPath = assemblyPath;
        }

        public void Report(Diagnostic diagnostic)
        {
            var location = diagnostic.Location;
            _log.LogError(
                subcategory: null,
                errorCode: diagnostic.Code,
                helpKeyword: null,
                file: location?.File ?? _assemblyPath,
                lineNumber: location?.Line ?? 0,
                columnNumber: location?.Column ?? 0,
                endLineNumber: 0,
                endColumnNumber: 0,
                message: diagnostic.Message);
        }
    }
}
