using System.Collections.Generic;
using System.Linq;
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

        private readonly Dictionary<string, TapeMethods> _tapes = new Dictionary<string, TapeMethods>();

        public KnownMethods(ModuleDefinition module) => _module = module;

        /// <summary>AutoDiff.Tape&lt;T&gt; of the runtime the module references, and its Push, Pop and Release.</summary>
        public TapeMethods Tape(TypeReference element)
        {
            if (_tapes.TryGetValue(element.FullName, out var known)) return known;
            var runtime = _module.AssemblyReferences.FirstOrDefault(a => a.Name == "AutoDiff.Runtime")
                ?? throw new System.InvalidOperationException("the module does not reference AutoDiff.Runtime, which holds the tape");
            var open = new TypeReference("AutoDiff", "Tape`1", _module, runtime, valueType: true);
            open.GenericParameters.Add(new GenericParameter("T", open));
            if (open.Resolve() == null)
            {
                throw new Diagnostics.DiagnosticException(Diagnostics.DiagnosticCatalog.RuntimeTooOld,
                    $"the derivative needs AutoDiff.Tape<T> (it differentiates a loop in reverse mode), but the AutoDiff.Runtime this assembly references ({runtime.Version}) has none or cannot be found");
            }
            var type = new GenericInstanceType(open);
            type.GenericArguments.Add(_module.ImportReference(element));
            var push = new MethodReference("Push", _module.TypeSystem.Void, type) { HasThis = true };
            push.Parameters.Add(new ParameterDefinition(open.GenericParameters[0]));
            var pop = new MethodReference("Pop", open.GenericParameters[0], type) { HasThis = true };
            var release = new MethodReference("Release", _module.TypeSystem.Void, type) { HasThis = true };
            return _tapes[element.FullName] = new TapeMethods(type, push, pop, release);
        }

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

namespace AutoDiff.Weaver.Engine
{
    /// <summary>A tape type instantiated for one element type, with the methods derivatives call on it.</summary>
    public sealed class TapeMethods
    {
        public TapeMethods(GenericInstanceType type, MethodReference push, MethodReference pop, MethodReference release)
        {
            Type = type;
            Push = push;
            Pop = pop;
            Release = release;
        }

        public GenericInstanceType Type { get; }

        public MethodReference Push { get; }

        public MethodReference Pop { get; }

        public MethodReference Release { get; }
    }
}
