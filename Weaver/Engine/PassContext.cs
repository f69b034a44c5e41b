using System;
using System.Collections.Generic;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>
    /// One derivative on its way through the <see cref="Pipeline"/>: what was asked for, and what
    /// the passes have made of it so far, each part set by the pass that makes it (the IL the
    /// frontend reads, its control-flow graph, the primal's SSA, the analyses' facts, the
    /// derivative). Reading a part no earlier pass has made is an ordering mistake in the pass
    /// list, and throws saying which part is missing.
    /// </summary>
    public sealed class PassContext
    {
        private readonly WeaveContext? _weave;
        private readonly DerivativeRequest? _request;
        private readonly DerivativeSignature? _signature;
        private readonly MethodDefinition? _stub;
        private ControlFlowGraph? _cfg;
        private Function? _primal;
        private ShadowInfo? _shadows;
        private ActivityInfo? _activity;
        private Function? _derivative;

        public PassContext(WeaveContext weave, DerivativeRequest request, DerivativeSignature signature, MethodDefinition stub)
        {
            _weave = weave;
            _request = request;
            _signature = signature;
            _stub = stub;
            Method = request.Primal;
        }

        /// <summary>A method read on its own, with no derivative asked for: only the frontend's passes can run (PrimalReader.Read).</summary>
        public PassContext(MethodDefinition method) => Method = method;

        public WeaveContext Weave => _weave ?? throw Missing("the weave's context");

        public DerivativeRequest Request => _request ?? throw Missing("the derivative's request");

        /// <summary>The mode of the derivative being built; null when only a primal is read.</summary>
        public DerivativeMode? Mode => _request?.Mode;

        public DerivativeSignature Signature => _signature ?? throw Missing("the derivative's signature");

        /// <summary>The generated declaration whose body the derivative becomes.</summary>
        public MethodDefinition Stub => _stub ?? throw Missing("the derivative's declaration");

        /// <summary>The IL the frontend reads: the primal's, or its copy with helpers inlined (CallInliner).</summary>
        public MethodDefinition Method { get; set; }

        public ControlFlowGraph Cfg
        {
            get => _cfg ?? throw Missing("the control-flow graph");
            set => _cfg = value;
        }

        /// <summary>The primal as IR: its outline (parameters, no blocks) from CfgBuilder's pass, its SSA from SsaBuilder on.</summary>
        public Function Primal
        {
            get => _primal ?? throw Missing("the primal's IR");
            set => _primal = value;
        }

        public ShadowInfo Shadows
        {
            get => _shadows ?? throw Missing("the shadow analysis");
            set => _shadows = value;
        }

        public ActivityInfo Activity
        {
            get => _activity ?? throw Missing("the activity analysis");
            set => _activity = value;
        }

        public Function Derivative
        {
            get => _derivative ?? throw Missing("the derivative");
            set => _derivative = value;
        }

        /// <summary>IR indices of the primal's parameters that carry a derivative (tangent or gradient), from the request's activities.</summary>
        public ISet<int> ActiveParameters => ParametersWhere(ActivityFacts.Differentiates, includeThis: false);

        /// <summary>IR indices of the primal's parameters that come with a shadow, <c>this</c> (index 0) included.</summary>
        public ISet<int> ShadowedParameters => ParametersWhere(ActivityFacts.HasShadow, includeThis: true);

        /// <summary>
        /// The IR the passes have made so far, for the verifier: the derivative once it exists, else
        /// the primal once SsaBuilder has filled its blocks; null before (IL and its CFG are not IR).
        /// Pure SSA (the primal) is checked for dominance too.
        /// </summary>
        internal (Function Function, bool IsSsa)? Ir =>
            _derivative != null ? (_derivative, false)
            : _primal != null && _primal.Blocks.Count > 0 ? (_primal, true)
            : null;

        /// <summary>How a verifier failure names what it checked: the derivative and its primal, or the primal read.</summary>
        internal string Describe(Function function) =>
            function == _derivative && _request != null
                ? $"the derivative '{_request.Name}' of '{_request.Primal.FullName}'"
                : $"the primal '{Method.FullName}'";

        private HashSet<int> ParametersWhere(Func<Activity, bool> holds, bool includeThis)
        {
            var request = Request;
            var offset = request.Primal.HasThis ? 1 : 0;
            var result = new HashSet<int>();
            for (int j = 0; j < request.Parameters.Count; j++)
            {
                if (holds(request.Parameters[j])) result.Add(j + offset);
            }
            if (includeThis && request.Primal.HasThis && holds(request.ThisActivity)) result.Add(0);
            return result;
        }

        private static InvalidOperationException Missing(string what) =>
            new InvalidOperationException($"{what} is not made yet: a pass reads it before the pass that makes it has run (see Pipeline.Standard)");
    }
}
