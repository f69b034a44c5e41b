using System.Linq;
using AutoDiff.Weaver.Engine;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// The declaration of a derivative the weaver makes itself: in the callee's own type (so the
    /// callee's private members stay in reach), internal (so derivatives in other types can call
    /// it), named after the callee and the mode (<c>Fib__AutoDiffReverse</c>) so that a stack
    /// trace says whose derivative it is, with the signature the contract gives a hand-written
    /// rule. Made detached: the engine adds it to the type only when the whole weave succeeds.
    /// </summary>
    public static class SynthesizedStub
    {
        public static MethodDefinition Create(MethodDefinition target, DerivativeRequest request, DerivativeSignature signature)
        {
            var module = target.Module;
            var results = signature.Results.Select(r => module.ImportReference(r.Type)).ToList();
            var returnType = results.Count == 0 ? module.TypeSystem.Void : results.Count == 1 ? results[0] : TupleTypes.Make(module, results);
            var attributes = MethodAttributes.Assembly | MethodAttributes.HideBySig | (target.IsStatic ? MethodAttributes.Static : 0);
            var suffix = request.Mode == DerivativeMode.Forward ? "__AutoDiffForward" : "__AutoDiffReverse";
            var stub = new MethodDefinition(target.Name + suffix, attributes, returnType) { DeclaringType = target.DeclaringType };
            foreach (var p in signature.Parameters) stub.Parameters.Add(new ParameterDefinition(p.Name, ParameterAttributes.None, module.ImportReference(p.Type)));
            return stub;
        }
    }
}
