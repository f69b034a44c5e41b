using System;
using System.Linq;
using System.Threading.Tasks;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Derivatives that keep a tape (its buffers pooled) called from 8 threads at once give, call
    /// for call, what a single thread gets: a tape belongs to its call, the pool is shared safely.
    /// </summary>
    public sealed class ConcurrencyTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class T
{
    [AutoDiffReverse(""ChainRev"", Duplicated, Active)]
    public static double Chain(double[] x) { double p = 1; foreach (var v in x) p = Math.Sin(p * v + 0.5); return p; }
}";

        [Test]
        public void EightThreadsAgreeWithOne()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize: true);
            var rev = woven.Get<Func<double[], double[], double, double>>("T", "ChainRev");
            const int calls = 400;
            double[] Input(int k) => Enumerable.Range(0, 50 + k % 37).Select(i => Math.Sin(k * 0.37 + i * 0.11)).ToArray();
            var expected = Enumerable.Range(0, calls).Select(k =>
            {
                var g = new double[Input(k).Length];
                var value = rev(Input(k), g, 1.0);
                return (value, g);
            }).ToArray();
            var mismatches = 0;
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
            {
                for (int round = 0; round < 5; round++)
                {
                    for (int k = thread; k < calls; k += 3)
                    {
                        var g = new double[Input(k).Length];
                        var value = rev(Input(k), g, 1.0);
                        if (value != expected[k].value || !g.SequenceEqual(expected[k].g)) System.Threading.Interlocked.Increment(ref mismatches);
                    }
                }
            });
            Assert.That(mismatches, Is.EqualTo(0));
        }
    }
}
