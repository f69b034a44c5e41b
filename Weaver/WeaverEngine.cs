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
            var jobs = new List<Job>();
            var generics = new List<GenericDerivative>();
            foreach (var (method, attribute) in DerivativeRequestReader.FindAttributes(_module))
            {
                if (method.HasGenericParameters)
                {
                    // One job per closing (double, float); the generic declaration gets a dispatch once all are woven.
                    var generic = Guard(context, method, () => (Made: GenericDerivative.Prepare(method, attribute, context), Done: true))?.Made;
                    if (generic == null) continue;
                    generics.Add(generic);
                    context.GenericDerivatives[generic.Declaration] = generic;
                    foreach (var c in generic.Closings) jobs.Add(new Job(c.Primal, c.Request, c.Signature, c.Stub, generic.Declaration, generic));
                    continue;
                }
                var job = new Job(method);
                Guard(context, method, () =>
                {
                    var request = DerivativeRequestReader.Read(method, attribute);
                    var signature = DerivativeSignature.Of(request);
                    var stub = StubLocator.Find(request, signature);
                    request.Stub = stub;
                    (job.Request, job.Signature, job.Stub, job.Declaration) = (request, signature, stub, stub);
                    return 0;
                });
                jobs.Add(job);
            }
            foreach (var misuse in Analysis.GenericDerivativeCalls.Find(_module, generics.Select(g => g.Declaration)))
            {
                Report(context, DiagnosticCatalog.GenericArgumentNotDifferentiable, Describe(misuse), misuse.Caller, misuse.Call);
            }

            // Inner derivatives first: a method that calls a generated derivative is differentiated
            // through that derivative's woven IL (higher order).
            var order = DerivativeOrder.Of(jobs.Select(j => j.Primal).ToList(), jobs.Select(j => j.Declaration).ToList(), out var reaches, out var cyclic);
            foreach (var k in cyclic)
            {
                Report(context, DiagnosticCatalog.DerivativeCycle,
                    $"the derivative '{jobs[k].Request?.Name}' of '{jobs[k].Primal.Name}' is reached from its own primal (through the derivatives it calls), so it would need itself to exist first",
                    jobs[k].Primal, null);
            }
            var isInner = new HashSet<int>(reaches.SelectMany(r => r));
            var early = new List<StubSnapshot>();
            var remaining = generics.ToDictionary(g => g, g => g.Closings.Count);
            int written = 0;
            var built = new List<(PassContext Derivative, Job Job)>();
            var failedGenerics = new HashSet<GenericDerivative>();
            foreach (var k in order)
            {
                var job = jobs[k];
                if (job.Request == null || cyclic.Contains(k) || reaches[k].Any(inner => jobs[inner].Request == null || cyclic.Contains(inner))) continue;
                // A generic primal refused for double is not tried for float: one diagnostic per mistake.
                if (job.Generic != null && failedGenerics.Contains(job.Generic)) { job.Request = null; continue; }
                var (request, signature, stub, primal) = (job.Request, job.Signature!, job.Stub!, job.Primal);
                var body = Guard(context, primal, () => (Body: BuildBody(context, request, signature, stub), Done: true));
                if (body == null)
                {
                    job.Request = null; // derivatives that read this one are not built
                    if (job.Generic != null) failedGenerics.Add(job.Generic);
                    continue;
                }
                if (!isInner.Contains(k))
                {
                    built.Add((body.Value.Body, job));
                    continue;
                }
                early.Add(StubSnapshot.Take(stub));
                if (Guard(context, primal, () => Emit(body.Value.Body)) == null) job.Request = null;
                else written += Woven(context, job, remaining, early);
            }
            // Derivatives of callees that were not inlined (recursive, large), made as call sites asked for them.
            for (var made = context.Derivatives.TakePending(); made != null; made = context.Derivatives.TakePending())
            {
                var m = made;
                var body = Guard(context, m.Target, () => (Body: BuildBody(context, m.Request, m.Signature, m.Stub), Done: true));
                if (body != null) built.Add((body.Value.Body, new Job(m.Target)));
            }
            if (_errors > 0)
            {
                foreach (var snapshot in early) snapshot.Restore();
                context.Edits.Undo();
                return new WeaveResult(0, _errors, context.Plans);
            }

            foreach (var (derivative, job) in built)
            {
                early.Add(StubSnapshot.Take(derivative.Stub));
                if (Guard(context, job.Primal, () => Emit(derivative)) != null) written += Woven(context, job, remaining, early);
            }
            if (_errors > 0)
            {
                foreach (var snapshot in early) snapshot.Restore();
                context.Edits.Undo();
                return new WeaveResult(0, _errors, context.Plans);
            }
            foreach (var made in context.Derivatives.All) made.Stub.DeclaringType.Methods.Add(made.Stub);
            foreach (var closing in generics.SelectMany(g => g.Closings)) closing.Stub.DeclaringType.Methods.Add(closing.Stub);
            if (written > 0) WovenMarker.Put(_module);
            return new WeaveResult(written, _errors, context.Plans);
        }

        /// <summary>One derivative to build: its primal (a generic one's closing for a closed type), what was asked, and where the body goes.</summary>
        private sealed class Job
        {
            public Job(MethodDefinition primal) => Primal = primal;

            public Job(MethodDefinition primal, DerivativeRequest request, DerivativeSignature signature, MethodDefinition stub, MethodDefinition declaration, GenericDerivative generic)
                : this(primal)
            {
                (Request, Signature, Stub, Declaration, Generic) = (request, signature, stub, declaration, generic);
            }

            /// <summary>The method read and reported at: the primal, or a generic primal closed over double or float.</summary>
            public MethodDefinition Primal { get; }

            /// <summary>Null when reading the attribute failed, or when building the derivative did.</summary>
            public DerivativeRequest? Request { get; set; }

            public DerivativeSignature? Signature { get; set; }

            /// <summary>What receives the body: the generator's declaration, or a generic one's private closing.</summary>
            public MethodDefinition? Stub { get; set; }

            /// <summary>What callers call (ordering inner derivatives first): the declaration, generic or not.</summary>
            public MethodDefinition? Declaration { get; set; }

            public GenericDerivative? Generic { get; }
        }

        /// <summary>
        /// After a job's body is written: how many derivatives that completes — one for an ordinary
        /// job; for a generic derivative's closing, one once its last closing is written, when its
        /// generic declaration gets the dispatch to them.
        /// </summary>
        private int Woven(WeaveContext context, Job job, Dictionary<GenericDerivative, int> remaining, List<StubSnapshot> early)
        {
            var generic = job.Generic;
            if (generic == null) return 1;
            if (--remaining[generic] > 0) return 0;
            early.Add(StubSnapshot.Take(generic.Declaration));
            return Guard(context, generic.Primal, () => { GenericDispatch.Write(generic); return 1; }) ?? 0;
        }

        private static string Describe(Analysis.GenericDerivativeCalls.Misuse misuse)
        {
            var through = misuse.Callee.Resolve() == misuse.Derivative ? "" : $", which passes its type argument on to {CSharpNames.Type(misuse.Derivative.DeclaringType)}.{misuse.Derivative.Name}<T>";
            return $"{CSharpNames.Method(misuse.Caller)} calls {CSharpNames.Method(misuse.Callee)}{through}, with T = {CSharpNames.Type(misuse.Argument)}, but the derivative {CSharpNames.Type(misuse.Derivative.DeclaringType)}.{misuse.Derivative.Name}<T> is made for T = double and T = float only";
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
