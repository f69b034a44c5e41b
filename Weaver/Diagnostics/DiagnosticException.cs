using System;

namespace AutoDiff.Weaver.Diagnostics
{
    /// <summary>
    /// Thrown by a pass that meets user code it cannot handle correctly. The engine catches it,
    /// reports the diagnostic and gives up on that one derivative (others are still tried, so
    /// one build lists every problem). Never thrown for the weaver's own bugs.
    /// </summary>
    public sealed class DiagnosticException : Exception
    {
        public DiagnosticException(DiagnosticDescriptor descriptor, string what, Mono.Cecil.Cil.Instruction? origin = null)
            : base(what)
        {
            Descriptor = descriptor;
            What = what;
            Origin = origin;
        }

        public DiagnosticDescriptor Descriptor { get; }

        /// <summary>What was found, in the user's terms.</summary>
        public string What { get; }

        /// <summary>The offending IL instruction of the primal, if any; its sequence point gives file and line.</summary>
        public Mono.Cecil.Cil.Instruction? Origin { get; }
    }
}
