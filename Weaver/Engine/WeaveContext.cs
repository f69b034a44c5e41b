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
        }

        public ModuleDefinition Module { get; }

        /// <summary>References to the framework methods derivatives call (Math, MathF, ValueTuple).</summary>
        public KnownMethods Methods { get; }
    }
}
