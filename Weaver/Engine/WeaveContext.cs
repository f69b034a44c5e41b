using Mono.Cecil;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>What passes share while weaving one module: the module itself and the references they import into it.</summary>
    public sealed class WeaveContext
    {
        public WeaveContext(ModuleDefinition module)
        {
            Module = module;
            Methods = new KnownMethods(module);
            Calls = new CallSemantics(module);
        }

        /// <summary>Derivatives the weaver makes for callees it does not inline (recursive, large), one per callee and mode.</summary>
        public Differentiation.DerivativeRegistry Derivatives { get; } = new Differentiation.DerivativeRegistry();

        public ModuleDefinition Module { get; }

        /// <summary>
        /// Whether the reverse sweep may undo a loop inside each iteration where that is proved exact
        /// (FusedLoops). On in every build; tests turn it off to compare with the loop reversed whole.
        /// </summary>
        public bool FuseLoops { get; set; } = true;

        /// <summary>The reverse plan of every reverse-mode derivative built (printed by <c>autodiff weave --plan</c> and by tests).</summary>
        public System.Collections.Generic.List<Differentiation.Reverse.ReversePlan> Plans { get; } = new System.Collections.Generic.List<Differentiation.Reverse.ReversePlan>();

        /// <summary>Changes outside derivative bodies (access widening), taken back if the weave is refused.</summary>
        public Backend.ModuleEdits Edits { get; } = new Backend.ModuleEdits();

        /// <summary>References to the framework methods derivatives call (Math, MathF, ValueTuple).</summary>
        public KnownMethods Methods { get; }

        /// <summary>What every callee is to differentiated code (CallSemantics.Classify).</summary>
        public CallSemantics Calls { get; }

        private readonly System.Collections.Generic.Dictionary<(MethodDefinition, MetadataType), MethodDefinition> _closed =
            new System.Collections.Generic.Dictionary<(MethodDefinition, MetadataType), MethodDefinition>();

        /// <summary>A generic method closed over double or float (<see cref="Frontend.ClosedPrimal"/>), one copy per method and type, so its identity is stable.</summary>
        public MethodDefinition Closed(MethodDefinition open, TypeReference argument)
        {
            if (!_closed.TryGetValue((open, argument.MetadataType), out var closed))
            {
                _closed[(open, argument.MetadataType)] = closed = Frontend.ClosedPrimal.Close(open, argument);
            }
            return closed;
        }

        /// <summary>Generic derivatives by their generic declaration (D&lt;T&gt;), for <see cref="ClosedDerivative"/>.</summary>
        public System.Collections.Generic.Dictionary<MethodDefinition, Differentiation.GenericDerivative> GenericDerivatives { get; } =
            new System.Collections.Generic.Dictionary<MethodDefinition, Differentiation.GenericDerivative>();

        /// <summary>
        /// For a call of a generic derivative closed over a type it is made for (<c>D&lt;double&gt;</c>),
        /// the closing's own declaration (<c>D__double</c>): what the dispatch calls, without the typeof
        /// tests and reinterpretation a derivative of the caller (higher order) cannot read. Else null.
        /// </summary>
        public MethodDefinition? ClosedDerivative(MethodReference method)
        {
            if (!(method is GenericInstanceMethod { GenericArguments.Count: 1 } instance)) return null;
            var declaration = IR.TypeReferenceRocks.TryResolve(instance.ElementMethod);
            if (declaration == null || !GenericDerivatives.TryGetValue(declaration, out var derivative)) return null;
            var argument = instance.GenericArguments[0].MetadataType;
            return System.Linq.Enumerable.FirstOrDefault(derivative.Closings, c => c.Argument.MetadataType == argument)?.Stub;
        }

        /// <summary>
        /// For IL the frontend inlined (Frontend/Inlining): the method and instruction each copy
        /// came from, so a diagnostic inside a helper points at the helper's source line, and the
        /// primal's call that brought it in (where a helper has no lines: generated code).
        /// </summary>
        public System.Collections.Generic.Dictionary<Mono.Cecil.Cil.Instruction, (MethodDefinition Method, Mono.Cecil.Cil.Instruction Original, Mono.Cecil.Cil.Instruction CallSite)> InlineOrigins { get; } =
            new System.Collections.Generic.Dictionary<Mono.Cecil.Cil.Instruction, (MethodDefinition, Mono.Cecil.Cil.Instruction, Mono.Cecil.Cil.Instruction)>();

        /// <summary>
        /// Methods made to build and throw an exception in place of a throw run of differentiated code
        /// (CallInliner.ThrowOutlining.cs), by the run's last source instruction and the types handed
        /// to them: every derivative of the primal calls the same one.
        /// </summary>
        public System.Collections.Generic.Dictionary<(Mono.Cecil.Cil.Instruction Throw, string Inputs), MethodDefinition> ThrowHelpers { get; } =
            new System.Collections.Generic.Dictionary<(Mono.Cecil.Cil.Instruction, string), MethodDefinition>();
    }
}
