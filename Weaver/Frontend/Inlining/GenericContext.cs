using System.Linq;
using Mono.Cecil;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    /// <summary>
    /// Closes the type, method and field references of an inlined callee's IL over the generic
    /// arguments of its call site (<c>Sq&lt;double&gt;</c>, <c>Pair&lt;double&gt;.Sum</c>): `!!0` and
    /// `!0` become the arguments the call gives. Member references of generic instances keep
    /// their open signatures, as IL writes them; only the declaring types and method arguments
    /// change. A reference that mentions no type parameter is returned as it is.
    /// </summary>
    public sealed class GenericContext
    {
        private readonly MethodReference? _site;

        public GenericContext(MethodReference? site) => _site = site;

        /// <summary>The context of the primal itself: nothing to close.</summary>
        public static readonly GenericContext None = new GenericContext(null);

        public TypeReference Type(TypeReference type)
        {
            if (_site == null || !Mentions(type)) return type;
            return type switch
            {
                PointerType p => new PointerType(Type(p.ElementType)),
                PinnedType p => new PinnedType(Type(p.ElementType)),
                _ => GenericSubstitution.Resolve(type, _site),
            };
        }

        public MethodReference Method(MethodReference method)
        {
            if (_site == null) return method;
            if (method is GenericInstanceMethod instance)
            {
                var element = Method(instance.ElementMethod);
                var arguments = instance.GenericArguments.Select(Type).ToList();
                if (element == instance.ElementMethod && arguments.SequenceEqual(instance.GenericArguments)) return method;
                var closed = new GenericInstanceMethod(element);
                foreach (var a in arguments) closed.GenericArguments.Add(a);
                return closed;
            }
            var declaring = Type(method.DeclaringType);
            if (declaring == method.DeclaringType) return method;
            var copy = new MethodReference(method.Name, method.ReturnType, declaring)
            {
                HasThis = method.HasThis,
                ExplicitThis = method.ExplicitThis,
                CallingConvention = method.CallingConvention,
            };
            foreach (var p in method.Parameters) copy.Parameters.Add(new ParameterDefinition(p.Name, p.Attributes, p.ParameterType));
            foreach (var g in method.GenericParameters) copy.GenericParameters.Add(new GenericParameter(g.Name, copy));
            return copy;
        }

        public FieldReference Field(FieldReference field)
        {
            if (_site == null) return field;
            var declaring = Type(field.DeclaringType);
            return declaring == field.DeclaringType ? field : new FieldReference(field.Name, field.FieldType, declaring);
        }

        /// <summary>The operand of an IL instruction, closed; instructions, locals and parameters are the caller's business.</summary>
        public object? Operand(object? operand) => operand switch
        {
            TypeReference t => Type(t),
            MethodReference m => Method(m),
            FieldReference f => Field(f),
            _ => operand,
        };

        private static bool Mentions(TypeReference type) => type switch
        {
            GenericParameter => true,
            GenericInstanceType g => g.GenericArguments.Any(Mentions),
            TypeSpecification s => Mentions(s.ElementType),
            _ => false,
        };
    }
}
