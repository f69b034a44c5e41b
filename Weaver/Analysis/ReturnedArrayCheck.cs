using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// With a returned array that carries a derivative (a Duplicated return in reverse mode, Dual
    /// in forward mode), every array the method can return must be one it makes: <c>new T[n]</c>
    /// in its own body or in a helper the weaver inlines, reached through the method's variables
    /// (phis). Only then is the array's shadow one the derivative makes as well, so that in
    /// reverse mode the caller's seed can be added into it before the reverse sweep, and in
    /// forward mode it can be handed back as the tangent. A parameter's shadow is the caller's own
    /// <c>dx</c>, an array read from memory has its shadow in the container's shadow, and null or
    /// an array from a call the weaver does not follow have none: the seed would land in memory
    /// the caller already holds (and meet the gradient of the input there), or the tangent would
    /// alias it or be missing. Those are refused (AD4009). Reads; changes nothing.
    /// </summary>
    public static class ReturnedArrayCheck
    {
        public static void Run(Function primal, string derivativeName, bool returnsShadowedArray)
        {
            if (!returnsShadowedArray) return;
            foreach (var block in primal.Blocks)
            {
                if (!(block.Terminator is Return r) || r.Value == null) continue;
                foreach (var source in Sources(r.Value))
                {
                    if (source is Instruction { Op: Op.NewArray }) continue;
                    var origin = source is Instruction { Origin: not null } made ? made.Origin : r.Origin;
                    throw new DiagnosticException(DiagnosticCatalog.ReturnedArrayNotMade,
                        $"'{derivativeName}' gives the returned array a derivative, but the method can return {Describe(source)}, not an array it makes with new: the derivative's seed (reverse mode) or tangent (forward mode) of that array would be memory the caller already holds, or none",
                        origin);
                }
            }
        }

        /// <summary>The values a returned value can be: itself, or through phis what flows into them.</summary>
        private static IEnumerable<Value> Sources(Value returned)
        {
            var seen = new HashSet<Value>();
            var work = new Stack<Value>();
            work.Push(returned);
            while (work.Count > 0)
            {
                var v = work.Pop();
                if (!seen.Add(v)) continue;
                if (v is Phi phi)
                {
                    foreach (var e in phi.Incoming) work.Push(e.Value);
                    continue;
                }
                yield return v;
            }
        }

        private static string Describe(Value source) => source switch
        {
            Parameter p => $"its parameter '{p.ParameterName}'",
            Constant => "null",
            Instruction { Op: Op.LoadField, Field: not null } load => $"the array held in the field {CSharpNames.Field(load.Field)}",
            Instruction { Op: Op.LoadElement } => "an array read from an element of another array",
            Instruction { Op: Op.LoadIndirect } => "an array read through a ref",
            Instruction { Method: not null } call => $"the array {CSharpNames.Method(call.Method)} returns",
            _ => "an array it does not make itself",
        };
    }
}
