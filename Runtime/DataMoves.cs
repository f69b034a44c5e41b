using System;

namespace AutoDiff
{
    /// <summary>
    /// What the framework's data moves do, written as plain element loops: the weaver reads these
    /// bodies and inlines them in place of a call to <c>Array.Copy</c>, <c>Array.Fill</c>,
    /// <c>Array.Clear</c>, <c>Span&lt;T&gt;.CopyTo</c>, <c>.Fill</c> and <c>.Clear</c> whose
    /// memory carries derivatives, so that each element moved is an ordinary load and store:
    /// the derivative moves tangents alongside (forward) and moves adjoints back and clears the
    /// overwritten slots (reverse), and every analysis of memory sees the writes. Never called
    /// at run time. Each checks its arguments as the framework method does (the same exception
    /// types) before it writes anything, and copies as memmove does where source and destination
    /// overlap. Clear is handed the zero it writes (a generic body's default(T) is a
    /// struct initialisation the frontend does not read). Spans are read only through their
    /// indexer, Length and Slice, the members the frontend follows on a span's address.
    /// </summary>
    public static class DataMoves
    {
        /// <summary><c>Array.Copy(source, sourceIndex, destination, destinationIndex, length)</c> between arrays of one element type.</summary>
        public static void Copy<T>(T[] source, int sourceIndex, T[] destination, int destinationIndex, int length)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            if (sourceIndex < 0 || destinationIndex < 0 || length < 0) throw new ArgumentOutOfRangeException(nameof(length), "Non-negative number required.");
            if (source.Length - sourceIndex < length || destination.Length - destinationIndex < length) throw new ArgumentException("Source array was not long enough, or destination array was not long enough.");
            if (source == destination && sourceIndex < destinationIndex)
            {
                // The destination starts inside the source: the last element first, as memmove.
                for (int k = length - 1; k >= 0; k--) destination[destinationIndex + k] = source[sourceIndex + k];
            }
            else
            {
                for (int k = 0; k < length; k++) destination[destinationIndex + k] = source[sourceIndex + k];
            }
        }

        /// <summary><c>(T[])array.Clone()</c> of a one-dimensional array: a new array of its length with its elements.</summary>
        public static T[] Clone<T>(T[] array)
        {
            if (array == null) throw new NullReferenceException();
            var copy = new T[array.Length];
            for (int k = 0; k < copy.Length; k++) copy[k] = array[k];
            return copy;
        }

        /// <summary><c>Array.Copy(source, destination, length)</c> between arrays of one element type.</summary>
        public static void Copy<T>(T[] source, T[] destination, int length)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), "Non-negative number required.");
            if (source.Length < length || destination.Length < length) throw new ArgumentException("Source array was not long enough, or destination array was not long enough.");
            for (int k = 0; k < length; k++) destination[k] = source[k]; // one array copied onto itself at the same place
        }

        /// <summary><c>Array.Fill(array, value)</c>.</summary>
        public static void Fill<T>(T[] array, T value)
        {
            if (array == null) throw new ArgumentNullException(nameof(array));
            for (int k = 0; k < array.Length; k++) array[k] = value;
        }

        /// <summary><c>Array.Fill(array, value, startIndex, count)</c>.</summary>
        public static void Fill<T>(T[] array, T value, int startIndex, int count)
        {
            if (array == null) throw new ArgumentNullException(nameof(array));
            if ((uint)startIndex > (uint)array.Length) throw new ArgumentOutOfRangeException(nameof(startIndex));
            if ((uint)count > (uint)(array.Length - startIndex)) throw new ArgumentOutOfRangeException(nameof(count));
            for (int k = startIndex; k < startIndex + count; k++) array[k] = value;
        }

        /// <summary><c>Array.Clear(array)</c>.</summary>
        public static void Clear<T>(T[] array, T zero)
        {
            if (array == null) throw new ArgumentNullException(nameof(array));
            for (int k = 0; k < array.Length; k++) array[k] = zero;
        }

        /// <summary><c>Array.Clear(array, index, length)</c>.</summary>
        public static void Clear<T>(T[] array, int index, int length, T zero)
        {
            if (array == null) throw new ArgumentNullException(nameof(array));
            if (index < 0 || length < 0 || array.Length - index < length) throw new IndexOutOfRangeException();
            for (int k = index; k < index + length; k++) array[k] = zero;
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// <c>source.CopyTo(destination)</c> of spans. Spans over one array may overlap in either
        /// direction, which a span cannot tell without comparing addresses, so overlapping spans
        /// are copied through a scratch array (as memmove would have them).
        /// </summary>
        public static void CopyTo<T>(ref Span<T> source, Span<T> destination)
        {
            if (source.Length > destination.Length) throw new ArgumentException("Destination is too short.", nameof(destination));
            if (MemoryExtensions.Overlaps(source.Slice(0), (ReadOnlySpan<T>)destination))
            {
                var scratch = new T[source.Length];
                for (int k = 0; k < source.Length; k++) scratch[k] = source[k];
                for (int k = 0; k < scratch.Length; k++) destination[k] = scratch[k];
                return;
            }
            for (int k = 0; k < source.Length; k++) destination[k] = source[k];
        }

        /// <summary><c>source.CopyTo(destination)</c> of a read-only span (as <see cref="CopyTo{T}(ref Span{T}, Span{T})"/>).</summary>
        public static void CopyTo<T>(ref ReadOnlySpan<T> source, Span<T> destination)
        {
            if (source.Length > destination.Length) throw new ArgumentException("Destination is too short.", nameof(destination));
            if (MemoryExtensions.Overlaps(source.Slice(0), (ReadOnlySpan<T>)destination))
            {
                var scratch = new T[source.Length];
                for (int k = 0; k < source.Length; k++) scratch[k] = source[k];
                for (int k = 0; k < scratch.Length; k++) destination[k] = scratch[k];
                return;
            }
            for (int k = 0; k < source.Length; k++) destination[k] = source[k];
        }

        /// <summary><c>span.Fill(value)</c>.</summary>
        public static void Fill<T>(ref Span<T> span, T value)
        {
            for (int k = 0; k < span.Length; k++) span[k] = value;
        }

        /// <summary><c>span.Clear()</c>.</summary>
        public static void Clear<T>(ref Span<T> span, T zero)
        {
            for (int k = 0; k < span.Length; k++) span[k] = zero;
        }
#endif
    }
}
