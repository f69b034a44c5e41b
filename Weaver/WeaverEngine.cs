using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.Differentiation.Forward;
using AutoDiff.Weaver.Differentiation.Reverse;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.Frontend.Inlining;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// The engine every host calls: finds the methods with AutoDiff attributes in a module,
    /// builds each derivative through the pipeline and writes its body into the generated
    /// declaration. All bodies are built before any is written: when any diagnostic is
    /// reported, the module is left exactly as it was read.
    /// </summary>
    public sealed class WeaverEngine
    {
        private readonly ModuleDefinition _module;
        private readonly IDiagnosticSink _sink;
        private int _errors;

        public WeaverEngine(ModuleDefinition module, IDiagnosticSink sink)
        {
            _module = module;
            _sink = sink;
        }

        /// <summary>Whether loops may be fused where that is proved exact (<see cref="WeaveContext.FuseLoops"/>); tests turn it off to compare.</summary>
        public bool FuseLoops { get; init; } = true;

        /// <summary>Weaves the module in memory; returns how many derivatives were written (none when errors were reported).</summary>
        public WeaveResult Run()
        {
            var context = new WeaveContext(_module) { FuseLoops = FuseLoops };
            var found = DerivativeRequestReader.FindAttributes(_module).ToList();
            var requests = new DerivativeRequest?[found.Count];
            var signatures = new DerivativeSignature?[found.Count];
            var stubs = new MethodDefinition?[found.Count];
            for (int k = 0; k < found.Count; k++)
            {
                var (method, attribute) = found[k];
                Guard(context, method, () =>
                {
                    var request = DerivativeRequestReader.Read(method, attribute);
                    var signature = DerivativeSignature.Of(request);
                    var stub = StubLocator.Find(request, signature);
                    request.Stub = stub;
                    (requests[k], signatures[k], stubs[k]) = (request, signature, stub);
                    return 0;
                });
            }

            // Inner derivatives first: a method that calls a generated derivative is differentiated
            // through that derivative's woven IL (higher order).
            var order = DerivativeOrder.Of(found.Select(f => f.Method).ToList(), stubs, out var reaches, out var cyclic);
            foreach (var k in cyclic)
            {
                Report(context, DiagnosticCatalog.DerivativeCycle,
                    $"the derivative '{requests[k]?.Name}' of '{found[k].Method.Name}' is reached from its own primal (through the derivatives it calls), so it would need itself to exist first",
                    found[k].Method, null);
            }
            var isInner = new HashSet<int>(reaches.SelectMany(r => r));
            var early = new List<StubSnapshot>();
            int wovenEarly = 0;
            var built = new List<(MethodDefinition Stub, Function Body, MethodDefinition Primal)>();
            foreach (var k in order)
            {
                if (requests[k] == null || cyclic.Contains(k) || reaches[k].Any(inner => requests[inner] == null || cyclic.Contains(inner))) continue;
                var (request, signature, stub, primal) = (requests[k]!, signatures[k]!, stubs[k]!, found[k].Method);
                var body = Guard(context, primal, () => (Body: BuildBody(context, request, signature, stub), Done: true));
                if (body == null)
                {
                    requests[k] = null; // derivatives that read this one are not built
                    continue;
                }
                if (!isInner.Contains(k))
                {
                    built.Add((stub, body.Value.Body, primal));
                    continue;
                }
                early.Add(StubSnapshot.Take(stub));
                wovenEarly++;
                if (Guard(context, primal, () => Emit(context, body.Value.Body, stub)) == null) requests[k] = null;
            }
            // Derivatives of callees that were not inlined (recursive, large), made as call sites asked for them.
            for (var made = context.Derivatives.TakePending(); made != null; made = context.Derivatives.TakePending())
            {
                var m = made;
                var body = Guard(context, m.Target, () => (Body: BuildBody(context, m.Request, m.Signature, m.Stub), Done: true));
                if (body != null) built.Add((m.Stub, body.Value.Body, m.Target));
            }
            if (_errors > 0)
            {
                foreach (var snapshot in early) snapshot.Restore();
                context.Edits.Undo();
                return new WeaveResult(0, _errors, context.Plans);
            }

            foreach (var (stub, body, primal) in built)
            {
                early.Add(StubSnapshot.Take(stub));
                Guard(context, primal, () => Emit(context, body, stub));
            }
            if (_errors > 0)
            {
                foreach (var snapshot in early) snapshot.Restore();
                context.Edits.Undo();
                return new WeaveResult(0, _errors, context.Plans);
            }
            foreach (var made in context.Derivatives.All) made.Stub.DeclaringType.Methods.Add(made.Stub);
            if (built.Count + wovenEarly > 0) WovenMarker.Put(_module);
            return new WeaveResult(built.Count + wovenEarly, _errors, context.Plans);
        }

        private static int Emit(WeaveContext context, Function body, MethodDefinition stub)
        {
            IlEmitter.Emit(body, stub);
            AccessWidening.Run(stub, context.Edits); // helpers' private members, reached from the derivative's type
            return 0;
        }

        /// <summary>Frontend → Analysis → Differentiation for one derivative (asked for by an attribute, or made for a callee).</summary>
        private static Function BuildBody(WeaveContext context, DerivativeRequest request, DerivativeSignature signature, MethodDefinition stub)
        {
            var method = request.Primal;
            var read = CallInliner.Run(context, method, request.Mode);  // helpers' IL inlined into the primal's
            var primal = PrimalReader.Read(read);                       // IL → CFG → SSA
            MarkCalls.Run(primal, context, request.Mode);               // inactive calls, calls of derivatives
            var offset = method.HasThis ? 1 : 0;
            var active = new HashSet<int>();
            var shadowed = new HashSet<int>();
            for (int j = 0; j < request.Parameters.Count; j++)
            {
                if (ActivityFacts.Differentiates(request.Parameters[j])) active.Add(j + offset);
                if (ActivityFacts.HasShadow(request.Parameters[j])) shadowed.Add(j + offset);
            }
            if (method.HasThis && ActivityFacts.HasShadow(request.ThisActivity)) shadowed.Add(0);
            var shadows = ShadowAnalysis.Run(primal, shadowed);         // which memory has a shadow
            var activity = ActivityAnalysis.Run(primal, active, request.ReturnIsActive, shadows);
            LostDerivativeCheck.Run(primal, activity, shadows);         // refuse derivatives that would vanish

            var frame = new DerivativeFrame(request, signature, stub, primal);
            var derivative = request.Mode == DerivativeMode.Forward
                ? ForwardEmitter.Build(context, frame, activity, shadows)
                : ReverseEmitter.Build(context, frame, activity, shadows);
            var problems = IrVerifier.Verify(derivative, checkDominance: false);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"the derivative '{request.Name}' is malformed IR: {string.Join("; ", problems)}");
            }
            return derivative;
        }

        /// <summary>Runs one step for a method; a user mistake becomes its diagnostic, our own bug becomes AD9001. Never throws.</summary>
        private T? Guard<T>(WeaveContext context, MethodDefinition method, Func<T> step) where T : struct
        {
            try
            {
                return step();
            }
            catch (DiagnosticException e)
            {
                Report(context, e.Descriptor, e.What, method, e.Origin);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Report(context, DiagnosticCatalog.InternalError, $"while weaving '{method.FullName}': {e.GetType().Name}: {e.Message}" + (System.Environment.GetEnvironmentVariable("AUTODIFF_TRACE") == "1" ? e.StackTrace : ""), method, null);
            }
            return null;
        }

        /// <summary>Reports at the user's source: for IL copied from an inlined helper, at the helper's line.</summary>
        private void Report(WeaveContext context, DiagnosticDescriptor descriptor, string what, MethodDefinition method, Mono.Cecil.Cil.Instruction? origin)
        {
            _errors++;
            var location = SourceLocator.Locate(method, origin);
            if (origin != null && context.InlineOrigins.TryGetValue(origin, out var source))
            {
                if (source.Method != method) what += $" (in {source.Method.DeclaringType.Name}.{source.Method.Name}, inlined into '{method.Name}')";
                // At the helper's line; where it has none (generated code), at the primal's call.
                location = SourceLocator.Locate(source.Method, source.Original) ?? SourceLocator.Locate(method, source.CallSite);
            }
            _sink.Report(new Diagnostic(descriptor, what + ". " + descriptor.Hint, location));
        }
    }

    public sealed class WeaveResult
    {
        public WeaveResult(int derivativesWritten, int errors, IReadOnlyList<ReversePlan>? plans = null)
        {
            DerivativesWritten = derivativesWritten;
            Errors = errors;
            Plans = plans ?? Array.Empty<ReversePlan>();
        }

        /// <summary>The reverse plan of each reverse-mode derivative built, in the order they were built.</summary>
        public IReadOnlyList<ReversePlan> Plans { get; }

        public int DerivativesWritten { get; }

        public int Errors { get; }

        public bool Succeeded => Errors == 0;
    }
}
