namespace AutoDiff.Weaver.Diagnostics
{
    /// <summary>Where the engine reports; each host prints in its own way (Fody WriteError, MSBuild LogError, console).</summary>
    public interface IDiagnosticSink
    {
        void Report(Diagnostic diagnostic);
    }
}
