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
        /// <summary>
        /// The name's suffix: the mode, then one letter per parameter and one for the result —
        /// A (Active or Dual), D (Duplicated, memory with a shadow), C (Const) —, as in
        /// <c>Fib__AutoDiffReverse_AAC_A</c>.
        /// </summary>
        public static string PatternName(DerivativeRequest request)
        {
            char Letter(Activity a) => a is Activity.Duplicated or Activity.DuplicatedOnly ? 'D' : a == Activity.Const ? 'C' : 'A';
            var parameters = new string(request.Parameters.Select(Letter).ToArray());
            var result = request.ReturnActivity == null ? "V" : Letter(request.ReturnActivity.Value).ToString();
            if (request.Mode == DerivativeMode.Forward) parameters = parameters.Replace('D', 'A');
            return (request.Mode == DerivativeMode.Forward ? "__AutoDiffForward_" : "__AutoDiffReverse_") + parameters + "_" + result;
        }

        public static MethodDefinition Create(MethodDefinition target, DerivativeRequest request, DerivativeSignature signature)
            => Create(target, signature, target.Name + PatternName(request), MethodAttributes.Assembly);

        /// <summary>A declaration named <paramref name="name"/> with <paramref name="access"/> (a generic derivative's closings are private: only its dispatch calls them).</summary>
        public static MethodDefinition Create(MethodDefinition target, DerivativeSignature signature, string name, MethodAttributes access)
        {
            var module = target.Module;
            var results = signature.Results.Select(r => module.ImportReference(r.Type)).ToList();
            var returnType = results.Count == 0 ? module.TypeSystem.Void : results.Count == 1 ? results[0] : TupleTypes.Make(module, results);
            var attributes = access | MethodAttributes.HideBySig | (target.IsStatic ? MethodAttributes.Static : 0);
            var stub = new MethodDefinition(name, attributes, returnType) { DeclaringType = target.DeclaringType };
            foreach (var p in signature.Parameters) stub.Parameters.Add(new ParameterDefinition(p.Name, ParameterAttributes.None, module.ImportReference(p.Type)));
            return stub;
        }
    }
}
