namespace AutoDiff
{
    /// <summary>
    /// Objects that woven derivatives make at run time. Called by generated code only; public
    /// because the woven assembly calls it across assemblies.
    /// </summary>
    public static class Objects
    {
        /// <summary>
        /// An instance of <typeparamref name="T"/> with every field zero or null and no constructor
        /// run: where differentiated code says <c>new T(...)</c> and the weaver follows the
        /// constructor's body itself, and for the shadow of such an object.
        /// </summary>
        public static T Allocate<T>() where T : class =>
#if NET8_0_OR_GREATER
            (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));
#else
            (T)System.Runtime.Serialization.FormatterServices.GetUninitializedObject(typeof(T));
#endif
    }
}
