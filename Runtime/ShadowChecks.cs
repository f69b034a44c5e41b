using System;

namespace AutoDiff
{
    /// <summary>
    /// Checks woven derivatives make on entry. Called by generated code only; public because the
    /// woven assembly calls it across assemblies.
    /// </summary>
    public static class ShadowChecks
    {
        /// <summary>
        /// Two memory parameters with shadows must alias exactly as their shadows do: the derivative
        /// assumes that a write through one primal is seen through the other exactly when the same
        /// holds for the shadows. Anything else would give a silently wrong gradient, so it throws.
        /// </summary>
        public static void SameAliasing(object? a, object? b, object? shadowA, object? shadowB, string names)
        {
            if (ReferenceEquals(a, b) != ReferenceEquals(shadowA, shadowB))
            {
                throw new ArgumentException(
                    $"{names}: the arguments {(ReferenceEquals(a, b) ? "are the same object but their shadows are not" : "are different objects but share one shadow")}. " +
                    "A derivative needs shadows that alias exactly as the arguments do: pass the same shadow for the same memory, and separate shadows for separate memory.");
            }
        }
    }
}
