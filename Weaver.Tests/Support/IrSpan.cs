using System;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// A Span&lt;T&gt; or ReadOnlySpan&lt;T&gt; value as <see cref="IrInterpreter"/> holds it: a window
    /// (start, length) onto a real array. Tests pass one for a span parameter.
    /// </summary>
    public sealed class IrSpan
    {
        public IrSpan(Array array, int start, int length)
        {
            if (start < 0 || length < 0 || start > array.Length - length) throw new ArgumentOutOfRangeException(nameof(start));
            Array = array;
            Start = start;
            Length = length;
        }

        public IrSpan(Array array)
            : this(array, 0, array.Length)
        {
        }

        public Array Array { get; }

        public int Start { get; }

        public int Length { get; }

        /// <summary>The element at <paramref name="index"/> by reference (get_Item), checked against the length as the span does.</summary>
        public IrReference Item(long index)
        {
            if (index < 0 || index >= Length) throw new IndexOutOfRangeException();
            return new ElementReference(Array, Start + (int)index);
        }

        /// <summary>Slice(start) and Slice(start, length), checked as the span does.</summary>
        public IrSpan Slice(long start, long? length = null)
        {
            var count = length ?? Length - start;
            if (start < 0 || start > Length || count < 0 || count > Length - start) throw new ArgumentOutOfRangeException(nameof(start));
            return new IrSpan(Array, Start + (int)start, (int)count);
        }

        public override string ToString() => $"span[{Start}..{Start + Length}) of {Array.GetType().Name}";
    }
}
