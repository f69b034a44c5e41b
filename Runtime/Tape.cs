using System;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Buffers;
using System.Runtime.InteropServices;
#endif

namespace AutoDiff
{
    /// <summary>
    /// The stack on which a reverse-mode derivative keeps per-iteration values of a loop: the
    /// forward sweep pushes what the reverse sweep will need, and the reverse sweep, which runs
    /// the iterations backwards, pops them in the opposite order (LIFO). Loop-free code keeps its
    /// values in locals and never needs one.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A woven derivative holds its tapes in locals and calls them by address
    /// (<c>ldloca tape; ... call instance void valuetype AutoDiff.Tape`1&lt;float64&gt;::Push(!0)</c>),
    /// so a tape is private to one call of one derivative: there is no shared mutable state but the
    /// thread-safe array pool, and derivatives may run on any number of threads at once. The
    /// weaver emits calls to <see cref="Push(T)"/> (and its forms with two to four values),
    /// <see cref="Pop"/>, <see cref="PopFrame"/>, <see cref="At"/>, <see cref="Reserve"/>, <see cref="Count"/> and
    /// <see cref="Release"/> by name: their names and signatures are part of the contract between
    /// the runtime and woven assemblies.
    /// </para>
    /// <para>
    /// It is a struct so that a derivative whose loop runs zero times allocates nothing:
    /// <c>default(Tape&lt;T&gt;)</c> is a valid empty tape and owns no buffer until the first push.
    /// Being a mutable struct it must not be copied while in use: two copies would share one
    /// buffer and both return it to the pool. Keep it in one local (or field) and call it there.
    /// </para>
    /// <para>
    /// Buffers: on .NET 8 and later they are rented from <c>System.Buffers.ArrayPool&lt;T&gt;.Shared</c> and
    /// returned by <see cref="Release"/>, so a derivative called in a loop reaches a steady state
    /// with no allocation at all. The netstandard2.0 build allocates plain arrays and lets the
    /// garbage collector take them: that target has no <c>ArrayPool</c> without a package, and
    /// AutoDiff.Runtime stays free of dependencies. Applications on .NET 8 or later get the
    /// pooled build.
    /// </para>
    /// </remarks>
    /// <typeparam name="T">What is kept: a scalar (<see cref="double"/>, <see cref="float"/>), an
    /// integer (a trip count, a branch taken), or a struct of them. One tape per type keeps every
    /// slot typed: no boxing, no reinterpretation.</typeparam>
    public struct Tape<T>
    {
        /// <summary>
        /// The first buffer's length. The pool's smallest size class; small enough that a short
        /// loop wastes little, large enough that the first doublings are not paid on every call.
        /// </summary>
        private const int InitialCapacity = 16;

        /// <summary>The largest array length the runtime allows for any element type.</summary>
        private const int MaximumCapacity = 0x7FFFFFC7;

        private T[]? _buffer;
        private int _count;

#if NET8_0_OR_GREATER
        /// <summary>
        /// The longest buffer a tape of <typeparamref name="T"/> has needed on this thread: the
        /// next tape's first buffer is that long, so a derivative called again and again rents its
        /// buffer once per call instead of doubling up from <see cref="InitialCapacity"/> with a
        /// copy at every step (a large loop nest made that most of the tape's cost). Per thread,
        /// so no synchronisation; it only grows, as the pool keeps buffers of that size anyway.
        /// </summary>
        [ThreadStatic]
        private static int s_capacityNeeded;
#endif

        /// <summary>
        /// How many values are kept. The reverse sweep does not need it to pop (it pops exactly
        /// what the forward sweep pushed); it is there for trip counts recovered from the tape and
        /// for checks in tests and debug builds.
        /// </summary>
        public readonly int Count => _count;

        /// <summary>
        /// Keeps <paramref name="value"/> for the reverse sweep. Called once per iteration for each
        /// kept value, so the common case (room left) is small enough to inline into the loop;
        /// growing lives in a separate method that the JIT keeps out of line.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(T value)
        {
            T[]? buffer = _buffer;
            int count = _count;
            // The unsigned comparison also covers a null buffer's "no room" without a second
            // branch on the hot path, and lets the JIT drop the bounds check on the store.
            if (buffer is not null && (uint)count < (uint)buffer.Length)
            {
                buffer[count] = value;
                _count = count + 1;
            }
            else
            {
                PushWithGrowth(value);
            }
        }

        /// <summary>
        /// Keeps two values at once (in this order): what a block of a loop pushes at the end of
        /// each iteration goes on in one call, with one test for room, instead of one call per
        /// value. <see cref="PopFrame"/> and <see cref="At"/> read them back.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(T first, T second)
        {
            int count = _count;
            T[] buffer = Room(count, 2);
            Store(buffer, count, first);
            Store(buffer, count + 1, second);
            _count = count + 2;
        }

        /// <summary>Keeps three values at once, in this order (see <see cref="Push(T, T)"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(T first, T second, T third)
        {
            int count = _count;
            T[] buffer = Room(count, 3);
            Store(buffer, count, first);
            Store(buffer, count + 1, second);
            Store(buffer, count + 2, third);
            _count = count + 3;
        }

        /// <summary>Keeps four values at once, in this order (see <see cref="Push(T, T)"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(T first, T second, T third, T fourth)
        {
            int count = _count;
            T[] buffer = Room(count, 4);
            Store(buffer, count, first);
            Store(buffer, count + 1, second);
            Store(buffer, count + 2, third);
            Store(buffer, count + 3, fourth);
            _count = count + 4;
        }

