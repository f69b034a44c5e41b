using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// References, in the woven module's scope, to the methods IL reaches arrays of rank 2 and up
    /// through — the runtime's own <c>T[,]::Get</c>, <c>Set</c>, <c>Address</c> and <c>.ctor</c>,
    /// which the JIT expands inline — and to <c>System.Array</c>'s <c>Length</c> and
    /// <c>GetLength</c>: the same references the C# compiler writes for <c>a[i, j]</c>,
    /// <c>new double[n, m]</c> and <c>a.GetLength(0)</c>.
    /// </summary>
    public static class ArrayMethods
    {
        /// <summary><c>T[,]::Get(int, int)</c> for <paramref name="rank"/> indices: returns the element.</summary>
        public static MethodReference Get(ModuleDefinition module, TypeReference element, int rank) =>
            Make(module, "Get", element, element, rank, null);

        /// <summary><c>T[,]::Set(int, int, T)</c>.</summary>
        public static MethodReference Set(ModuleDefinition module, TypeReference element, int rank) =>
            Make(module, "Set", module.TypeSystem.Void, element, rank, element);

        /// <summary><c>T[,]::Address(int, int)</c>: a managed pointer to the element.</summary>
        public static MethodReference Address(ModuleDefinition module, TypeReference element, int rank) =>
            Make(module, "Address", new ByReferenceType(element), element, rank, null);

        /// <summary><c>T[,]::.ctor(int, int)</c>: one length per dimension, every lower bound 0.</summary>
        public static MethodReference Constructor(ModuleDefinition module, TypeReference element, int rank) =>
            Make(module, ".ctor", module.TypeSystem.Void, element, rank, null);

        /// <summary><c>System.Array::get_Length()</c>: the element count of an array of any rank.</summary>
        public static MethodReference Length(ModuleDefinition module) =>
            new MethodReference("get_Length", module.TypeSystem.Int32, SystemArray(module)) { HasThis = true };

        /// <summary><c>System.Array::GetLength(int)</c>: the length of one dimension.</summary>
        public static MethodReference GetLength(ModuleDefinition module)
        {
            var method = new MethodReference("GetLength", module.TypeSystem.Int32, SystemArray(module)) { HasThis = true };
            method.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
            return method;
        }

        private static TypeReference SystemArray(ModuleDefinition module) =>
            new TypeReference("System", "Array", module, module.TypeSystem.CoreLibrary);

        private static MethodReference Make(ModuleDefinition module, string name, TypeReference returnType, TypeReference element, int rank, TypeReference? value)
        {
            var method = new MethodReference(name, returnType, ArrayTypes.Of(element, rank)) { HasThis = true };
            for (int k = 0; k < rank; k++) method.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
            if (value != null) method.Parameters.Add(new ParameterDefinition("value", ParameterAttributes.None, value));
            return method;
        }
    }
}
