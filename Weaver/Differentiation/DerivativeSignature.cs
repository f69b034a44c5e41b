using System.Collections.Generic;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    public enum ParameterRole
    {
        /// <summary>A copy of a primal parameter.</summary>
        Primal,
        /// <summary>The tangent (forward) or shadow (reverse) of a primal parameter; one per lane in batch mode.</summary>
        Shadow,
        /// <summary>The adjoint seed of the return value (reverse mode, <c>dret</c>): a scalar, a struct, or an array for a Duplicated returned array.</summary>
        Seed,
        /// <summary>The shadow of <c>this</c> (<c>dthis</c>).</summary>
        ThisShadow,
    }

    public enum ResultRole
    {
        Primal,
        /// <summary>Reverse mode: the gradient of an Active input.</summary>
        Gradient,
        /// <summary>Forward mode: the tangent of the return value (one per lane).</summary>
        Tangent,
    }

    public sealed class SignatureParameter
    {
        public SignatureParameter(ParameterRole role, int primalIndex, int lane, TypeReference type, string name)
        {
            Role = role;
            PrimalIndex = primalIndex;
            Lane = lane;
            Type = type;
            Name = name;
        }

        public ParameterRole Role { get; }

        /// <summary>Index into the primal's declared parameters (not counting <c>this</c>); -1 for Seed/ThisShadow.</summary>
        public int PrimalIndex { get; }

        public int Lane { get; }

        public TypeReference Type { get; }

        public string Name { get; }
    }

    public sealed class SignatureResult
    {
        public SignatureResult(ResultRole role, int primalIndex, int lane, TypeReference type)
        {
            Role = role;
            PrimalIndex = primalIndex;
            Lane = lane;
            Type = type;
        }

        public ResultRole Role { get; }

        /// <summary>For a gradient, the primal parameter it belongs to; otherwise -1.</summary>
        public int PrimalIndex { get; }

        public int Lane { get; }

        public TypeReference Type { get; }
    }

    /// <summary>
    /// The derivative's declared parameters (after the implicit <c>this</c>) and result elements,
    /// as semantics.md defines them: each primal parameter, then its shadow(s); <c>dret</c> last
    /// in reverse mode with an active return or a Duplicated returned array; results: primal
    /// (unless ActiveOnly/DuplicatedOnly/DualOnly/void),
    /// then gradients (reverse) or tangents (forward).
    /// </summary>
    public sealed class DerivativeSignature
    {
        private DerivativeSignature(List<SignatureParameter> parameters, List<SignatureResult> results)
        {
            Parameters = parameters;
            Results = results;
        }

        public IReadOnlyList<SignatureParameter> Parameters { get; }

        public IReadOnlyList<SignatureResult> Results { get; }

        public static DerivativeSignature Of(DerivativeRequest request)
        {
            var primal = request.Primal;
            var parameters = new List<SignatureParameter>();
            var results = new List<SignatureResult>();
            var lanes = request.Mode == DerivativeMode.Forward ? request.Width : 1;
            if (primal.HasThis && ActivityFacts.HasShadow(request.ThisActivity))
            {
                parameters.Add(new SignatureParameter(ParameterRole.ThisShadow, -1, 0, primal.DeclaringType, "dthis"));
            }
            for (int j = 0; j < primal.Parameters.Count; j++)
            {
                var p = primal.Parameters[j];
                parameters.Add(new SignatureParameter(ParameterRole.Primal, j, 0, p.ParameterType, p.Name));
                if (!ActivityFacts.HasShadow(request.Parameters[j])) continue;
                for (int k = 0; k < lanes; k++)
                {
                    var name = request.Width > 1 ? $"d{p.Name}_{k}" : "d" + p.Name;
                    parameters.Add(new SignatureParameter(ParameterRole.Shadow, j, k, ShadowTypes.Of(p.ParameterType), name));
                }
            }

            var returnType = primal.ReturnType;
            var ret = request.ReturnActivity;
            if (request.Mode == DerivativeMode.Reverse)
            {
                // An active scalar's seed, or a returned array's (Duplicated: an array of its type).
                if (ret is Activity.Active or Activity.ActiveOnly || request.ReturnsShadowedArray)
                {
                    parameters.Add(new SignatureParameter(ParameterRole.Seed, -1, 0, returnType, "dret"));
                }
                if (ret != null && !request.LeavesOutPrimal) results.Add(new SignatureResult(ResultRole.Primal, -1, 0, returnType));
                for (int j = 0; j < primal.Parameters.Count; j++)
                {
                    if (request.Parameters[j] is Activity.Active or Activity.ActiveOnly)
                    {
                        results.Add(new SignatureResult(ResultRole.Gradient, j, 0, primal.Parameters[j].ParameterType));
                    }
                }
            }
            else if (ret != null)
            {
                if (ret != Activity.DualOnly) results.Add(new SignatureResult(ResultRole.Primal, -1, 0, returnType));
                if (ret is Activity.Dual or Activity.DualOnly)
                {
                    for (int k = 0; k < lanes; k++) results.Add(new SignatureResult(ResultRole.Tangent, -1, k, returnType));
                }
            }
            return new DerivativeSignature(parameters, results);
        }
    }

    /// <summary>The type of a shadow, from the type of what it shadows (semantics.md: Shadow types).</summary>
    public static class ShadowTypes
    {
        public static TypeReference Of(TypeReference type)
        {
            if (type is ByReferenceType byRef) return byRef; // in T, ref T, out T → ref T (same IL type)
            if (type is GenericInstanceType g && g.ElementType.FullName == "System.ReadOnlySpan`1")
            {
                var span = new TypeReference("System", "Span`1", g.Module, g.ElementType.Scope, valueType: true);
                span.GenericParameters.Add(new GenericParameter(span));
                var instance = new GenericInstanceType(span);
                instance.GenericArguments.Add(g.GenericArguments[0]);
                return instance;
            }
            return type;
        }
    }
}
