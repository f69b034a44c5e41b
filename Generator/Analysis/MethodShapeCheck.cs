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
            if (method.IsGenericMethod)
            {
                fix = "derivatives of generic methods are not supported: write a non-generic overload for the types you need and put the attribute on it";
                return "is generic";
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
    }
}
