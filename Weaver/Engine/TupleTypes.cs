using System;
using System.Collections.Generic;
using Mono.Cecil;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>A derivative's result type seen as a list of values: none for void, a ValueTuple's items (TRest flattened), or the type itself.</summary>
    public static class TupleTypes
    {
        public static List<TypeReference> Elements(TypeReference type)
        {
            var list = new List<TypeReference>();
            if (type.MetadataType == MetadataType.Void) return list;
            if (IsValueTuple(type, out var g))
            {
                for (int i = 0; i < g.GenericArguments.Count; i++)
                {
                    if (i == 7) list.AddRange(Elements(g.GenericArguments[i]));
                    else list.Add(g.GenericArguments[i]);
                }
                return list;
            }
            list.Add(type);
            return list;
        }

        /// <summary>The ValueTuple of <paramref name="elements"/> (two or more; TRest nested past seven), in the module's core library.</summary>
        public static GenericInstanceType Make(ModuleDefinition module, IReadOnlyList<TypeReference> elements)
        {
            int arity = elements.Count > 7 ? 8 : elements.Count;
            var open = new TypeReference("System", "ValueTuple`" + arity, module, module.TypeSystem.CoreLibrary, valueType: true);
            for (int k = 0; k < arity; k++) open.GenericParameters.Add(new GenericParameter("T" + (k + 1), open));
            var tuple = new GenericInstanceType(open);
            for (int k = 0; k < 7 && k < elements.Count; k++) tuple.GenericArguments.Add(elements[k]);
            if (elements.Count > 7)
            {
                var rest = new List<TypeReference>();
                for (int k = 7; k < elements.Count; k++) rest.Add(elements[k]);
                tuple.GenericArguments.Add(rest.Count == 1 ? MakeSingle(module, rest[0]) : Make(module, rest));
            }
            return tuple;
        }

        private static GenericInstanceType MakeSingle(ModuleDefinition module, TypeReference element)
        {
            var open = new TypeReference("System", "ValueTuple`1", module, module.TypeSystem.CoreLibrary, valueType: true);
            open.GenericParameters.Add(new GenericParameter("T1", open));
            var tuple = new GenericInstanceType(open);
            tuple.GenericArguments.Add(element);
            return tuple;
        }

        public static bool IsValueTuple(TypeReference type, out GenericInstanceType tuple)
        {
            tuple = (type as GenericInstanceType)!;
            return tuple != null && tuple.ElementType.Namespace == "System" &&
                   tuple.ElementType.Name.StartsWith("ValueTuple`", StringComparison.Ordinal);
        }
    }
}
