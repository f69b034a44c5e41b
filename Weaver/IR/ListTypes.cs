using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// <c>List&lt;double&gt;</c> and <c>List&lt;float&gt;</c> as differentiated memory. The IR treats
    /// such a list as it treats a <c>double[]</c>: <c>list[i]</c> is a <see cref="Op.LoadElement"/>,
    /// <c>list[i] = v</c> a <see cref="Op.StoreElement"/>, on the list itself (the element ops
    /// whose container is a list are lowered to the list's public indexer, never to its private
    /// fields), and its shadow is a list of the same type (SsaBuilder.Lists.cs says why).
    /// </summary>
    public static class ListTypes
    {
        /// <summary>True for <c>System.Collections.Generic.List&lt;float&gt;</c> or <c>List&lt;double&gt;</c>.</summary>
        public static bool IsFloatList(TypeReference? type) =>
            type is GenericInstanceType g && IsListDefinition(g.ElementType) && g.GenericArguments.Count == 1 &&
            g.GenericArguments[0].MetadataType is MetadataType.Single or MetadataType.Double;

        /// <summary>True for an IR value that is a float or double list.</summary>
        public static bool IsFloatList(IrType type) => type.Kind == IrTypeKind.Object && IsFloatList(type.Clr);

        /// <summary>True for <c>List&lt;T&gt;</c> itself (the open type, or any instance of it).</summary>
        public static bool IsList(TypeReference type)
        {
            var open = type is GenericInstanceType g ? g.ElementType : type;
            return IsListDefinition(open);
        }

        /// <summary>The element type of a float list (float or double).</summary>
        public static TypeReference ElementOf(TypeReference list) => ((GenericInstanceType)list).GenericArguments[0];

        /// <summary><c>list.Count</c> on a list of type <paramref name="list"/> (a List&lt;T&gt; instance).</summary>
        public static MethodReference Count(TypeReference list) =>
            new MethodReference("get_Count", list.Module.TypeSystem.Int32, list) { HasThis = true };

        /// <summary>
        /// True for List&lt;T&gt;.Add(T) on a float list: in the IR only the grow the frontend makes of
        /// an Add (SsaBuilder.Lists.cs), which appends a zero and changes no element that exists.
        /// </summary>
        public static bool IsGrow(MethodReference m) => m.HasThis && m.Name == "Add" && m.Parameters.Count == 1 && IsFloatList(m.DeclaringType);

        /// <summary>
        /// Members of a float list that only read it and return no float: Count, Capacity, and
        /// Contains, IndexOf, LastIndexOf and BinarySearch without a comparer (an index or a bool: a
        /// step, derivative zero). They are inactive, and analyses of memory need not count them as writes.
        /// </summary>
        public static bool ReadsOnly(MethodReference m)
        {
            if (!m.HasThis || !IsList(m.DeclaringType)) return false;
            if (m.Name == "get_Count" && m.Parameters.Count == 0) return true;
            if (!IsFloatList(m.DeclaringType)) return false;
            if (m.Name == "get_Capacity" && m.Parameters.Count == 0) return true;
            foreach (var p in m.Parameters)
            {
                if (p.ParameterType.Name.StartsWith("IComparer")) return false;
            }
            return m.Name is "Contains" or "IndexOf" or "LastIndexOf" or "BinarySearch";
        }

        private static bool IsListDefinition(TypeReference open) =>
            open.Name == "List`1" && open.Namespace == "System.Collections.Generic" && open.DeclaringType == null;
    }
}
