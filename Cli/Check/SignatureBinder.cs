using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Differentiation;
using Mono.Cecil;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// Binds a woven derivative to its loaded methods, or says why check cannot call it. Only
    /// what can be generated without guessing is bound: static, non-generic methods whose
    /// parameters are float/double by value, ref/in/out, or arrays (of any rank) and (ReadOnly)Spans of them,
    /// returning float, double or nothing. Anything else (an integer that may be a count or an
    /// index, a struct, an object, a pointer, 'this') makes the derivative skipped, with the reason.
    /// </summary>
    internal static class SignatureBinder
    {
        /// <summary>The bound derivative, or null and <paramref name="skipped"/> saying why.</summary>
        public static BoundDerivative? Bind(DeclaredDerivative declared, Assembly loaded, out string skipped)
        {
            skipped = "";
            var primal = declared.Primal;
            var request = declared.Request!;
            if (primal.HasThis)
            {
                skipped = $"an instance method: check cannot make a '{CSharpNames.Type(primal.DeclaringType)}' to call it on";
                return null;
            }
            if (primal.HasGenericParameters || IsInGenericType(primal.DeclaringType))
            {
                skipped = "a generic method or type: check does not pick type arguments";
                return null;
            }

            var plans = new List<ParameterPlan>();
            foreach (var parameter in primal.Parameters)
            {
                var plan = Plan(parameter, request.Parameters[parameter.Index], out var why);
                if (plan == null)
                {
                    skipped = $"parameter {CSharpNames.Parameter(parameter)} ({CSharpNames.Type(parameter)}) {why}";
                    return null;
                }
                plans.Add(plan);
            }

            Scalar? returns = null;
            if (primal.ReturnType.MetadataType != MetadataType.Void)
            {
                returns = ScalarOf(primal.ReturnType);
                if (returns == null)
                {
                    skipped = $"it returns {CSharpNames.Type(primal.ReturnType)}: check compares float and double results only";
                    return null;
                }
            }

            var primalMethod = loaded.ManifestModule.ResolveMethod(primal.MetadataToken.ToInt32()) as MethodInfo;
            var derivativeMethod = loaded.ManifestModule.ResolveMethod(declared.Stub!.MetadataToken.ToInt32()) as MethodInfo;
            var signature = DerivativeSignature.Of(request);
            if (primalMethod == null || derivativeMethod == null || derivativeMethod.GetParameters().Length != signature.Parameters.Count)
            {
                skipped = "its declaration does not have the generated signature";
                return null;
            }
            return new BoundDerivative(declared, primalMethod, derivativeMethod, plans, new ReturnPlan(returns, request.ReturnActivity), signature);
        }

        private static ParameterPlan? Plan(ParameterDefinition parameter, Activity activity, out string why)
        {
            why = "";
            var type = parameter.ParameterType;
            Shape shape;
            TypeReference element;
            int rank = 1;
            switch (type)
            {
                case ByReferenceType byRef:
                    shape = Shape.Ref;
                    element = byRef.ElementType;
                    break;
                case ArrayType array:
                    shape = Shape.Array;
                    element = array.ElementType;
                    rank = array.Rank;
                    break;
                case GenericInstanceType span when span.ElementType.FullName is "System.Span`1" or "System.ReadOnlySpan`1":
                    shape = span.ElementType.FullName == "System.Span`1" ? Shape.Span : Shape.ReadOnlySpan;
                    element = span.GenericArguments[0];
                    break;
                case PointerType:
                    why = "is a pointer: check does not allocate native memory";
                    return null;
                default:
                    shape = Shape.Value;
                    element = type;
                    break;
            }
            var scalar = ScalarOf(element);
            if (scalar != null) return new ParameterPlan(parameter.Index, parameter.Name, shape, scalar.Value, activity, parameter.IsOut, rank);
            why = element.IsPrimitive || element.MetadataType == MetadataType.String
                ? "holds no float or double: check cannot guess what its values mean (a count, an index, a flag)"
                : element.IsValueType
                    ? "holds a struct: check generates float and double values only"
                    : "holds an object: check does not make objects";
            return null;
        }

        private static Scalar? ScalarOf(TypeReference type) => type.MetadataType switch
        {
            MetadataType.Single => Scalar.Float,
            MetadataType.Double => Scalar.Double,
            _ => null,
        };

        private static bool IsInGenericType(TypeDefinition? type)
        {
            for (; type != null; type = type.DeclaringType)
            {
                if (type.HasGenericParameters) return true;
            }
            return false;
        }
    }
}
