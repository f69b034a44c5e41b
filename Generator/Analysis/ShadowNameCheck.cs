using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Checks that the names the generator adds (d&lt;name&gt;, d&lt;name&gt;_k, dret, dthis) clash
    /// neither with the primal's parameters nor with each other (AD1010): a primal with both 'x'
    /// and 'dx' and a Duplicated 'x', or a reverse derivative with a Duplicated 'ret' and an Active
    /// return (two 'dret'), cannot be declared without renaming a parameter.
    /// </summary>
    internal static class ShadowNameCheck
    {
        public static void Run(IMethodSymbol method, DerivativeRequest request, DerivativeSignature signature, List<DiagnosticInfo> diagnostics)
        {
            // Name → what holds it: primal parameters first, then each generated name as it comes.
            var taken = new Dictionary<string, string>();
            foreach (var primal in signature.Parameters.Where(p => p.Origin is null))
            {
                taken[primal.Info.Name] = $"the parameter '{primal.Info.Name.TrimStart('@')}' of '{method.ToMessageString()}'";
            }
            foreach (var added in signature.Parameters.Where(p => p.Origin is not null))
            {
                if (taken.TryGetValue(added.Info.Name, out var holder))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ShadowNameCollides, request.Location,
                        request.Name ?? "", added.Info.Name.TrimStart('@'), added.Origin!, holder));
                }
                else
                {
                    taken[added.Info.Name] = added.Origin!;
                }
            }
        }
    }
}
