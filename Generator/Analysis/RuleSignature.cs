using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// A custom rule's signature as text in one display format: whether it is static, its
    /// parameters (ref modifier, type, name) and its return type. Built for what a rule must be
    /// (<see cref="RuleSignatureBuilder"/>) and for what a rule is (<see cref="Of"/>), so the two
    /// compare position by position and print as C#.
    /// </summary>
    internal sealed class RuleSignature
    {
        public RuleSignature(bool isStatic, IReadOnlyList<ParameterInfo> parameters, string returnType)
        {
            IsStatic = isStatic;
            Parameters = parameters;
            ReturnType = returnType;
        }

        public bool IsStatic { get; }

        public IReadOnlyList<ParameterInfo> Parameters { get; }

        public string ReturnType { get; }

        /// <summary>The signature of a declared method. Tuple element names in the return type are left out: they do not change what the weaver calls.</summary>
        public static RuleSignature Of(IMethodSymbol method, SymbolDisplayFormat format)
        {
            var parameters = method.Parameters
                .Select(p => new ParameterInfo(SignatureBuilder.RefModifier(p.RefKind), p.Type.ToDisplayString(format), Identifiers.Escape(p.Name)))
                .ToList();
            return new RuleSignature(method.IsStatic, parameters, WithoutTupleNames(method.ReturnType, format));
        }

        /// <summary>"static (double, double) F_rev(double x, double[] a, double[] da, double dret)".</summary>
        public string ToCSharp(string name)
            => $"{(IsStatic ? "static " : "")}{ReturnType} {name}({string.Join(", ", Parameters.Select(Declaration))})";

        /// <summary>"ref double x".</summary>
        public static string Declaration(ParameterInfo parameter) => $"{parameter.Modifier}{parameter.Type} {parameter.Name}";

        private static string WithoutTupleNames(ITypeSymbol type, SymbolDisplayFormat format)
            => type is INamedTypeSymbol { IsTupleType: true } tuple
                ? $"({string.Join(", ", tuple.TupleElements.Select(e => e.Type.ToDisplayString(format)))})"
                : type.ToDisplayString(format);
    }
}
