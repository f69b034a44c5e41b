using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>
    /// A temporary gate between the frontend and differentiation: the frontend reads spans
    /// (Struct values read by CallOnValue) but differentiation does not handle them yet, so a
    /// primal that computes with a span is AD4004 at its first such instruction rather than an
    /// internal error further down. Remove this step once spans get shadows.
    /// </summary>
    public static class SpansNotDifferentiatedYet
    {
        public static void Check(Function primal)
        {
            foreach (var b in primal.Blocks)
            {
                foreach (var i in b.Instructions)
                {
                    var span = IsSpan(i) ? i : System.Array.Find(i.Operands, IsSpan);
                    if (span == null) continue;
                    throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                        $"'{primal.Name}' computes with the span value {Describe(span)}; spans are read but not differentiated yet (pass an array instead)", i.Origin);
                }
            }
        }

        private static bool IsSpan(Value v) => v.Type.Kind == IrTypeKind.Struct && IrType.IsSpan(v.Type.Clr!);

        private static string Describe(Value v) =>
            (v is Parameter p ? "parameter '" + p.ParameterName + "' " : "") + "of type " + TypeNames.Describe(v.Type.Clr!);
    }
}
