using System.Linq;
using Mono.Cecil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>Spells Cecil types the way the user wrote them in C# (<c>ref double</c>, <c>float[]</c>, <c>Span&lt;double&gt;</c>) for diagnostics.</summary>
    public static class TypeNames
    {
        public static string Describe(TypeReference type)
        {
            switch (type)
            {
                case ByReferenceType r: return "ref " + Describe(r.ElementType);
                case PointerType p: return Describe(p.ElementType) + "*";
                case ArrayType a: return Describe(a.ElementType) + "[" + new string(',', a.Rank - 1) + "]";
                case GenericInstanceType g:
                    return StripArity(g.ElementType.Name) + "<" + string.Join(", ", g.GenericArguments.Select(Describe)) + ">";
            }
            switch (type.MetadataType)
            {
                case MetadataType.Void: return "void";
                case MetadataType.Boolean: return "bool";
                case MetadataType.Char: return "char";
                case MetadataType.SByte: return "sbyte";
                case MetadataType.Byte: return "byte";
                case MetadataType.Int16: return "short";
                case MetadataType.UInt16: return "ushort";
                case MetadataType.Int32: return "int";
                case MetadataType.UInt32: return "uint";
                case MetadataType.Int64: return "long";
                case MetadataType.UInt64: return "ulong";
                case MetadataType.Single: return "float";
                case MetadataType.Double: return "double";
                case MetadataType.String: return "string";
                case MetadataType.Object: return "object";
                case MetadataType.IntPtr: return "nint";
                case MetadataType.UIntPtr: return "nuint";
            }
            return StripArity(type.Name);
        }

        /// <summary>A parameter's type as its declaration reads: <c>in</c>/<c>out</c>/<c>ref</c> spelled out.</summary>
        public static string Describe(ParameterDefinition parameter)
        {
            if (parameter.ParameterType is ByReferenceType r)
            {
                var mode = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
                return mode + Describe(r.ElementType);
            }
            return Describe(parameter.ParameterType);
        }

        /// <summary>A method as <c>Type.Name</c>, for messages about calls.</summary>
        public static string Describe(MethodReference method) => Describe(method.DeclaringType) + "." + method.Name;

        private static string StripArity(string name)
        {
            int tick = name.IndexOf('`');
            return tick < 0 ? name : name.Substring(0, tick);
        }
    }
}
