using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// A whole struct stored into memory that has a shadow (`points[i] = p`) would need its shadow
    /// slot written or cleared field by field; not done yet, so both modes refuse it (AD4004).
    /// Stores of single fields (`points[i].X = v`) are supported.
    /// </summary>
    public static class WholeStructStore
    {
        public static void Refuse(Instruction store)
        {
            var value = Analysis.ActivityAnalysis.StoredValue(store);
            if (!value.Type.IsScalarStructValue) return;
            throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"a whole struct value ({CSharpNames.Type(value.Type)}) is stored into memory that carries derivatives; store its fields one at a time", store.Origin);
        }
    }
}
