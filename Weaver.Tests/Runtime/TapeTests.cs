using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Runtime
{
    /// <summary>
    /// <see cref="Tape{T}"/>, the stack woven reverse sweeps of loops read back: order, growth,
    /// reuse, allocation, threads, and the member signatures woven code calls by name.
    /// </summary>
    public sealed class TapeTests
    {
        [Test]
        public void DoublesComeBackInReverseOrder() =>
            AssertLifo(10_000, i => Math.Sin(i) * 1e3 + i);

        [Test]
        public void FloatsComeBackInReverseOrder() =>
            AssertLifo(10_000, i => MathF.Cos(i) - i);

        [Test]
        public void IntsComeBackInReverseOrder() =>
            AssertLifo(10_000, i => i * 7919 - 5);

        [Test]
        public void ReferencesComeBackInReverseOrder() =>
            AssertLifo(300, i => "value " + i);

        [Test]
        public void GrowthAcrossSeveralDoublingsKeepsEveryValue()
        {
            var tape = default(Tape<double>);
            // On a thread that needed no more before, 16 → 32 → ... → 8192: nine doublings; check at
            // each boundary that nothing was lost.
            for (var i = 0; i < 5000; i++)
            {
                tape.Push(i + 0.5);
                Assert.That(tape.Count, Is.EqualTo(i + 1));
            }

            for (var i = 4999; i >= 0; i--)
            {
                Assert.That(tape.Pop(), Is.EqualTo(i + 0.5));
                Assert.That(tape.Count, Is.EqualTo(i));
            }

            tape.Release();
        }

        [Test]
        public void TheNextTapeOnAThreadStartsAsLongAsTheLongestItNeeded()
        {
            // A derivative called again and again should rent its buffer once per call, not double
            // up from 16 with a copy at each step: the runtime remembers per thread what tapes needed.
            int first = -1, next = -1, otherThread = -1;
            var thread = new Thread(() =>
            {
                var tape = default(Tape<double>);
                for (var i = 0; i < 5000; i++) tape.Push(i);
                first = BufferLength(ref tape);
                tape.Release();
                var again = default(Tape<double>);
                again.Push(1);
                next = BufferLength(ref again);
                again.Pop();
                again.Release();
            });
            thread.Start();
            thread.Join();
            var other = new Thread(() =>
            {
                var tape = default(Tape<double>);
                tape.Push(1);
                otherThread = BufferLength(ref tape);
                tape.Release();
            });
            other.Start();
            other.Join();
            Assert.That(first, Is.GreaterThanOrEqualTo(5000));
            Assert.That(next, Is.GreaterThanOrEqualTo(first), "the second tape starts at the first one's length");
            Assert.That(otherThread, Is.LessThan(5000), "another thread starts small");
        }

        [Test]
        public void ReservingMakesRoomOnceForWhatTheLoopWillPush()
        {
            int reserved = -1, afterPushes = -1, afterSecond = -1;
            var thread = new Thread(() =>
            {
                var tape = default(Tape<double>);
                tape.Push(0.5);
                tape.Reserve(1000, 3);
                reserved = BufferLength(ref tape);
                for (var i = 0; i < 1000; i++) tape.Push(i, i + 0.25, i + 0.5);
                afterPushes = BufferLength(ref tape);
                tape.Reserve(0, 3);
                tape.Reserve(-5, 3);
                tape.Reserve(10, 0);
                tape.Reserve(2, 2);
                afterSecond = BufferLength(ref tape);
                for (var i = 999; i >= 0; i--)
                {
                    int start = tape.PopFrame(3);
                    Assert.That((tape.At(start), tape.At(start + 1), tape.At(start + 2)), Is.EqualTo((i + 0.0, i + 0.25, i + 0.5)));
                }
                Assert.That(tape.Pop(), Is.EqualTo(0.5));
                tape.Release();
            });
            thread.Start();
            thread.Join();
            Assert.That(reserved, Is.GreaterThanOrEqualTo(3001), "room for the value kept and the 3000 to come");
            Assert.That(afterPushes, Is.EqualTo(reserved), "the pushes found the room and did not grow the buffer");
            Assert.That(afterSecond, Is.EqualTo(reserved), "no room needed, none made");
        }

        private static int BufferLength<T>(ref Tape<T> tape) =>
            ((T[]?)typeof(Tape<T>).GetField("_buffer", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(tape))?.Length ?? 0;

        [Test]
        public void InterleavedPushAndPopAcrossAGrowth()
        {
            var tape = default(Tape<int>);
            for (var i = 0; i < 20; i++)
            {
                tape.Push(i);
            }

            Assert.That(tape.Pop(), Is.EqualTo(19));
            Assert.That(tape.Pop(), Is.EqualTo(18));
            for (var i = 100; i < 140; i++)
            {
                tape.Push(i);
            }

            Assert.That(tape.Count, Is.EqualTo(58));
            var popped = Enumerable.Range(0, 58).Select(_ => tape.Pop()).ToArray();
            var expected = Enumerable.Range(100, 40).Reverse().Concat(Enumerable.Range(0, 18).Reverse());
            Assert.That(popped, Is.EqualTo(expected));
            tape.Release();
        }

        [Test]
        public void DefaultTapeIsEmptyAndReleasingItDoesNothing()
        {
            var tape = default(Tape<double>);
            Assert.That(tape.Count, Is.Zero);
            tape.Release();
            tape.Release();
            Assert.That(tape.Count, Is.Zero);
        }

        [Test]
        public void PoppingAnEmptyTapeThrows()
        {
            var tape = default(Tape<double>);
            Assert.That(() => tape.Pop(), Throws.InvalidOperationException.With.Message.Contains("empty"));
            tape.Push(1);
            tape.Pop();
            Assert.That(() => tape.Pop(), Throws.InvalidOperationException);
        }

        [Test]
        public void ReleaseEmptiesTheTapeAndItCanBeUsedAgain()
        {
            var tape = default(Tape<double>);
            for (var round = 0; round < 5; round++)
            {
                var n = 10 + 300 * round;
                for (var i = 0; i < n; i++)
                {
                    tape.Push(round * 1e6 + i);
                }

                // Leave some values behind: Release drops them.
                for (var i = n - 1; i >= n / 2; i--)
                {
                    Assert.That(tape.Pop(), Is.EqualTo(round * 1e6 + i));
                }

                tape.Release();
                Assert.That(tape.Count, Is.Zero);
                Assert.That(() => tape.Pop(), Throws.InvalidOperationException, "nothing from the last round survives");
            }
        }

        [Test]
        public void SteadyStateAllocatesNothing()
        {
            // The woven pattern: a tape local per call, filled by the forward sweep, drained by the
            // reverse sweep, released at the end. Once the pool holds the buffers, calls in a loop
            // must not allocate.
            static double Cycle()
            {
                var tape = default(Tape<double>);
                for (var i = 0; i < 1000; i++)
                {
                    tape.Push(i);
                }

                var sum = 0.0;
                for (var i = 0; i < 1000; i++)
                {
                    sum += tape.Pop();
                }

                tape.Release();
                return sum;
            }

            for (var i = 0; i < 10; i++)
            {
                Cycle();
            }

            // The fewest bytes of three windows: ArrayPool.Shared drops its cached arrays when a
            // gen-2 collection runs (other tests run beside this one), and the next rent then
            // allocates once. An allocation per cycle would show in every window.
            var allocated = long.MaxValue;
            for (var window = 0; window < 3 && allocated != 0; window++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var total = 0.0;
                for (var i = 0; i < 1000; i++)
                {
                    total += Cycle();
                }

                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
                Assert.That(total, Is.EqualTo(1000 * 999 * 1000 / 2.0));
            }

            Assert.That(allocated, Is.Zero, "bytes allocated over 1000 push-1000/pop-1000/Release cycles");
        }

        [Test]
        public void TapesOnSeveralThreadsAtOnceStayIndependent()
        {
            const int Threads = 8;
            const int Rounds = 200;
            using var start = new Barrier(Threads);
            var failures = new string?[Threads];
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    for (var round = 0; round < Rounds; round++)
                    {
                        var tape = default(Tape<double>);
                        var n = 1 + (t * 37 + round * 101) % 3000;
                        for (var i = 0; i < n; i++)
                        {
                            tape.Push(t * 1e7 + round * 1e4 + i);
                        }

                        for (var i = n - 1; i >= 0; i--)
                        {
                            var value = tape.Pop();
                            if (value != t * 1e7 + round * 1e4 + i)
                            {
                                failures[t] = $"thread {t}, round {round}, index {i}: popped {value}";
                                return;
                            }
                        }

                        tape.Release();
                    }
                }
                catch (Exception e)
                {
                    failures[t] = $"thread {t}: {e}";
                }
            })).ToArray();

            foreach (var thread in threads)
            {
                thread.Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            Assert.That(failures, Is.All.Null);
        }

        [Test]
        public void MembersWovenCodeCallsByNameKeepTheirSignatures()
        {
            // The weaver emits `call instance void valuetype AutoDiff.Tape`1<!0>::Push(!0)` and the
            // like: renaming or re-typing any of these breaks every woven assembly.
            var open = typeof(Tape<>);
            var t = open.GetGenericArguments()[0];
            Assert.That(open.IsValueType, Is.True);
            Assert.That(open.FullName, Is.EqualTo("AutoDiff.Tape`1"));
            Assert.That(open.Assembly.GetName().Name, Is.EqualTo("AutoDiff.Runtime"));

            for (int n = 1; n <= 4; n++)
            {
                var push = open.GetMethod("Push", Enumerable.Repeat(t, n).ToArray())!;
                Assert.That(push, Is.Not.Null, $"Push of {n} values");
                Assert.That(push.ReturnType, Is.EqualTo(typeof(void)));
            }

            var popFrame = open.GetMethod("PopFrame", BindingFlags.Public | BindingFlags.Instance)!;
            Assert.That(popFrame.ReturnType, Is.EqualTo(typeof(int)));
            Assert.That(popFrame.GetParameters().Select(p => p.ParameterType), Is.EqualTo(new[] { typeof(int) }));

            var reserve = open.GetMethod("Reserve", BindingFlags.Public | BindingFlags.Instance)!;
            Assert.That(reserve.ReturnType, Is.EqualTo(typeof(void)));
            Assert.That(reserve.GetParameters().Select(p => p.ParameterType), Is.EqualTo(new[] { typeof(int), typeof(int) }));

            var at = open.GetMethod("At", BindingFlags.Public | BindingFlags.Instance)!;
            Assert.That(at.ReturnType, Is.EqualTo(t));
            Assert.That(at.GetParameters().Select(p => p.ParameterType), Is.EqualTo(new[] { typeof(int) }));

            var pop = open.GetMethod("Pop", BindingFlags.Public | BindingFlags.Instance)!;
            Assert.That(pop.ReturnType, Is.EqualTo(t));
            Assert.That(pop.GetParameters(), Is.Empty);

            var count = open.GetProperty("Count", BindingFlags.Public | BindingFlags.Instance)!;
            Assert.That(count.PropertyType, Is.EqualTo(typeof(int)));
            Assert.That(count.CanWrite, Is.False);

            var release = open.GetMethod("Release", BindingFlags.Public | BindingFlags.Instance)!;
            Assert.That(release.ReturnType, Is.EqualTo(typeof(void)));
            Assert.That(release.GetParameters(), Is.Empty);

            var publicMembers = open.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.That(publicMembers.Distinct(), Is.EqualTo(new[] { "At", "Count", "Pop", "PopFrame", "Push", "Release", "Reserve", "get_Count" }));
        }

        [Test]
        public void ValuesPushedSeveralAtATimeComeBackByFrameInPushOrder()
        {
            // Frames of 1 to 4 values, mixed with single pushes, across several growths of the buffer
            // (a fresh thread starts from the smallest buffer).
            double[]? read = null;
            var thread = new Thread(() =>
            {
                var tape = default(Tape<double>);
                var frames = new System.Collections.Generic.List<double[]>();
                for (int i = 0; i < 2000; i++)
                {
                    var frame = Enumerable.Range(0, 1 + i % 4).Select(k => i * 10.0 + k + 0.25).ToArray();
                    switch (frame.Length)
                    {
                        case 1: tape.Push(frame[0]); break;
                        case 2: tape.Push(frame[0], frame[1]); break;
                        case 3: tape.Push(frame[0], frame[1], frame[2]); break;
                        default: tape.Push(frame[0], frame[1], frame[2], frame[3]); break;
                    }
                    frames.Add(frame);
                }
                Assert.That(tape.Count, Is.EqualTo(frames.Sum(f => f.Length)));
                var back = new System.Collections.Generic.List<double>();
                for (int i = frames.Count - 1; i >= 0; i--)
                {
                    int start = tape.PopFrame(frames[i].Length);
                    Assert.That(tape.Count, Is.EqualTo(start));
                    for (int k = 0; k < frames[i].Length; k++) back.Add(tape.At(start + k));
                }
                read = back.ToArray();
                tape.Release();
            });
            thread.Start();
            thread.Join();

            var expected = Enumerable.Range(0, 2000).Reverse().SelectMany(i => Enumerable.Range(0, 1 + i % 4).Select(k => i * 10.0 + k + 0.25));
            Assert.That(read, Is.EqualTo(expected));
        }

        [Test]
        public void TakingAFrameLargerThanTheTapeThrows()
        {
            var tape = default(Tape<double>);
            tape.Push(1.0, 2.0);
            Assert.Throws<InvalidOperationException>(() => tape.PopFrame(3));
            Assert.That(tape.PopFrame(2), Is.EqualTo(0));
            Assert.Throws<InvalidOperationException>(() => tape.PopFrame(1));
            Assert.Throws<InvalidOperationException>(() => default(Tape<int>).PopFrame(1));
        }

        private static void AssertLifo<T>(int n, Func<int, T> value)
        {
            var tape = default(Tape<T>);
            for (var i = 0; i < n; i++)
            {
                tape.Push(value(i));
            }

            Assert.That(tape.Count, Is.EqualTo(n));
            for (var i = n - 1; i >= 0; i--)
            {
                var popped = tape.Pop();
                if (!Equals(popped, value(i)))
                {
                    Assert.Fail($"pop {n - i}: expected value {i} ({value(i)}), got {popped}");
                }
            }

            Assert.That(tape.Count, Is.Zero);
            tape.Release();
        }
    }
}
