namespace AutoDiff.Weaver.Diagnostics
{
    /// <summary>A diagnostic at a place in the user's source (from the PDB), ready to print.</summary>
    public sealed class Diagnostic
    {
        public Diagnostic(DiagnosticDescriptor descriptor, string message, SourceLocation? location)
        {
            Descriptor = descriptor;
            Message = message;
            Location = location;
        }

        public DiagnosticDescriptor Descriptor { get; }

        public string Code => Descriptor.Code;

        /// <summary>What was found, then the hint.</summary>
        public string Message { get; }

        public SourceLocation? Location { get; }

        /// <summary>MSBuild's canonical form: <c>File.cs(4,39): error AD2001: ...</c>.</summary>
        public override string ToString() =>
            (Location == null ? "" : Location + ": ") + "error " + Code + ": " + Message;
    }

    public sealed class SourceLocation
    {
        public SourceLocation(string file, int line, int column, Mono.Cecil.Cil.SequencePoint? sequencePoint = null)
        {
            File = file;
            Line = line;
            Column = column;
            SequencePoint = sequencePoint;
        }

        /// <summary>The PDB entry the location came from, for hosts (Fody) that report through it.</summary>
        public Mono.Cecil.Cil.SequencePoint? SequencePoint { get; }

        public string File { get; }

        public int Line { get; }

        public int Column { get; }

        public override string ToString() => $"{File}({Line},{Column})";
    }
}
