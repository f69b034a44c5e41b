using System.Collections.Generic;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Checks that the annotated symbol is a method a derivative can be declared for (AD1011):
    /// an ordinary, non-generic method with a body, declared in a type, returning by value.
    /// When this fails nothing else is checked: the other checks assume such a method.
    /// </summary>
    internal static class MethodShapeCheck
    {
        public static bool Run(ISymbol target, DerivativeRequest request, List<DiagnosticInfo> diagnostics)
        {
            var problem = Problem(target, out var fix);
            if (problem is null)
            {
                return true;
            }
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnsupportedMethod, request.Location, target.ToMessageString(), problem, fix));
            return false;
        }

        private static string? Problem(ISymbol target, out string fix)
        {
            fix = "put the attribute on an ordinary static or instance method declared in a partial type";
            if (target is not IMethodSymbol method)
            {
                return "is not a method";
            }
            switch (method.MethodKind)
            {
                case MethodKind.Ordinary:
                    break;
                case MethodKind.LocalFunction:
                    return "is a local function";
                case MethodKind.AnonymousFunction:
                    return "is a lambda";
                case MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove:
                    return "is an accessor";
                case MethodKind.UserDefinedOperator or MethodKind.Conversion:
                    fix = "call an ordinary static method from the operator and put the attribute on that method";
                    return "is an operator";
                default:
                    return $"is a {method.MethodKind} method";
            }
            if (method.IsGenericMethod && GenericProblem(method, out fix) is { } generic)
            {
                return generic;
            }
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                fix = "return the value instead, or write it through a ref/out parameter marked Duplicated (reverse) or Dual (forward)";
                return "returns by reference";
            }
            if (method.IsAbstract || method.IsExtern || (method.IsPartialDefinition && method.PartialImplementationPart is null))
            {
                fix = "the weaver differentiates the method's body; put the attribute on a method that has one";
                return "has no body (abstract, extern, or a partial method without implementation)";
            }
            if (method.IsAsync)
            {
                fix = "differentiate a synchronous method and call it from the async one";
                return "is async";
            }
            return null;
        }

        /// <summary>
        /// A generic method is differentiated closed over double and over float (the weaver writes
        /// both and a dispatch on T): one type parameter, constrained to generic math, in a type
        /// that is not generic itself (whose own parameters the dispatch could not close).
        /// </summary>
        private static string? GenericProblem(IMethodSymbol method, out string fix)
        {
            fix = "write the method over one type parameter constrained to generic math (where T : INumber<T>, IFloatingPointIeee754<T>...), or a non-generic overload for the types you need";
            if (method.TypeParameters.Length != 1)
            {
                return $"has {method.TypeParameters.Length} type parameters (a derivative of a generic method is made for one, closed over double and float)";
            }
            if (!TypeCapabilities.IsGenericNumber(method.TypeParameters[0]))
            {
                return $"is generic over '{method.TypeParameters[0].Name}', which is not constrained to generic math (INumberBase<{method.TypeParameters[0].Name}> or an interface that implies it)";
            }
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.TypeParameters.Length > 0)
                {
                    fix = "declare the generic method in a non-generic type (a static class of its own), or make the type's method non-generic";
                    return $"is a generic method of generic type '{type.ToMessageString()}'";
                }
            }
            return null;
        }
    }
}
