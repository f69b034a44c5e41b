using AutoDiff.Weaver.Differentiation;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>Where a pass belongs, in the order the stages run.</summary>
    public enum PassStage
    {
        /// <summary>IL → IL: helpers' bodies become part of the primal's.</summary>
        Inlining,

        /// <summary>IL → control-flow graph → SSA, and the SSA's cleanups.</summary>
        Frontend,

        /// <summary>Facts about the primal: which calls are what, which memory has a shadow, which values are active.</summary>
        Analysis,

        /// <summary>The derivative built from the primal (forward or reverse mode).</summary>
        Differentiation,

        /// <summary>The derivative's own optimisations.</summary>
        Optimisation,

        /// <summary>The derivative lowered to IL in its declaration. Runs only once every derivative of the module is built.</summary>
        Backend,
    }

    /// <summary>One line of the pass list: a pass, its stage, the one mode it runs in (if only one), and what it does.</summary>
    public sealed class PipelineStep
    {
        public PipelineStep(PassStage stage, IPass pass, string what, DerivativeMode? onlyIn = null)
        {
            Stage = stage;
            Pass = pass;
            What = what;
            OnlyIn = onlyIn;
        }

        public PassStage Stage { get; }

        public IPass Pass { get; }

        public string What { get; }

        /// <summary>The mode whose derivatives this pass runs on; null for every derivative (and for a primal read alone).</summary>
        public DerivativeMode? OnlyIn { get; }

        public bool RunsOn(PassContext context) => OnlyIn == null || OnlyIn == context.Mode;
    }
}
