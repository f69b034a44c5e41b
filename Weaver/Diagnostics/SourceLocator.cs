using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Diagnostics
{
    /// <summary>Finds the source line of an IL instruction through the PDB's sequence points.</summary>
    public static class SourceLocator
    {
        /// <summary>
        /// The location of <paramref name="origin"/> (the nearest visible sequence point at or before
        /// it), else of the method's first sequence point, else null when there are no symbols.
        /// </summary>
        public static SourceLocation? Locate(MethodDefinition method, Instruction? origin)
        {
            var info = method.DebugInformation;
            if (info == null || !info.HasSequencePoints) return null;
            SequencePoint? best = null;
            if (origin != null)
            {
                foreach (var sp in info.SequencePoints)
                {
                    if (sp.IsHidden || sp.Offset > origin.Offset) continue;
                    if (best == null || sp.Offset >= best.Offset) best = sp;
                }
            }
            if (best == null)
            {
                foreach (var sp in info.SequencePoints)
                {
                    if (!sp.IsHidden) { best = sp; break; }
                }
            }
            return best == null ? null : new SourceLocation(best.Document.Url, best.StartLine, best.StartColumn, best);
        }
    }
}
