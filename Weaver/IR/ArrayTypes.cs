using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// Array types as the C# compiler writes them in metadata: <c>T[]</c> a vector, and
    /// <c>T[,]</c>, <c>T[,,]</c>... with lower bound 0 in every dimension (Cecil spells it
    /// <c>T[0...,0...]</c>). Types the weaver makes (a shadow of a local <c>new double[n, m]</c>)
    /// then have the very full name of those in the user's signatures, so
    /// <see cref="IrType.SameAs"/> holds between them.
    /// </summary>
    public static class ArrayTypes
    {
        public static ArrayType Of(TypeReference element, int rank)
        {
            if (rank == 1) return new ArrayType(element);
            var type = new ArrayType(element, rank);
            for (int k = 0; k < rank; k++) type.Dimensions[k] = new ArrayDimension(0, null);
            return type;
        }

        /// <summary>True for an array other than a vector: <c>double[,]</c>, <c>float[,,]</c> (whose elements IL reaches by calls, not ldelem).</summary>
        public static bool IsMultiDimensional(TypeReference? type) => type is ArrayType { IsVector: false };
    }
}
