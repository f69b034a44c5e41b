using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.Differentiation.Reverse;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// The engine every host calls: finds the methods with AutoDiff attributes in a module,
    /// builds each derivative through the pipeline (Engine/Pipeline.cs) and writes its body into the generated
    /// declaration. All bodies are built before any is written: when any diagnostic is
    /// reported, the module is left exactly as it was read.
    /// </summary>
    public sealed class WeaverEngine
    {
        private readonly ModuleDefinition _module;
        private readonly IDiagnosticSink _sink;
        private readonly Pipeline _pipeline;
        private int _errors;

        /// <param name="pipeline">The passes to run; <see cref="Pipeline.Standard"/> unless a test inserts its own.</param>
        public WeaverEngine(ModuleDefinition module, IDiagnosticSink sink, Pipeline? pipeline = null)
        {
            _module = module;
            _sink = sink;
            _pipeline = pipeline ?? Pipeline.Standard;
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
            var built = new List<(PassContext Derivative, MethodDefinition Primal)>();
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
                    built.Add((body.Value.Body, primal));
                    continue;
                }
                early.Add(StubSnapshot.Take(stub));
                wovenEarly++;
                if (Guard(context, primal, () => Emit(body.Value.Body)) == null) requests[k] = null;
            }
            // Derivatives of callees that were not inlined (recursive, large), made as call sites asked for them.
            for (var made = context.Derivatives.TakePending(); made != null; made = context.Derivatives.TakePending())
            {
                var m = made;
                var body = Guard(context, m.Target, () => (Body: BuildBody(context, m.Request, m.Signature, m.Stub), Done: true));
                if (body != null) built.Add((body.Value.Body, m.Target));
            }
            if (_errors > 0)
            {
                foreach (var snapshot in early) snapshot.Restore();
                context.Edits.Undo();
                return new WeaveResult(0, _errors, context.Plans);
            }

            foreach (var (derivative, primal) in built)
            {
                early.Add(StubSnapshot.Take(derivative.Stub));
                Guard(context, primal, () => Emit(derivative));
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

        /// <summary>The backend's passes: the derivative lowered to IL in its declaration.</summary>
        private int Emit(PassContext derivative)
        {
            _pipeline.Run(derivative, PassStage.Backend, PassStage.Backend);
            return 0;
        }

        /// <summary>The pipeline up to the backend for one derivative (asked for by an attribute, or made for a callee).</summary>
        private PassContext BuildBody(WeaveContext context, DerivativeRequest request, DerivativeSignature signature, MethodDefinition stub)
        {
            var derivative = new PassContext(context, request, signature, stub);
            _pipeline.Run(derivative, PassStage.Inlining, PassStage.Optimisation);
            // Verified in every build, whether or not each pass was: malformed IR is never lowered.
            var problems = IrVerifier.Verify(derivative.Derivative, checkDominance: false);
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
                Report(context, DiagnosticCatalog.InternalError, $"while weaving {CSharpNames.Method(method)}: {e.GetType().Name}: {e.Message}" + (System.Environment.GetEnvironmentVariable("AUTODIFF_TRACE") == "1" ? e.StackTrace : ""), method, null);
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
                if (source.Method != method) what += $" (in {CSharpNames.Method(source.Method)}, inlined into {CSharpNames.Method(method)})";
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
