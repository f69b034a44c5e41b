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

        public static bool IsValueTuple(TypeReference type, out GenericInstanceType tuple)
        {
            tuple = (type as GenericInstanceType)!;
            return tuple != null && tuple.ElementType.Namespace == "System" &&
                   tuple.ElementType.Name.StartsWith("ValueTuple`", StringComparison.Ordinal);
        }
    }
}