        /// <summary>
        /// Makes room, before a loop, for what its iterations will push
        /// (<paramref name="iterations"/> × <paramref name="valuesPerIteration"/> values), so that
        /// the first call on a thread grows the buffer once instead of doubling it step by step,
        /// copying at every step. Nothing happens when there is room already (or no iteration).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Reserve(int iterations, int valuesPerIteration)
        {
            if (iterations <= 0 || valuesPerIteration <= 0)
            {
                return;
            }

            long needed = (long)iterations * valuesPerIteration;
            T[]? buffer = _buffer;
            if (buffer is null || buffer.Length - _count < needed)
            {
                // Past the largest array the pushes themselves will report the tape full.
                Grow((int)Math.Min(needed, MaximumCapacity - (long)_count));
            }
        }

        /// <summary>
        /// Takes the last <paramref name="count"/> values off the tape at once and gives the index
        /// of the first of them, which <see cref="At"/> reads (the first pushed at that index, the
        /// next at the index after it). They stay readable until the next push. Woven code pops
        /// exactly what it pushed: taking more than the tape holds means a weaver bug, and it throws.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int PopFrame(int count)
        {
            int start = _count - count;
            if (start < 0 || count < 0)
            {
                ThrowEmpty();
            }

            _count = start;
            return start;
        }

        /// <summary>
        /// The value at <paramref name="index"/> of the buffer: one of those the last
        /// <see cref="PopFrame"/> took off. Checked like any array read.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly T At(int index) => _buffer![index];

        /// <summary>
        /// Gives back the value pushed last. Woven code pops exactly what it pushed, in reverse
        /// order; popping an empty tape therefore means a weaver bug, and it throws rather than
        /// return a value that would make a derivative silently wrong.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T Pop()
        {
            T[]? buffer = _buffer;
            int index = _count - 1;
            // index is -1 when empty: as unsigned it is out of range, so one comparison checks
            // both emptiness and the bounds the JIT would otherwise check again.
            if (buffer is null || (uint)index >= (uint)buffer.Length)
            {
                ThrowEmpty();
            }

            _count = index;
            return buffer![index];
        }

        /// <summary>
        /// Ends the tape's use: the buffer goes back to the pool so the next call (on any thread)
        /// can rent it, and the tape is empty again and may be reused. Woven derivatives call it
        /// once at the end of every call; calling it again, or on a tape that never grew, does
        /// nothing. Values still on the tape are dropped.
        /// </summary>
        public void Release()
        {
            T[]? buffer = _buffer;
            _buffer = null;
            _count = 0;
            if (buffer is not null)
            {
#if NET8_0_OR_GREATER
                if (buffer.Length > s_capacityNeeded)
                {
                    s_capacityNeeded = buffer.Length;
                }
#endif
                ReturnBuffer(buffer);
            }
        }

        /// <summary>
        /// The buffer, with room for <paramref name="needed"/> more values after the
        /// <paramref name="count"/> kept (grown out of line when there is none).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T[] Room(int count, int needed)
        {
            T[]? buffer = _buffer;
            // count ≤ buffer.Length always, so the subtraction cannot go below zero.
            if (buffer is not null && buffer.Length - count >= needed)
            {
                return buffer;
            }

            return Grow(needed);
        }

        /// <summary>Stores without a bounds check where the runtime allows it: Room has made sure of the room.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(T[] buffer, int index, T value)
        {
#if NET8_0_OR_GREATER
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), index) = value;
#else
            buffer[index] = value;
#endif
        }

        /// <summary>A buffer with room for <paramref name="needed"/> more values than are kept, the kept ones copied into it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private T[] Grow(int needed)
        {
            T[]? old = _buffer;
            int count = _count;
            long wanted = (long)count + needed;
            long capacity = old is null ? InitialCapacity : old.Length;
#if NET8_0_OR_GREATER
            if (old is null)
            {
                capacity = Math.Max(capacity, s_capacityNeeded);
            }
#endif
            while (capacity < wanted)
            {
                capacity *= 2;
            }

            if (wanted > MaximumCapacity)
            {
                throw new InvalidOperationException(
                    $"AutoDiff tape is full: {count} values of {typeof(T)} are kept for the reverse sweep.");
            }

            T[] grown = RentBuffer((int)Math.Min(capacity, MaximumCapacity));
            if (old is not null)
            {
                Array.Copy(old, grown, count);
                ReturnBuffer(old);
            }

            _buffer = grown;
            return grown;
        }

        /// <summary>
        /// The slow path of <see cref="Push"/>: at most log2(n) times for n pushes, so it is kept
        /// out of line to keep the inlined fast path small.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void PushWithGrowth(T value)
        {
            int count = _count;
            Grow(1)[count] = value;
            _count = count + 1;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T[] RentBuffer(int minimumLength)
        {
#if NET8_0_OR_GREATER
            return ArrayPool<T>.Shared.Rent(minimumLength);
#else
            return new T[minimumLength];
#endif
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ReturnBuffer(T[] buffer)
        {
#if NET8_0_OR_GREATER
            // Values only (doubles, ints) can stay in the pooled array; references are cleared so
            // the pool does not keep objects alive.
            ArrayPool<T>.Shared.Return(buffer, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
#else
            _ = buffer;
#endif
        }

        // Not NoInlining: the JIT looks into a method that only throws, does not inline it, and
        // knows the call never returns, so values live across a Pop need not be saved around it
        // (every XMM register is caller-saved on x64 Unix: a call in a reverse loop, even on its
        // cold path, kept that loop's accumulators on the stack).
        private static void ThrowEmpty() =>
            throw new InvalidOperationException(
                "AutoDiff tape is empty: the reverse sweep popped more values than the forward sweep pushed. " +
                "This is a bug in the AutoDiff weaver; please report it.");
    }
}
