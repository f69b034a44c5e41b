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
    }
}
