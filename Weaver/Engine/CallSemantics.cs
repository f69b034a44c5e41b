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

        public CallSemantics(ModuleDefinition module)
        {
            foreach (var a in module.Assembly?.CustomAttributes ?? Enumerable.Empty<CustomAttribute>())
            {
                if (a.AttributeType.FullName != "AutoDiff.InactiveForAttribute" || a.ConstructorArguments.Count != 2) continue;
                var type = (TypeReference)a.ConstructorArguments[0].Value;
                var parameters = a.Properties.FirstOrDefault(p => p.Name == "ParameterTypes").Argument.Value as CustomAttributeArgument[];
                _inactiveFor.Add((type.FullName, (string)a.ConstructorArguments[1].Value, parameters?.Select(p => ((TypeReference)p.Value).FullName).ToArray()));
            }
        }

        public CallKind Classify(MethodReference method)
        {
            if (DerivativeRules.ForCall(method) != null) return CallKind.Rule;
            if (IsDeclaredInactive(method)) return CallKind.DeclaredInactive;
            if (KeepsNothing(method)) return CallKind.KeepsNothing;
            if (_inactive.IsInactive(method)) return CallKind.Inactive;
            var definition = method.TryResolve();
            if (definition != null && definition.HasBody && IsUserCode(definition)) return CallKind.Body;
            return CallKind.Unknown;
        }

        /// <summary>True for calls whose result is a constant and that write no derivative: the analyses treat them as data sinks.</summary>
        public static bool IsInactive(CallKind kind) => kind == CallKind.DeclaredInactive || kind == CallKind.Inactive;

        private bool IsDeclaredInactive(MethodReference method)
        {
            var definition = method.TryResolve();
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
            if (type is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace") return true;
            if (type == "System.Object" && m.Name == ".ctor") return true;
            if (m.DeclaringType.Namespace == "System" && m.DeclaringType.Name.EndsWith("Exception") && (m.Name == ".ctor" || m.Name.StartsWith("Throw"))) return true;
            return m.Name == "ToString" && m.HasThis;
        }

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
