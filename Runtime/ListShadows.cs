#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace AutoDiff
{
    /// <summary>
    /// The shadow of a <c>List&lt;double&gt;</c> or <c>List&lt;float&gt;</c> (a list of the same type,
    /// element i holding element i's derivative), as woven derivatives reach it. Called by
    /// generated code only; public because the woven assembly calls it across assemblies. Only
    /// in the net8.0 build: the reference it returns comes from CollectionsMarshal, which the
    /// netstandard2.0 build has no access to (a derivative that needs it there is AD5003).
    /// </summary>
    public static class ListShadows
    {
        /// <summary>
        /// A reference to element <paramref name="index"/> of <paramref name="list"/>, for the
        /// reverse sweep's <c>shadow[i] += adjoint</c> (one bounds check instead of an indexer
        /// read and write). Valid only until the list grows next: a derivative takes it and uses
        /// it at once. Throws as the list's indexer does outside [0, Count).
        /// </summary>
        public static ref T Element<T>(List<T> list, int index)
        {
            if ((uint)index >= (uint)list.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");
            }
            return ref CollectionsMarshal.AsSpan(list)[index];
        }

        /// <summary>
        /// What List&lt;T&gt;.Enumerator.MoveNext checks, as far as a woven foreach over a list (an
        /// index loop) can: the list has the Count it had when the loop began, else the
        /// InvalidOperationException the enumerator throws when its list was changed.
        /// </summary>
        public static void EnumerationUnchanged(int countAtStart, int count)
        {
            if (count != countAtStart) throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
        }
    }
}
#endif
