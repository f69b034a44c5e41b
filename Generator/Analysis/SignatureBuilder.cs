using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Builds the derivative's signature from the primal and a checked request, following
    /// semantics.md "Generated signature". Expects the request to have passed every check
    /// (counts match, activities valid); guarantees fully qualified types in the result.
    /// </summary>
    internal static class SignatureBuilder
    {
        /// <summary>Fully qualified ("global::"), keywords for special types, nullable annotations kept.</summary>
        public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static DerivativeSignature Build(IMethodSymbol method, DerivativeRequest request)
            => Build(method, request, TypeFormat);

        /// <summary>The same signature with types written in <paramref name="typeFormat"/> (custom rules compare and print it in their own formats).</summary>
        public static DerivativeSignature Build(IMethodSymbol method, DerivativeRequest request, SymbolDisplayFormat typeFormat)
        {
            var activities = request.Activities.Select(a => (ActivityKind)a).ToArray();
            var width = request.Mode == DerivativeMode.Forward ? request.Width : 1;
            var parameters = new List<GeneratedParameter>();
            var types = new List<ITypeSymbol>();

            if (!method.IsStatic && request.ThisActivity != (int)ActivityKind.Const)
            {
                // A struct's 'this' is a reference to the caller's value, so its shadow is one too.
                var modifier = method.ContainingType.IsValueType ? "ref " : "";
                parameters.Add(new GeneratedParameter(new ParameterInfo(modifier, Print(method.ContainingType, typeFormat), "dthis"), "the shadow of 'this'"));
            }

            for (var i = 0; i < method.Parameters.Length; i++)
            {
                var parameter = method.Parameters[i];
                types.Add(parameter.Type);
                parameters.Add(new GeneratedParameter(
                    new ParameterInfo(RefModifier(parameter.RefKind), Print(parameter.Type, typeFormat), Identifiers.Escape(parameter.Name)), null));
                if (ActivityNames.HasShadow(activities[i]))
                {
                    AddShadows(parameter, width, request.IsBatch, typeFormat, parameters);
                }
            }

            var returnActivity = method.ReturnsVoid ? ActivityKind.Const : activities[method.Parameters.Length];
            types.Add(method.ReturnType);
            if (request.Mode == DerivativeMode.Reverse && ActivityNames.IsActive(returnActivity))
            {
                parameters.Add(new GeneratedParameter(new ParameterInfo("", Print(method.ReturnType, typeFormat), "dret"), "the seed of the return value"));
            }
            else if (request.Mode == DerivativeMode.Reverse && returnActivity is ActivityKind.Duplicated or ActivityKind.DuplicatedOnly)
            {
                parameters.Add(new GeneratedParameter(new ParameterInfo("", Print(method.ReturnType, typeFormat), "dret"), "the seed of the returned array (read, not written)"));
            }

            var returnType = request.Mode == DerivativeMode.Reverse
                ? ReverseResult(method, activities, returnActivity, typeFormat)
                : ForwardResult(method, returnActivity, width, typeFormat);
            var isUnsafe = types.Any(TypeCapabilities.ContainsPointer);
            return new DerivativeSignature(parameters, returnType, isUnsafe);
        }

        private static string Print(ITypeSymbol type, SymbolDisplayFormat typeFormat) => type.ToDisplayString(typeFormat);

        // Shadows of ref/in/out parameters are 'ref': the caller passes the seed or tangent in and
        // may get it back updated. 'in' would forbid writing it; 'out' would force the derivative
        // to assign it and forbid reading the seed.
        private static void AddShadows(IParameterSymbol parameter, int width, bool isBatch, SymbolDisplayFormat typeFormat, List<GeneratedParameter> parameters)
        {
            var modifier = parameter.RefKind == RefKind.None ? "" : "ref ";
            var type = TypeCapabilities.IsSpan(parameter.Type, out var element, out var isReadOnly) && isReadOnly
                ? WritableSpan(parameter.Type, element, typeFormat)
                : Print(parameter.Type, typeFormat);
            var origin = $"the shadow of '{parameter.Name}'";
            if (!isBatch)
            {
                parameters.Add(new GeneratedParameter(new ParameterInfo(modifier, type, Identifiers.Escape("d" + parameter.Name)), origin));
                return;
            }
            for (var k = 0; k < width; k++)
            {
                parameters.Add(new GeneratedParameter(new ParameterInfo(modifier, type, Identifiers.Escape($"d{parameter.Name}_{k}")), origin));
            }
        }

        /// <summary>Span&lt;T&gt; for a ReadOnlySpan&lt;T&gt;: Span`1 lives next to ReadOnlySpan`1, in the same namespace of the same assembly.</summary>
        private static string WritableSpan(ITypeSymbol readOnlySpan, ITypeSymbol element, SymbolDisplayFormat typeFormat)
        {
            var span = readOnlySpan.ContainingNamespace.GetTypeMembers("Span", 1).FirstOrDefault();
            return span is not null
                ? Print(span.Construct(element), typeFormat)
                : $"global::System.Span<{Print(element, typeFormat)}>";
        }

        /// <summary>How a parameter of this ref kind is written: "ref ", "out ", "in ", "ref readonly ", or empty.</summary>
        public static string RefModifier(RefKind refKind) => refKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => "",
        };

        /// <summary>Primal (unless void, ActiveOnly or DuplicatedOnly), then one gradient per Active/ActiveOnly input.</summary>
        private static string ReverseResult(IMethodSymbol method, ActivityKind[] activities, ActivityKind returnActivity, SymbolDisplayFormat typeFormat)
        {
            var elements = new List<string>();
            if (!method.ReturnsVoid && returnActivity is not ActivityKind.ActiveOnly and not ActivityKind.DuplicatedOnly)
            {
                elements.Add(Print(method.ReturnType, typeFormat));
            }
            for (var i = 0; i < method.Parameters.Length; i++)
            {
                if (ActivityNames.IsActive(activities[i]))
                {
                    elements.Add(Print(method.Parameters[i].Type, typeFormat));
                }
            }
            return Shape(elements);
        }

        /// <summary>Const: the primal; Dual: primal then tangents; DualOnly: the tangents.</summary>
        private static string ForwardResult(IMethodSymbol method, ActivityKind returnActivity, int width, SymbolDisplayFormat typeFormat)
        {
            if (method.ReturnsVoid)
            {
                return "void";
            }
            var type = Print(method.ReturnType, typeFormat);
            var elements = new List<string>();
            if (returnActivity != ActivityKind.DualOnly)
            {
                elements.Add(type);
            }
            if (returnActivity is ActivityKind.Dual or ActivityKind.DualOnly)
            {
                elements.AddRange(Enumerable.Repeat(type, width));
            }
            return Shape(elements);
        }

        /// <summary>No element: void; one: itself; more: a value tuple.</summary>
        private static string Shape(List<string> elements) => elements.Count switch
        {
            0 => "void",
            1 => elements[0],
            _ => $"({string.Join(", ", elements)})",
        };
    }

    /// <summary>A derivative's parameters, result type, and whether it needs 'unsafe'.</summary>
    internal sealed class DerivativeSignature
    {
        public DerivativeSignature(IReadOnlyList<GeneratedParameter> parameters, string returnType, bool isUnsafe)
        {
            Parameters = parameters;
            ReturnType = returnType;
            IsUnsafe = isUnsafe;
        }

        public IReadOnlyList<GeneratedParameter> Parameters { get; }

        public string ReturnType { get; }

        public bool IsUnsafe { get; }
    }

    /// <summary>A parameter of the derivative; <see cref="Origin"/> says why the generator added it (null for a copied primal parameter).</summary>
    internal sealed class GeneratedParameter
    {
        public GeneratedParameter(ParameterInfo info, string? origin)
        {
            Info = info;
            Origin = origin;
        }

        public ParameterInfo Info { get; }

        public string? Origin { get; }
    }
}
