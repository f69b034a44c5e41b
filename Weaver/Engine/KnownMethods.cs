using System.Collections.Generic;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>
    /// Builds references, in the woven module's own scope (its core library), to the framework
    /// methods that derivative code calls: System.Math for double, System.MathF for float.
    /// References are made by name rather than imported from the weaver's own runtime, so they
    /// point where the user's code points.
    /// </summary>
    public sealed class KnownMethods
    {
        private readonly ModuleDefinition _module;
        private readonly Dictionary<string, MethodReference> _cache = new Dictionary<string, MethodReference>();

        public KnownMethods(ModuleDefinition module) => _module = module;

        /// <summary>Math.<paramref name="name"/> (double) or MathF.<paramref name="name"/> (float) taking <paramref name="arity"/> arguments of that type.</summary>
        public MethodReference Math(string name, IrType type, int arity)
        {
            var isFloat = type.Kind == IrTypeKind.Float32;
            var key = (isFloat ? "MathF." : "Math.") + name + "/" + arity;
            if (_cache.TryGetValue(key, out var cached)) return cached;
            var scalar = isFloat ? _module.TypeSystem.Single : _module.TypeSystem.Double;
            var declaring = new TypeReference("System", isFloat ? "MathF" : "Math", _module, _module.TypeSystem.CoreLibrary);
            var method = new MethodReference(name, scalar, declaring) { HasThis = false };
            for (int i = 0; i < arity; i++) method.Parameters.Add(new ParameterDefinition(scalar));
            _cache[key] = method;
            return method;
        }
    }
}
