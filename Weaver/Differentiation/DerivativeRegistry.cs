using System.Collections.Generic;
using AutoDiff.Weaver.Engine;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// Derivatives the weaver makes for callees it does not inline (recursive ones, ones too
    /// large to inline): one per (callee, mode, activity pattern) — which parameters carry a
    /// derivative at the call site and whether the result does, as the caller's analysis found —
    /// reused by every call site and every annotated method with that pattern. An entry is made — its declaration
    /// included — before its body is built, so a recursive callee finds itself and the build
    /// ends; the engine builds the pending bodies after the requested ones.
    /// </summary>
    public sealed class DerivativeRegistry
    {
        private readonly Dictionary<(string Target, DerivativeMode Mode, string Pattern), SynthesizedDerivative> _entries =
            new Dictionary<(string, DerivativeMode, string), SynthesizedDerivative>();
        private readonly Queue<SynthesizedDerivative> _pending = new Queue<SynthesizedDerivative>();

        public SynthesizedDerivative GetOrCreate(MethodDefinition target, DerivativeMode mode, bool[] pattern)
        {
            var request = CustomRule.RequestFor(target, mode, pattern);
            var name = SynthesizedStub.PatternName(request);
            var key = (target.FullName, mode, name);
            if (_entries.TryGetValue(key, out var known)) return known;
            var signature = DerivativeSignature.Of(request);
            var stub = SynthesizedStub.Create(target, request, signature);
            request.Stub = stub;
            var made = new SynthesizedDerivative(target, request, signature, stub);
            _entries[key] = made;
            _pending.Enqueue(made);
            return made;
        }

        /// <summary>The next derivative whose body is still to be built.</summary>
        public SynthesizedDerivative? TakePending() => _pending.Count > 0 ? _pending.Dequeue() : null;

        public IEnumerable<SynthesizedDerivative> All => _entries.Values;
    }

    public sealed class SynthesizedDerivative
    {
        public SynthesizedDerivative(MethodDefinition target, DerivativeRequest request, DerivativeSignature signature, MethodDefinition stub)
        {
            Target = target;
            Request = request;
            Signature = signature;
            Stub = stub;
        }

        public MethodDefinition Target { get; }

        public DerivativeRequest Request { get; }

        public DerivativeSignature Signature { get; }

        /// <summary>The method that receives the body: in the target's type, not added to it until the weave succeeds.</summary>
        public MethodDefinition Stub { get; }
    }
}
