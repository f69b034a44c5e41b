using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.Frontend;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// The derivative of a generic primal (<c>T F&lt;T&gt;(T x) where T : INumber&lt;T&gt;</c>) asked for
    /// by one attribute: the generic declaration the generator wrote (<c>(T, T) D&lt;T&gt;(T x, T dret)</c>,
    /// which callers call), and one closing per type argument the weaver differentiates for,
    /// double and float: the primal closed over it (<see cref="ClosedPrimal"/>), its request
    /// (checked as any non-generic one), and a private declaration of its own (<c>D__double</c>)
    /// that receives its derivative. <see cref="Backend.GenericDispatch"/> then writes the
    /// generic declaration's body: a call of the closing its T is.
    /// Refuses (AD4004) what it cannot close: more than one type parameter, a type parameter not
    /// constrained to generic math, a generic method of a generic type.
    /// </summary>
    public sealed class GenericDerivative
    {
        private GenericDerivative(MethodDefinition primal, DerivativeRequest request, MethodDefinition declaration, List<Closing> closings)
        {
            Primal = primal;
            Request = request;
            Declaration = declaration;
            Closings = closings;
        }

        /// <summary>The generic primal the attribute stands on.</summary>
        public MethodDefinition Primal { get; }

        /// <summary>The request as the attribute makes it of the generic primal (its types mention T; checked through the closings).</summary>
        public DerivativeRequest Request { get; }

        /// <summary>The generator's generic declaration: what callers call, and where the dispatch goes.</summary>
        public MethodDefinition Declaration { get; }

        public IReadOnlyList<Closing> Closings { get; }

        /// <summary>The type arguments a generic derivative is made for, in the order its dispatch tests them.</summary>
        public static TypeReference[] Arguments(ModuleDefinition module) => new[] { module.TypeSystem.Double, module.TypeSystem.Single };

        public static bool IsMadeFor(TypeReference argument) => argument.MetadataType is MetadataType.Double or MetadataType.Single;

        public static GenericDerivative Prepare(MethodDefinition primal, CustomAttribute attribute, WeaveContext? context = null)
        {
            CheckShape(primal);
            var closings = new List<Closing>();
            DerivativeRequest? first = null;
            foreach (var argument in Arguments(primal.Module))
            {
                var closed = context?.Closed(primal, argument) ?? ClosedPrimal.Close(primal, argument);
                var request = DerivativeRequestReader.Read(closed, attribute);
                var signature = DerivativeSignature.Of(request);
                var stub = SynthesizedStub.Create(closed, signature, $"{request.Name}__{CSharpNames.Type(argument)}", MethodAttributes.Private);
                request.Stub = stub;
                closings.Add(new Closing(argument, closed, request, signature, stub));
                first ??= request;
            }
            var open = new DerivativeRequest(primal, attribute, first!.Mode, first.Name, first.Width, first.Parameters, first.ReturnActivity, first.ThisActivity);
            var declaration = StubLocator.Find(open, DerivativeSignature.Of(open));
            if (declaration.GenericParameters.Count != 1)
            {
                throw new DiagnosticException(DiagnosticCatalog.StubSignatureMismatch,
                    $"'{open.Name}' in {CSharpNames.Type(primal.DeclaringType)} is not generic, but the derivative of the generic method {CSharpNames.Method(primal)} must be: declare it with the primal's type parameter and constraints");
            }
            open.Stub = declaration;
            return new GenericDerivative(primal, open, declaration, closings);
        }

        private static void CheckShape(MethodDefinition primal)
        {
            string Name() => CSharpNames.Method(primal);
            for (var type = primal.DeclaringType; type != null; type = type.DeclaringType)
            {
                if (type.HasGenericParameters)
                {
                    throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                        $"{Name()} is a generic method of the generic type {CSharpNames.Type(type)}; derivatives of generic methods are made in non-generic types: move the method to a non-generic (static) class");
                }
            }
            if (primal.GenericParameters.Count != 1)
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"{Name()} has {primal.GenericParameters.Count} type parameters; a derivative of a generic method is made for one type parameter, closed over double and float");
            }
            var parameter = primal.GenericParameters[0];
            if (!parameter.Constraints.Any(c => IsGenericMath(c.ConstraintType, parameter)))
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"{Name()} is generic over '{parameter.Name}', which is not constrained to generic math; constrain it (where {parameter.Name} : INumber<{parameter.Name}>, IFloatingPointIeee754<{parameter.Name}>...) so that it can be closed over double and float");
            }
        }

        /// <summary>A System.Numerics interface over the parameter itself (INumberBase&lt;T&gt;, INumber&lt;T&gt;, IFloatingPointIeee754&lt;T&gt;...).</summary>
        private static bool IsGenericMath(TypeReference constraint, GenericParameter parameter) =>
            constraint is GenericInstanceType g && g.ElementType.Namespace == "System.Numerics" &&
            g.GenericArguments.Any(a => a is GenericParameter p && p.Position == parameter.Position && p.Type == GenericParameterType.Method);

        /// <summary>The derivative of the primal closed over one type argument.</summary>
        public sealed class Closing
        {
            public Closing(TypeReference argument, MethodDefinition primal, DerivativeRequest request, DerivativeSignature signature, MethodDefinition stub)
            {
                Argument = argument;
                Primal = primal;
                Request = request;
                Signature = signature;
                Stub = stub;
            }

            public TypeReference Argument { get; }

            /// <summary>The primal closed over <see cref="Argument"/> (detached).</summary>
            public MethodDefinition Primal { get; }

            public DerivativeRequest Request { get; }

            public DerivativeSignature Signature { get; }

            /// <summary>The private declaration that receives this closing's derivative: detached until the weave succeeds.</summary>
            public MethodDefinition Stub { get; }
        }
    }
}
