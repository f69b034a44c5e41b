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
        private readonly Dictionary<string, SinCosMethod?> _sinCos = new Dictionary<string, SinCosMethod?>();

        public KnownMethods(ModuleDefinition module) => _module = module;

        /// <summary>
        /// Math.SinCos / MathF.SinCos (one call for both, as the fused derivative of Sin and Cos
        /// uses) with the tuple's Item1 (sine) and Item2 (cosine) fields; null when the module's
        /// core library has no SinCos (before .NET 7), where Sin and Cos stay separate calls.
        /// </summary>
        public SinCosMethod? SinCos(IrType type)
        {
            var isFloat = type.Kind == IrTypeKind.Float32;
            var key = isFloat ? "MathF.SinCos" : "Math.SinCos";
            if (_sinCos.TryGetValue(key, out var known)) return known;
            var scalar = isFloat ? _module.TypeSystem.Single : _module.TypeSystem.Double;
            var declaring = new TypeReference("System", isFloat ? "MathF" : "Math", _module, _module.TypeSystem.CoreLibrary);
            SinCosMethod? result = null;
            var definition = declaring.TryResolve();
            if (definition != null && definition.Methods.Any(m => m.Name == "SinCos" && m.Parameters.Count == 1))
            {
                var open = new TypeReference("System", "ValueTuple`2", _module, _module.TypeSystem.CoreLibrary, valueType: true);
                open.GenericParameters.Add(new GenericParameter("T1", open));
                open.GenericParameters.Add(new GenericParameter("T2", open));
                var tuple = new GenericInstanceType(open);
                tuple.GenericArguments.Add(scalar);
                tuple.GenericArguments.Add(scalar);
                var method = new MethodReference("SinCos", tuple, declaring) { HasThis = false };
                method.Parameters.Add(new ParameterDefinition(scalar));
                result = new SinCosMethod(method, new FieldReference("Item1", open.GenericParameters[0], tuple), new FieldReference("Item2", open.GenericParameters[1], tuple));
            }
            return _sinCos[key] = result;
        }

        /// <summary>AutoDiff.ShadowChecks.SameAliasing of the runtime the module references.</summary>
        public MethodReference SameAliasing()
        {
            var type = RuntimeType("ShadowChecks", "SameAliasing", "checks how its memory arguments alias");
            var o = _module.TypeSystem.Object;
            var method = new MethodReference("SameAliasing", _module.TypeSystem.Void, type) { HasThis = false };
            foreach (var t in new[] { o, o, o, o, _module.TypeSystem.String }) method.Parameters.Add(new ParameterDefinition(t));
            return method;
        }

        /// <summary>AutoDiff.ShadowChecks.NotAShadow of the runtime the module references.</summary>
        public MethodReference NotAShadow()
        {
            var type = RuntimeType("ShadowChecks", "NotAShadow", "checks that an argument read again is not a shadow");
            var o = _module.TypeSystem.Object;
            var method = new MethodReference("NotAShadow", _module.TypeSystem.Void, type) { HasThis = false };
            foreach (var t in new[] { o, o, _module.TypeSystem.String }) method.Parameters.Add(new ParameterDefinition(t));
            return method;
        }

        /// <summary>
        /// AutoDiff.Shadows.ZeroLike for an array of <paramref name="element"/> (float or double) of
        /// <paramref name="rank"/> (1, 2 or 3; <see cref="ZeroLikeRanks"/>): a zeroed array of its argument's shape.
        /// </summary>
        public MethodReference ZeroLike(TypeReference element, int rank = 1)
        {
            var type = RuntimeType("Shadows", "ZeroLike", "gives a Const array a zero shadow");
            var array = ArrayTypes.Of(element.MetadataType == MetadataType.Single ? _module.TypeSystem.Single : _module.TypeSystem.Double, rank);
            if (rank > 1 && !type.Resolve().Methods.Any(m => m.Name == "ZeroLike" && m.Parameters.Count == 1 && m.Parameters[0].ParameterType is ArrayType { Rank: var r } && r == rank))
            {
                throw new Diagnostics.DiagnosticException(Diagnostics.DiagnosticCatalog.RuntimeTooOld,
                    $"the derivative gives a Const {Diagnostics.CSharpNames.Type(array)} a zero shadow with AutoDiff.Shadows.ZeroLike, but the AutoDiff.Runtime this assembly references ({Runtime().Version}) has none for that rank");
            }
            var method = new MethodReference("ZeroLike", array, type) { HasThis = false };
            method.Parameters.Add(new ParameterDefinition(array));
            return method;
        }

        /// <summary>
        /// AutoDiff.Shadows.SeedReturned(T[] result, T[] shadow, T[] seed, string) for a float or
        /// double <paramref name="element"/>: checks the seed of a returned array against the
        /// result's length and adds it into the result's shadow.
        /// </summary>
        public MethodReference SeedReturned(TypeReference element)
        {
            var type = RuntimeType("Shadows", "SeedReturned", "adds the seed of the returned array into its shadow");
            var array = ArrayTypes.Of(element.MetadataType == MetadataType.Single ? _module.TypeSystem.Single : _module.TypeSystem.Double, 1);
            var method = new MethodReference("SeedReturned", _module.TypeSystem.Void, type) { HasThis = false };
            foreach (var t in new TypeReference[] { array, array, array, _module.TypeSystem.String }) method.Parameters.Add(new ParameterDefinition(t));
            return method;
        }

        /// <summary>
        /// AutoDiff.ListShadows.Element&lt;T&gt;(List&lt;T&gt;, int), a reference to an element of the
        /// shadow list <paramref name="list"/> (List&lt;float&gt; or List&lt;double&gt;): how the reverse
        /// sweep adds into a shadow list's slot. Only the runtime's net8.0 build has it (AD5003 otherwise).
        /// </summary>
        public MethodReference ListElement(TypeReference list)
        {
            var type = RuntimeType("ListShadows", "Element", $"adds gradients into the shadow of a {Diagnostics.CSharpNames.Type(list)}");
            var open = new MethodReference("Element", _module.TypeSystem.Void, type) { HasThis = false };
            var t = new GenericParameter("T", open);
            open.GenericParameters.Add(t);
            open.ReturnType = new ByReferenceType(t);
            var listOfT = new GenericInstanceType(((GenericInstanceType)list).ElementType);
            listOfT.GenericArguments.Add(t);
            open.Parameters.Add(new ParameterDefinition(listOfT));
            open.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Int32));
            var closed = new GenericInstanceMethod(open);
            closed.GenericArguments.Add(ListTypes.ElementOf(list));
            return closed;
        }

        /// <summary>AutoDiff.ListShadows.EnumerationUnchanged(int, int): a lowered foreach over a list checks the list kept its Count.</summary>
        public MethodReference ListEnumerationUnchanged()
        {
            var type = RuntimeType("ListShadows", "EnumerationUnchanged", "follows a foreach over a list");
            var method = new MethodReference("EnumerationUnchanged", _module.TypeSystem.Void, type) { HasThis = false };
            method.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Int32));
            method.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Int32));
            return method;
        }

        /// <summary>List&lt;T&gt;'s indexer (get_Item, or set_Item when <paramref name="set"/>) on the list type <paramref name="list"/>, in the open type's signature.</summary>
        public static MethodReference ListIndexer(TypeReference list, bool set)
        {
            var module = list.Module;
            var listOf = ((GenericInstanceType)list).ElementType;
            var open = new TypeReference(listOf.Namespace, listOf.Name, module, listOf.Scope);
            var t = new GenericParameter("T", open);
            open.GenericParameters.Add(t);
            var instance = new GenericInstanceType(open);
            instance.GenericArguments.Add(ListTypes.ElementOf(list));
            var method = new MethodReference(set ? "set_Item" : "get_Item", set ? module.TypeSystem.Void : t, instance) { HasThis = true };
            method.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
            if (set) method.Parameters.Add(new ParameterDefinition(t));
            return method;
        }

        /// <summary>The ranks of the arrays <see cref="ZeroLike"/> can shadow: vectors, matrices (double[,]) and double[,,].</summary>
        public const int ZeroLikeRanks = 3;

        /// <summary>AutoDiff.Objects.Allocate&lt;T&gt;() for class <paramref name="type"/>: an instance with no constructor run.</summary>
        public MethodReference Allocate(TypeReference type)
        {
            var objects = RuntimeType("Objects", "Allocate", $"follows the constructor of {Diagnostics.CSharpNames.Type(type)}");
            var open = new MethodReference("Allocate", _module.TypeSystem.Void, objects) { HasThis = false };
            var t = new GenericParameter("T", open);
            open.GenericParameters.Add(t);
            open.ReturnType = t;
            var closed = new GenericInstanceMethod(open);
            closed.GenericArguments.Add(_module.ImportReference(type));
            return closed;
        }

        /// <summary>True for a call of AutoDiff.Objects.Allocate&lt;T&gt;.</summary>
        public static bool IsAllocate(MethodReference method) =>
            method.Name == "Allocate" && method.DeclaringType.FullName == "AutoDiff.Objects";

        /// <summary>AutoDiff.ShadowChecks.ShadowLength(object, object, string) for arrays, or (int, int, string) for spans.</summary>
        public MethodReference ShadowLength(bool lengths)
        {
            var type = RuntimeType("ShadowChecks", "ShadowLength", "checks the lengths of its shadows");
            var method = new MethodReference("ShadowLength", _module.TypeSystem.Void, type) { HasThis = false };
            var operand = lengths ? _module.TypeSystem.Int32 : _module.TypeSystem.Object;
            foreach (var t in new[] { operand, operand, _module.TypeSystem.String }) method.Parameters.Add(new ParameterDefinition(t));
            return method;
        }

        /// <summary>
        /// AutoDiff.<paramref name="name"/> of the runtime the module references, which must have a
        /// method <paramref name="member"/>; AD5003 (saying what the derivative does with it) when
        /// that runtime is older than the weaver or cannot be found.
        /// </summary>
        private TypeReference RuntimeType(string name, string member, string what)
        {
            var runtime = Runtime();
            var type = new TypeReference("AutoDiff", name, _module, runtime);
            var definition = type.TryResolve();
            if (definition == null || !definition.Methods.Any(m => m.Name == member))
            {
                throw new Diagnostics.DiagnosticException(Diagnostics.DiagnosticCatalog.RuntimeTooOld,
                    $"the derivative {what} with AutoDiff.{name}.{member}, but the AutoDiff.Runtime this assembly references ({runtime.Version}) has none or cannot be found");
            }
            return type;
        }

        /// <summary>
        /// The definition of AutoDiff.<paramref name="name"/> in the runtime the module references, whose
        /// bodies the inliner reads in place of a library member's (DataMoves, Aggregates,
        /// ComplexDerivatives...); null when the module references no runtime or that runtime has no such type.
        /// </summary>
        public TypeDefinition? RuntimeModels(string name)
        {
            var runtime = _module.AssemblyReferences.FirstOrDefault(a => a.Name == "AutoDiff.Runtime");
            return runtime == null ? null : new TypeReference("AutoDiff", name, _module, runtime).TryResolve();
        }

        private AssemblyNameReference Runtime() =>
            _module.AssemblyReferences.FirstOrDefault(a => a.Name == "AutoDiff.Runtime")
            ?? throw new System.InvalidOperationException("the module does not reference AutoDiff.Runtime");

        /// <summary>AutoDiff.Tape&lt;T&gt; of the runtime the module references, and its Push, Pop and Release.</summary>
        public TapeMethods Tape(TypeReference element)
        {
            if (_tapes.TryGetValue(element.FullName, out var known)) return known;
            var runtime = _module.AssemblyReferences.FirstOrDefault(a => a.Name == "AutoDiff.Runtime")
                ?? throw new System.InvalidOperationException("the module does not reference AutoDiff.Runtime, which holds the tape");
            var open = new TypeReference("AutoDiff", "Tape`1", _module, runtime, valueType: true);
            open.GenericParameters.Add(new GenericParameter("T", open));
            var definition = open.TryResolve();
            if (definition == null)
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
            // Several values per call (Push of two to four, PopFrame and At, Reserve) where the
            // runtime has them; a runtime from before them gets one Push and one Pop per value.
            MultiValueTape? multi = null;
            if (definition.Methods.Any(m => m.Name == "PopFrame") && definition.Methods.Any(m => m.Name == "Push" && m.Parameters.Count == MultiValueTape.MostPerPush))
            {
                var pushes = new MethodReference[MultiValueTape.MostPerPush + 1];
                pushes[1] = push;
                for (int n = 2; n <= MultiValueTape.MostPerPush; n++)
                {
                    pushes[n] = new MethodReference("Push", _module.TypeSystem.Void, type) { HasThis = true };
                    for (int k = 0; k < n; k++) pushes[n].Parameters.Add(new ParameterDefinition(open.GenericParameters[0]));
                }
                var popFrame = new MethodReference("PopFrame", _module.TypeSystem.Int32, type) { HasThis = true };
                popFrame.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Int32));
                var at = new MethodReference("At", open.GenericParameters[0], type) { HasThis = true };
                at.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Int32));
                var reserve = new MethodReference("Reserve", _module.TypeSystem.Void, type) { HasThis = true };
                reserve.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Int32));
                reserve.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Int32));
                multi = new MultiValueTape(pushes, popFrame, at, reserve);
            }
            return _tapes[element.FullName] = new TapeMethods(type, push, pop, release, multi);
        }

        /// <summary>Math.<paramref name="name"/> (double) or MathF.<paramref name="name"/> (float) taking <paramref name="arity"/> arguments of that type.</summary>
        /// <summary>
        /// The public static method <paramref name="name"/> of double or float (<paramref name="type"/>)
        /// taking <paramref name="arity"/> values of that type and returning one (`double.Clamp`,
        /// `float.Hypot`); null when the type has none.
        /// </summary>
        public MethodReference? FloatStatic(TypeReference type, string name, int arity)
        {
            var key = type.FullName + "::" + name + "/" + arity;
            if (_cache.TryGetValue(key, out var cached)) return cached;
            var found = type.TryResolve()?.Methods.FirstOrDefault(m => m.Name == name && m.IsStatic && m.IsPublic && !m.HasGenericParameters &&
                m.ReturnType.MetadataType == type.MetadataType && m.Parameters.Count == arity && m.Parameters.All(p => p.ParameterType.MetadataType == type.MetadataType));
            if (found == null) return null;
            return _cache[key] = _module.ImportReference(found);
        }

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
        public TapeMethods(GenericInstanceType type, MethodReference push, MethodReference pop, MethodReference release, MultiValueTape? multi)
        {
            Type = type;
            Push = push;
            Pop = pop;
            Release = release;
            Multi = multi;
        }

        public GenericInstanceType Type { get; }

        public MethodReference Push { get; }

        public MethodReference Pop { get; }

        public MethodReference Release { get; }

        /// <summary>Push of several values, PopFrame and At; null when the runtime has only one value per call.</summary>
        public MultiValueTape? Multi { get; }
    }

    /// <summary>The tape's calls that move, or make room for, several values at once.</summary>
    public sealed class MultiValueTape
    {
        /// <summary>The most values one Push takes.</summary>
        public const int MostPerPush = 4;

        private readonly MethodReference[] _pushes;

        public MultiValueTape(MethodReference[] pushes, MethodReference popFrame, MethodReference at, MethodReference reserve)
        {
            _pushes = pushes;
            PopFrame = popFrame;
            At = at;
            Reserve = reserve;
        }

        /// <summary>void Reserve(int iterations, int valuesPerIteration): room made before a loop.</summary>
        public MethodReference Reserve { get; }

        /// <summary>Push of <paramref name="count"/> values (1 to <see cref="MostPerPush"/>).</summary>
        public MethodReference Push(int count) => _pushes[count];

        /// <summary>int PopFrame(int count): takes count values off, gives the index of the first.</summary>
        public MethodReference PopFrame { get; }

        /// <summary>T At(int index): one of the values the last PopFrame took off.</summary>
        public MethodReference At { get; }
    }
}

namespace AutoDiff.Weaver.Engine
{
    /// <summary>Math.SinCos for one float type, and the tuple fields holding the sine and the cosine.</summary>
    public sealed class SinCosMethod
    {
        public SinCosMethod(MethodReference method, FieldReference sine, FieldReference cosine)
        {
            Method = method;
            Sine = sine;
            Cosine = cosine;
        }

        public MethodReference Method { get; }

        public FieldReference Sine { get; }

        public FieldReference Cosine { get; }
    }
}
