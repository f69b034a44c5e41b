using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Differentiation.Rules;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>What differentiated code does with a call, as <see cref="CallSemantics.Classify"/> decides it.</summary>
    public enum CallKind
    {
        /// <summary>A rule of the table (System.Math, MathF, Hypot): differentiated by its rule.</summary>
        Rule,

        /// <summary>Marked [Inactive] (or named by an assembly-level [InactiveFor]): its result is a constant.</summary>
        DeclaredInactive,

        /// <summary>A framework method known to keep nothing it is given (output, formatting, the float types' statics).</summary>
        KeepsNothing,

        /// <summary>Its IL shows it returns and writes nothing that can carry a derivative (InactiveCallAnalysis).</summary>
        Inactive,

        /// <summary>A hand-written derivative for this mode ([CustomDerivative] or [assembly: CustomDerivativeFor]): the rule is called.</summary>
        Custom,

        /// <summary>User code with IL: differentiated through its body (inlined by the frontend).</summary>
        Body,

        /// <summary>Nothing is known: no derivative may flow through it.</summary>
        Unknown,
    }

    /// <summary>
    /// Everything the engine knows about a callee, in one place and one fixed order — the rule
    /// table, a declaration that it is inactive, a framework method that keeps nothing, an
    /// inactive body, a body to differentiate through — so that the frontend (which inlines
    /// bodies), the analyses and both modes agree on every call.
    /// </summary>
    public sealed class CallSemantics
    {
        private readonly InactiveCallAnalysis _inactive = new InactiveCallAnalysis();
        private readonly List<(string Type, string Method, string[]? Parameters)> _inactiveFor = new List<(string, string, string[]?)>();
        private readonly List<(string Type, string Method, string[]? Parameters, TypeReference Rules, string? Forward, string? Reverse)> _rulesFor =
            new List<(string, string, string[]?, TypeReference, string?, string?)>();

        public CallSemantics(ModuleDefinition module)
        {
            foreach (var a in module.Assembly?.CustomAttributes ?? Enumerable.Empty<CustomAttribute>())
            {
                var name = a.AttributeType.FullName;
                if (name == "AutoDiff.InactiveForAttribute" && a.ConstructorArguments.Count == 2)
                {
                    _inactiveFor.Add((((TypeReference)a.ConstructorArguments[0].Value).FullName, (string)a.ConstructorArguments[1].Value, ParameterTypes(a)));
                }
                else if (name == "AutoDiff.CustomDerivativeForAttribute" && a.ConstructorArguments.Count == 3)
                {
                    _rulesFor.Add((((TypeReference)a.ConstructorArguments[0].Value).FullName, (string)a.ConstructorArguments[1].Value, ParameterTypes(a),
                        (TypeReference)a.ConstructorArguments[2].Value, Named(a, "Forward"), Named(a, "Reverse")));
                }
            }
        }

        private static string[]? ParameterTypes(CustomAttribute a) =>
            (a.Properties.FirstOrDefault(p => p.Name == "ParameterTypes").Argument.Value as CustomAttributeArgument[])?.Select(p => ((TypeReference)p.Value).FullName).ToArray();

        private static string? Named(CustomAttribute a, string property) => a.Properties.FirstOrDefault(p => p.Name == property).Argument.Value as string;

        /// <summary>What a call to <paramref name="method"/> is in a derivative of <paramref name="mode"/> (custom rules are per mode).</summary>
        public CallKind Classify(MethodReference method, Differentiation.DerivativeMode mode)
        {
            if (DerivativeRules.ForCall(method) != null) return CallKind.Rule;
            if (CustomRuleFor(method, mode) != null) return CallKind.Custom;
            return Classify(method);
        }

        /// <summary>
        /// The hand-written rule for <paramref name="method"/> in <paramref name="mode"/>, with
        /// whether it takes the target's <c>this</c> as its first parameter (the assembly-level
        /// form for an instance method); null when there is none.
        /// </summary>
        public (MethodReference Rule, MethodDefinition Target, bool ThisFirst)? CustomRuleFor(MethodReference method, Differentiation.DerivativeMode mode)
        {
            var definition = method.TryResolve();
            if (definition == null) return null;
            bool forward = mode == Differentiation.DerivativeMode.Forward;
            var attribute = definition.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "AutoDiff.CustomDerivativeAttribute");
            if (attribute != null)
            {
                var name = Named(attribute, forward ? "Forward" : "Reverse");
                return name == null ? null : (RuleIn(definition.DeclaringType, name, definition), definition, false);
            }
            foreach (var (type, target, parameters, rules, fwd, rev) in _rulesFor)
            {
                if (method.Name != target || method.DeclaringType.GetElementType().FullName != type) continue;
                if (parameters != null && !parameters.SequenceEqual(method.Parameters.Select(p => p.ParameterType.FullName))) continue;
                var name = forward ? fwd : rev;
                var declaring = rules.TryResolve();
                if (name == null || declaring == null) return null;
                return (RuleIn(declaring, name, definition), definition, definition.HasThis);
            }
            return null;
        }

        /// <summary>The rule method named <paramref name="name"/> in <paramref name="type"/> (the one with the target's static-ness when there are several); AD4007 when none.</summary>
        private static MethodReference RuleIn(TypeDefinition type, string name, MethodDefinition target)
        {
            var candidates = type.Methods.Where(m => m.Name == name).ToList();
            return candidates.FirstOrDefault(m => m.IsStatic == target.IsStatic) ?? candidates.FirstOrDefault()
                ?? throw new Diagnostics.DiagnosticException(Diagnostics.DiagnosticCatalog.CustomRuleMismatch,
                    $"the custom derivative '{name}' named for {Diagnostics.CSharpNames.Method(target)} is not a method of {Diagnostics.CSharpNames.Type(type)}");
        }

        public CallKind Classify(MethodReference method)
        {
            if (DerivativeRules.ForCall(method) != null) return CallKind.Rule;
            if (IsDeclaredInactive(method)) return CallKind.DeclaredInactive;
            if (method.DeclaringType.FullName == "AutoDiff.ShadowChecks") return CallKind.Inactive; // a derivative's entry checks, read again: they only compare
            if (WritesNothing(method) || GrowsList(method)) return CallKind.Inactive;
            if (KeepsNothing(method)) return CallKind.KeepsNothing;
            if (_inactive.IsInactive(method)) return CallKind.Inactive;
            var definition = method.TryResolve();
            if (definition != null && definition.HasBody && (IsUserCode(definition) || IsFollowedFramework(definition))) return CallKind.Body;
            return CallKind.Unknown;
        }

        /// <summary>
        /// System.Array's shape getters (Rank, Length, GetLength, GetLowerBound, GetUpperBound and
        /// the long forms): integers read from an array's header, which never changes. They write
        /// nothing at all, so they are inactive, and analyses of memory need not count them as
        /// writes (C#'s foreach over a double[,] calls GetUpperBound and GetLowerBound). Length and
        /// GetLength on an array become IR ops (SsaBuilder.MultiDimArrays.cs); the rest stay calls.
        /// </summary>
        public static bool ReadsArrayShape(MethodReference m) =>
            m.HasThis && m.DeclaringType.FullName == "System.Array" &&
            m.Name is "get_Length" or "get_LongLength" or "get_Rank" or "GetLength" or "GetLongLength" or "GetLowerBound" or "GetUpperBound";

        /// <summary>
        /// Framework methods that write no memory and return nothing a derivative flows through,
        /// so they are inactive and analyses of memory need not count them as writes: the array
        /// shape getters (<see cref="ReadsArrayShape"/>) and a float list's getters and searches (<see cref="ListTypes.ReadsOnly"/>); argument guards (<c>ArgumentNullException.ThrowIfNull</c>,
        /// <c>ArgumentOutOfRangeException.ThrowIfNegative</c> and the rest of the System exceptions'
        /// static ThrowIf… helpers), which only compare and throw; <c>Array.BinarySearch</c>,
        /// <c>IndexOf</c> and <c>LastIndexOf</c> without a comparer (an index: a step, derivative
        /// zero; a comparer is user code that might write); <c>MemoryExtensions.Overlaps</c>
        /// (compares addresses; DataMoves' span copies ask it).
        /// </summary>
        public static bool WritesNothing(MethodReference m)
        {
            if (ReadsArrayShape(m) || ListTypes.ReadsOnly(m)) return true;
            if (m.HasThis) return false;
            var type = m.DeclaringType;
            if (type.Namespace == "System" && type.Name.EndsWith("Exception") && m.Name.StartsWith("ThrowIf")) return true;
            if (type.FullName == "System.Array" && m.Name is "BinarySearch" or "IndexOf" or "LastIndexOf")
            {
                return !m.Parameters.Any(p => p.ParameterType.Name.StartsWith("IComparer"));
            }
            return type.FullName == "System.MemoryExtensions" && m.Name == "Overlaps" && m.Parameters.Count == 2;
        }

        /// <summary>
        /// The grow of a List&lt;float&gt;/List&lt;double&gt; that the frontend makes of an Add (a zero
        /// appended, SsaBuilder.Lists.cs): it changes no element that exists, so it is inactive and
        /// analyses of memory need not count it as a write of any slot; the emitters repeat it on
        /// the list's shadows.
        /// </summary>
        public static bool GrowsList(MethodReference m) => ListTypes.IsGrow(m);

        /// <summary>True when the method (and all it calls) stores nothing that could hold a derivative (InactiveCallAnalysis).</summary>
        public bool WritesNoDerivatives(MethodReference method) => _inactive.WritesNoDerivatives(method);

        /// <summary>True when a callvirt to <paramref name="method"/> may run a body other than its own (virtual, not final, on a type that is not sealed), or the target cannot be read.</summary>
        public static bool IsOpenVirtual(MethodReference method)
        {
            var definition = method.TryResolve();
            return definition == null || definition.IsVirtual && !definition.IsFinal && !(definition.DeclaringType?.IsSealed ?? false);
        }

        /// <summary>True for calls whose result is a constant and that write no derivative: the analyses treat them as data sinks.</summary>
        public static bool IsInactive(CallKind kind) => kind == CallKind.DeclaredInactive || kind == CallKind.Inactive;

        private readonly HashSet<MethodDefinition> _madeInactive = new HashSet<MethodDefinition>();

        /// <summary>A method the weaver made that carries no derivative (a throw run moved out of differentiated code): its calls are inactive.</summary>
        public void MarkInactive(MethodDefinition method) => _madeInactive.Add(method);

        private bool IsDeclaredInactive(MethodReference method)
        {
            var definition = method.TryResolve();
            if (definition != null && _madeInactive.Contains(definition)) return true;
            if (definition != null)
            {
                if (HasInactiveAttribute(definition.CustomAttributes)) return true;
                var property = definition.DeclaringType?.Properties.FirstOrDefault(p => p.GetMethod == definition || p.SetMethod == definition);
                if (property != null && HasInactiveAttribute(property.CustomAttributes)) return true;
            }
            foreach (var (type, name, parameters) in _inactiveFor)
            {
                if (method.Name != name || method.DeclaringType.GetElementType().FullName != type) continue;
                if (parameters == null || parameters.SequenceEqual(method.Parameters.Select(p => p.ParameterType.FullName))) return true;
            }
            return false;
        }

        private static bool HasInactiveAttribute(IEnumerable<CustomAttribute> attributes) =>
            attributes.Any(a => a.AttributeType.FullName == "AutoDiff.InactiveAttribute");

        /// <summary>Framework methods known to keep nothing they are given: Math, the float types' own statics, formatting, console or debug output, exceptions.</summary>
        public static bool KeepsNothing(MethodReference m)
        {
            var type = m.DeclaringType.FullName;
            if (PureMethods.IsPure(m)) return true;
            if (!m.HasThis && (type is "System.Double" or "System.Single" or "System.Convert" or "System.BitConverter" or "System.String")) return true;
            if (type is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace" or "AutoDiff.ShadowChecks") return true;
            if (type == "System.Object" && m.Name == ".ctor") return true;
            if (m.DeclaringType.Namespace == "System" && m.DeclaringType.Name.EndsWith("Exception") && (m.Name == ".ctor" || m.Name.StartsWith("Throw"))) return true;
            return m.Name == "ToString" && m.HasThis;
        }

        /// <summary>
        /// A method of a framework struct the weaver differentiates through its implementation's
        /// IL (System.Numerics.Complex, System.Drawing.PointF and SizeF: FrameworkImplementation).
        /// </summary>
        public static bool IsFollowedFramework(MethodDefinition method) =>
            FrameworkImplementation.IsFollowed(method.DeclaringType) && !method.Module.Assembly.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.ReferenceAssemblyAttribute");

        /// <summary>
        /// Code the weaver may read and differentiate through: not the framework's (whose
        /// reference assemblies hold no bodies), not the AutoDiff runtime's.
        /// </summary>
        public static bool IsUserCode(MethodDefinition method)
        {
            var assembly = method.Module?.Assembly;
            if (assembly == null) return false;
            var name = assembly.Name.Name;
            if (name is "mscorlib" or "netstandard" or "System" or "AutoDiff.Runtime" || name.StartsWith("System.") || name.StartsWith("Microsoft.")) return false;
            return !assembly.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.ReferenceAssemblyAttribute");
        }
    }
}
