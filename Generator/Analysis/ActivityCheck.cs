using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Checks a request's activities against the method: the count (AD1001), each value is an
    /// Activity (AD1012), belongs to the mode (AD1002) and suits its parameter's type (AD1003),
    /// the batch width (AD1007) and the activity of <c>this</c> (AD1008). Reports every problem
    /// it finds, so one build lists them all.
    /// </summary>
    internal static class ActivityCheck
    {
        private const string MarkConst =
            "only float, double, structs whose fields are all float or double, and memory holding them (arrays, spans, pointers, objects, ref/in/out) can be differentiated; integers, bool, enums and strings are never active: mark it Const";

        public static void Run(IMethodSymbol method, DerivativeRequest request, List<DiagnosticInfo> diagnostics)
        {
            CheckWidth(request, diagnostics);
            CheckThis(method, request, diagnostics);

            var expected = method.Parameters.Length + (method.ReturnsVoid ? 0 : 1);
            if (request.Activities.Length != expected)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongActivityCount, request.Location,
                    DescribeShape(method), Count(expected), request.Activities.Length.ToString()));
                return;
            }

            for (var i = 0; i < method.Parameters.Length; i++)
            {
                var parameter = method.Parameters[i];
                var position = $"parameter '{parameter.Name}'";
                var reason = CheckKnownAndMode(request, request.Activities[i], position, diagnostics)
                    ? InputProblem(request.Mode, (ActivityKind)request.Activities[i], parameter.Type, parameter.RefKind)
                    : null;
                Report(request, request.Activities[i], position, parameter.Type, reason, diagnostics);
            }

            if (!method.ReturnsVoid)
            {
                var activity = request.Activities[expected - 1];
                const string position = "the return value";
                var reason = CheckKnownAndMode(request, activity, position, diagnostics)
                    ? ReturnProblem(method, request, (ActivityKind)activity)
                    : null;
                Report(request, activity, position, method.ReturnType, reason, diagnostics);
            }
        }

        /// <summary>"Functions.Foo(float) has 1 parameter and returns float" — what the count depends on.</summary>
        private static string DescribeShape(IMethodSymbol method)
        {
            var count = method.Parameters.Length;
            var parameters = count == 1 ? "1 parameter" : $"{count} parameters";
            var returns = method.ReturnsVoid ? "returns void" : $"returns {method.ReturnType.ToMessageString()}";
            return $"'{method.ToMessageString()}' has {parameters} and {returns}";
        }

        private static string Count(int n) => n == 1 ? "1 activity" : $"{n} activities";

        private static void CheckWidth(DerivativeRequest request, List<DiagnosticInfo> diagnostics)
        {
            if (request.HasWidth && request.Width < 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidWidth, request.Location,
                    request.Name ?? "", request.Width.ToString()));
            }
        }

        private static void CheckThis(IMethodSymbol method, DerivativeRequest request, List<DiagnosticInfo> diagnostics)
        {
            if (request.ThisActivity == (int)ActivityKind.Const)
            {
                return;
            }
            string? problem;
            if (method.IsStatic)
            {
                problem = "a static method has no 'this': remove This from the attribute, or make the method an instance method";
            }
            else if (request.Mode == DerivativeMode.Reverse)
            {
                // DuplicatedOnly is accepted as well: it means what it means on a parameter.
                problem = request.ThisActivity is (int)ActivityKind.Duplicated or (int)ActivityKind.DuplicatedOnly
                    ? null
                    : "in reverse mode 'this' is Const or Duplicated (the shadow 'dthis' then comes first and receives the gradients of the instance's fields)";
            }
            else
            {
                problem = request.ThisActivity is (int)ActivityKind.Dual or (int)ActivityKind.DualOnly
                    ? null
                    : "in forward mode 'this' is Const or Dual (the tangent 'dthis' then comes first)";
            }
            if (problem is null && method.ContainingType.IsValueType && !TypeCapabilities.ContainsScalars(method.ContainingType))
            {
                problem = $"'{method.ContainingType.ToMessageString()}' holds no float or double values, so 'this' has nothing to differentiate: leave This as Const";
            }
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidThisActivity, request.Location,
                    ActivityNames.Display(request.ThisActivity), method.ToMessageString(), problem));
            }
        }

        /// <summary>Reports unknown values and activities of the other mode; true when the type check should follow.</summary>
        private static bool CheckKnownAndMode(DerivativeRequest request, int value, string position, List<DiagnosticInfo> diagnostics)
        {
            if (!ActivityNames.IsKnown(value))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnknownActivity, request.Location, ActivityNames.Display(value), position));
                return false;
            }
            if (!ActivityNames.IsValidInMode((ActivityKind)value, request.Mode))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ActivityNotValidInMode, request.Location,
                    ActivityNames.Display(value), position, request.ModeName, ActivityNames.ValidList(request.Mode)));
                return false;
            }
            return true;
        }

        private static void Report(DerivativeRequest request, int activity, string position, ITypeSymbol type, string? reason, List<DiagnosticInfo> diagnostics)
        {
            if (reason is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ActivityNotValidForType, request.Location,
                    ActivityNames.Display(activity), position, type.ToMessageString(), reason));
            }
        }

        /// <summary>Why this activity does not suit an input of this type, or null when it does.</summary>
        private static string? InputProblem(DerivativeMode mode, ActivityKind activity, ITypeSymbol type, RefKind refKind)
        {
            var byReference = refKind != RefKind.None;
            switch (activity)
            {
                case ActivityKind.Active or ActivityKind.ActiveOnly:
                    if (byReference)
                    {
                        return "a ref/in/out parameter is memory, not a value: use Duplicated, and its shadow receives the gradient";
                    }
                    if (TypeCapabilities.IsActiveCapable(type))
                    {
                        return null;
                    }
                    return TypeCapabilities.IsMemory(type)
                        ? "an array, span, pointer or object is memory, not a value: use Duplicated, and its shadow receives the gradient"
                        : MarkConst;

                case ActivityKind.Duplicated or ActivityKind.DuplicatedOnly:
                    if (byReference ? TypeCapabilities.ContainsScalars(type) : TypeCapabilities.IsMemory(type))
                    {
                        return null;
                    }
                    return TypeCapabilities.IsActiveCapable(type)
                        ? "a value passed by value has no memory to add its gradient into: use Active, or pass it by ref"
                        : MarkConst;

                case ActivityKind.Dual or ActivityKind.DualOnly:
                    var valid = byReference
                        ? TypeCapabilities.ContainsScalars(type)
                        : TypeCapabilities.IsActiveCapable(type) || TypeCapabilities.IsMemory(type);
                    return valid ? null : MarkConst;

                default:
                    return null; // Const suits every type.
            }
        }

        /// <summary>Why this activity does not suit the return value, or null when it does.</summary>
        private static string? ReturnProblem(IMethodSymbol method, DerivativeRequest request, ActivityKind activity)
        {
            var type = method.ReturnType;
            switch (activity)
            {
                case ActivityKind.Duplicated or ActivityKind.DuplicatedOnly:
                    if (TypeCapabilities.IsFloatVector(type)) return null; // the caller passes the returned array's seed
                    return TypeCapabilities.IsActiveCapable(type)
                        ? "a float, double or struct return is Active (its seed is a value); Duplicated is for a returned float[] or double[]"
                        : "of returned memory only a float[] or double[] carries a derivative (the caller passes its seed): mark the return Const, or write the result through a parameter marked Duplicated";

                case ActivityKind.Active or ActivityKind.ActiveOnly:
                    if (TypeCapabilities.IsActiveCapable(type)) return null;
                    return TypeCapabilities.IsFloatVector(type)
                        ? "a returned array is memory, not a value: mark the return Duplicated, and pass its seed (an array as long as the result)"
                        : "only a float, double or struct whose fields are all float or double returns a derivative: mark the return Const";

                case ActivityKind.Dual or ActivityKind.DualOnly:
                    return TypeCapabilities.IsActiveCapable(type) || TypeCapabilities.IsFloatVector(type)
                        ? null
                        : "only a float, double, struct whose fields are all float or double, float[] or double[] returns a tangent: mark the return Const, or write the result through a parameter marked Dual";

                default:
                    // A Const return is copied into the result; next to gradients that result is a tuple,
                    // and pointers and ref structs cannot be tuple elements.
                    var hasGradients = request.Mode == DerivativeMode.Reverse
                        && request.Activities.Take(method.Parameters.Length).Any(a => a is (int)ActivityKind.Active or (int)ActivityKind.ActiveOnly);
                    return hasGradients && TypeCapabilities.CannotBeTupleElement(type)
                        ? "a pointer or ref struct cannot be returned in a tuple next to the gradients: return void and write the result through a parameter, or make the inputs Duplicated"
                        : null;
            }
        }
    }
}
