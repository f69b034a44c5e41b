namespace AutoDiff
{
    /// <summary>
    /// Shadows that woven derivatives make at run time. Called by generated code only; public
    /// because the woven assembly calls it across assemblies.
    /// </summary>
    public static class Shadows
    {
        /// <summary>
        /// A zeroed array as long as <paramref name="array"/> (null for null): the shadow of a Const
        /// array that the derivative stores into memory that carries derivatives. Gradients that
        /// reach it are dropped; the caller's memory is never written.
        /// </summary>
        public static double[]? ZeroLike(double[]? array) => array == null ? null : new double[array.Length];

        /// <inheritdoc cref="ZeroLike(double[])"/>
        public static float[]? ZeroLike(float[]? array) => array == null ? null : new float[array.Length];

        /// <summary>A zeroed array of <paramref name="array"/>'s shape (lengths and lower bounds) and element type (null for null).</summary>
        public static double[,]? ZeroLike(double[,]? array) => (double[,]?)SameShape(array);

        /// <inheritdoc cref="ZeroLike(double[,])"/>
        public static float[,]? ZeroLike(float[,]? array) => (float[,]?)SameShape(array);

        /// <inheritdoc cref="ZeroLike(double[,])"/>
        public static double[,,]? ZeroLike(double[,,]? array) => (double[,,]?)SameShape(array);

        /// <inheritdoc cref="ZeroLike(double[,])"/>
        public static float[,,]? ZeroLike(float[,,]? array) => (float[,,]?)SameShape(array);

        private static System.Array? SameShape(System.Array? array)
        {
            if (array == null) return null;
            var lengths = new int[array.Rank];
            var lowerBounds = new int[array.Rank];
            for (int d = 0; d < array.Rank; d++)
            {
                lengths[d] = array.GetLength(d);
                lowerBounds[d] = array.GetLowerBound(d);
            }
            return System.Array.CreateInstance(array.GetType().GetElementType()!, lengths, lowerBounds);
        }
    }
}
