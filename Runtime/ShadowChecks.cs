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
        /// A shadow must have room for every element of what it shadows: a shorter one would
        /// throw an index error from deep inside the derivative, or lose gradients. Throws an
        /// ArgumentException that names both and their lengths. A null primal is left to the
        /// primal's own code. A multi-dimensional array's shadow (double[,]) must have its shape:
        /// the same length and lower bound in every dimension, as the derivative reads and writes
        /// the shadow at the primal's own indices.
        /// </summary>
        public static void ShadowLength(object? primal, object? shadow, string names)
        {
            if (primal is System.Collections.ICollection list && !(primal is Array))
            {
                ShadowCount(list, shadow, names);
                return;
            }
            if (!(primal is Array array)) return;
            if (!(shadow is Array s))
            {
                throw new ArgumentException($"{names}: the shadow is {(shadow == null ? "null" : "not an array")} but the argument is an array of {Shape(array)}. Pass a shadow {(array.Rank == 1 ? "as long as" : "of the same shape as")} the argument.");
            }
            if (array.Rank > 1)
            {
                if (s.Rank != array.Rank || !SameShape(array, s))
                {
                    throw new ArgumentException($"{names}: the shadow has shape {Shape(s)} but the argument has {Shape(array)}. Pass a shadow of the same shape as the argument.");
                }
                return;
            }
            if (s.Length < array.Length)
            {
                throw new ArgumentException($"{names}: the shadow has {s.Length} elements but the argument has {array.Length}. Pass a shadow as long as the argument.");
            }
        }

        /// <summary>
        /// A list's shadow (a List&lt;double&gt; for a List&lt;double&gt;) must have exactly its Count:
        /// the derivative reads and writes the shadow at the list's own indices, and an Add to the
        /// list adds to the shadow too, so the slot of an added element must be the same in both.
        /// The shadow must not be the list itself (it would read its own gradients back).
        /// </summary>
        private static void ShadowCount(System.Collections.ICollection list, object? shadow, string names)
        {
            if (ReferenceEquals(list, shadow))
            {
                throw new ArgumentException($"{names}: the shadow is the list itself. A shadow receives gradients: pass a list of its own, with as many elements (zeros) as the argument.");
            }
            if (!(shadow is System.Collections.ICollection s) || shadow.GetType() != list.GetType())
            {
                throw new ArgumentException($"{names}: the shadow is {(shadow == null ? "null" : "not a list of the argument's type")} but the argument is a list of {list.Count} elements. Pass a list of the same type with as many elements (zeros).");
            }
            if (s.Count != list.Count)
            {
                throw new ArgumentException($"{names}: the shadow has {s.Count} elements but the argument has {list.Count}. Pass a shadow list with exactly as many elements as the argument (an element the method adds is added to the shadow too).");
            }
        }

        private static bool SameShape(Array a, Array b)
        {
            for (int d = 0; d < a.Rank; d++)
            {
                if (a.GetLength(d) != b.GetLength(d) || a.GetLowerBound(d) != b.GetLowerBound(d)) return false;
            }
            return true;
        }

        /// <summary>"3" for a vector, "[3, 4]" for a matrix (lower bounds shown only where not 0: "[1..3, 4]").</summary>
        private static string Shape(Array a)
        {
            if (a.Rank == 1 && a.GetLowerBound(0) == 0) return a.Length.ToString();
            var dimensions = new string[a.Rank];
            for (int d = 0; d < a.Rank; d++)
            {
                int low = a.GetLowerBound(d);
                dimensions[d] = low == 0 ? a.GetLength(d).ToString() : $"{low}..{low + a.GetLength(d) - 1}";
            }
            return "[" + string.Join(", ", dimensions) + "]";
        }

        /// <summary>As <see cref="ShadowLength(object, object, string)"/>, for spans (their lengths).</summary>
        public static void ShadowLength(int primalLength, int shadowLength, string names)
        {
            if (shadowLength < primalLength)
            {
                throw new ArgumentException($"{names}: the shadow has {shadowLength} elements but the argument has {primalLength}. Pass a shadow as long as the argument.");
            }
        }

        /// <summary>
        /// A shadow is memory of its own: a derivative that reads an argument again while it adds
        /// gradients into the shadows would read its own gradients if one were the other. Throws
        /// when <paramref name="argument"/> is <paramref name="shadow"/>.
        /// </summary>
        public static void NotAShadow(object? argument, object? shadow, string names)
        {
            if (argument is not null && ReferenceEquals(argument, shadow))
            {
                throw new ArgumentException(
                    $"{names}: the argument is also passed as a shadow. A shadow receives gradients: pass memory of its own, not an argument of the same call.");
            }
        }

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
