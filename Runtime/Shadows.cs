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

        /// <summary>
        /// The seed of a returned array (a Duplicated return in reverse mode) added into the shadow
        /// of the array the method made and returns, at the return, before the reverse sweep
        /// starts: the seed must be as long as the result (only then is its length known). The seed
        /// is read, never written, so the caller can pass one seed to several calls. Throws an
        /// ArgumentException that names the derivative and both lengths otherwise.
        /// </summary>
        public static void SeedReturned(double[] result, double[] shadow, double[]? seed, string names)
        {
            CheckSeed(result.Length, seed?.Length, names);
            for (int i = 0; i < shadow.Length; i++) shadow[i] += seed![i];
        }

        /// <inheritdoc cref="SeedReturned(double[], double[], double[], string)"/>
        public static void SeedReturned(float[] result, float[] shadow, float[]? seed, string names)
        {
            CheckSeed(result.Length, seed?.Length, names);
            for (int i = 0; i < shadow.Length; i++) shadow[i] += seed![i];
        }

        private static void CheckSeed(int resultLength, int? seedLength, string names)
        {
            if (seedLength == resultLength) return;
            var seed = seedLength == null ? "is null" : $"has {seedLength} elements";
            throw new System.ArgumentException($"{names}: the seed of the returned array {seed} but the method returned an array of {resultLength}. Pass a seed as long as the result (zeros where no gradient flows).");
        }

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
