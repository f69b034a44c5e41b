using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// A hand-written derivative found for a call, checked against the signature the contract
    /// gives it: the generator's signature for the target with every float or struct parameter
    /// Active (reverse) / Dual (forward), every array, span, ref or pointer Duplicated / Dual,
    /// the rest Const, and an Active / Dual return (semantics.md, CustomDerivativeAttribute).
    /// The emitters call <see cref="Rule"/> with arguments laid out as <see cref="Signature"/> says.
    /// </summary>
    public sealed class CustomRule
    {
        private CustomRule(MethodReference rule, MethodDefinition target, bool thisFirst, DerivativeRequest request, DerivativeSignature signature)
        {
            Rule = rule;
            Target = target;
            ThisFirst = thisFirst;
            Request = request;
            Signature = signature;
        }

        public MethodReference Rule { get; }

        public MethodDefinition Target { get; }

        /// <summary>The rule takes the target's <c>this</c> as its first parameter (assembly-level form for an instance method).</summary>
        public bool ThisFirst { get; }

        /// <summary>The activities the contract gives the target's parameters and return.</summary>
        public DerivativeRequest Request { get; }

        public DerivativeSignature Signature { get; }

        /// <summary>The derivative to call for a call in <paramref name="mode"/>: a hand-written rule (checked), or one the weaver makes; null when there is neither.</summary>
        /// <param name="pattern">
        /// Which of the callee's parameters carry a derivative at this call site (a tangent or
        /// gradient for a float, a shadow for memory), and last whether its result does. A derivative
        /// the weaver makes is made for that pattern; a hand-written rule always has the full one.
        /// </param>
        public static CustomRule? For(WeaveContext context, MethodReference callee, DerivativeMode mode, Mono.Cecil.Cil.Instruction? origin, bool[] pattern)
        {
            var found = context.Calls.CustomRuleFor(callee, mode);
            if (found == null)
            {
                // No hand-written rule: a callee the frontend did not inline gets a derivative made by the weaver.
                var definition = Synthesizable(context, callee, mode);
                if (definition == null) return null;
                var made = context.Derivatives.GetOrCreate(definition, mode, pattern);
                return new CustomRule(made.Stub, definition, false, made.Request, made.Signature);
            }
            var (rule, target, thisFirst) = found.Value;
            var request = RequestFor(target, mode);
            var signature = DerivativeSignature.Of(request);
            Check(rule, target, thisFirst, signature, origin);
            return new CustomRule(rule, target, thisFirst, request, signature);
        }

        /// <summary>
        /// The callee's definition when the weaver can make its derivative itself: user code of
        /// this module with a body, not generic, reached by a direct call; null otherwise.
        /// </summary>
        public static MethodDefinition? Synthesizable(WeaveContext context, MethodReference callee, DerivativeMode mode)
        {
            if (context.Calls.Classify(callee, mode) != CallKind.Body || callee.DeclaringType is GenericInstanceType) return null;
            if (callee is GenericInstanceMethod generic) return ClosedOverAFloatType(context, generic);
            var target = callee.TryResolve();
            if (target == null || target.Module != context.Module || target.HasGenericParameters || target.DeclaringType.HasGenericParameters) return null;
            return target;
        }

        /// <summary>
        /// A generic method of this module closed over double or float (a recursive generic-math
        /// helper, <c>F&lt;double&gt;</c>): the method closed over it, whose derivative is made as a
        /// non-generic one's. Null for other type arguments, several type parameters or a generic type.
        /// </summary>
        private static MethodDefinition? ClosedOverAFloatType(WeaveContext context, GenericInstanceMethod callee)
        {
            if (callee.GenericArguments.Count != 1 || !GenericDerivative.IsMadeFor(callee.GenericArguments[0])) return null;
            var open = callee.ElementMethod.TryResolve();
            if (open == null || open.Module != context.Module || !open.HasBody || open.DeclaringType.HasGenericParameters) return null;
            return context.Closed(open, callee.GenericArguments[0]);
        }

        /// <summary>The contract's activities for <paramref name="target"/>, narrowed to Const where <paramref name="pattern"/> (parameters, then the result) says nothing flows.</summary>
        public static DerivativeRequest RequestFor(MethodDefinition target, DerivativeMode mode, bool[]? pattern = null)
        {
            bool forward = mode == DerivativeMode.Forward;
            var activities = target.Parameters.Select((p, j) => pattern == null || pattern[j] ? ActivityOf(p.ParameterType, forward) : Activity.Const).ToList();
            Activity? ret = target.ReturnType.MetadataType == MetadataType.Void ? null
                : IrType.FromClr(target.ReturnType)?.IsDifferentiable == true && (pattern == null || pattern[target.Parameters.Count]) ? (forward ? Activity.Dual : Activity.Active)
                : Activity.Const;
            return new DerivativeRequest(target, null!, mode, target.Name, 1, activities, ret, Activity.Const);
        }

        private static Activity ActivityOf(TypeReference type, bool forward)
        {
            var ir = IrType.FromClr(type);
            if (ir == null) return Activity.Const;
            if (ir.IsDifferentiable) return forward ? Activity.Dual : Activity.Active;
            if (ShadowAnalysis.HoldsFloats(ir)) return forward ? Activity.Dual : Activity.Duplicated;
            return Activity.Const;
        }

        private static void Check(MethodReference rule, MethodDefinition target, bool thisFirst, DerivativeSignature signature, Mono.Cecil.Cil.Instruction? origin)
        {
            var expectedParameters = new List<TypeReference>();
            if (thisFirst) expectedParameters.Add(target.DeclaringType);
            expectedParameters.AddRange(signature.Parameters.Select(p => p.Type));
            var expectedResults = signature.Results.Select(r => r.Type).ToList();
            var definition = rule.TryResolve();
            bool isStatic = thisFirst || !target.HasThis;
            bool matches = definition != null && definition.IsStatic == isStatic &&
                definition.Parameters.Select(p => p.ParameterType.FullName).SequenceEqual(expectedParameters.Select(t => t.FullName)) &&
                TupleTypes.Elements(definition.ReturnType).Select(t => t.FullName).SequenceEqual(expectedResults.Select(t => t.FullName));
            if (matches) return;
            var names = new List<string>();
            if (thisFirst) names.Add("self");
            names.AddRange(signature.Parameters.Select(p => p.Name));
            var result = expectedResults.Count == 0 ? "void" : expectedResults.Count == 1 ? CSharpNames.Type(expectedResults[0])
                : "(" + string.Join(", ", expectedResults.Select(t => CSharpNames.Type(t))) + ")";
            var parameters = string.Join(", ", expectedParameters.Select((t, k) => CSharpNames.Type(t) + " " + names[k]));
            throw new DiagnosticException(DiagnosticCatalog.CustomRuleMismatch,
                $"the custom derivative {CSharpNames.Method(rule)} of {CSharpNames.Method(target)} does not have the signature its rule needs: " +
                $"{(isStatic ? "static " : "")}{result} {rule.Name}({parameters})", origin);
        }
    }
}
