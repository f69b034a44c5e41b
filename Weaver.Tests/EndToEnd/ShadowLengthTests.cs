using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// A shadow shorter than its argument (or missing) is refused on entry with an ArgumentException
    /// that names the parameter and both lengths, in both modes and for spans, instead of an index
    /// error from deep inside the derivative; a longer one is fine.
    /// </summary>
    public sealed class ShadowLengthTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class L
{
    [AutoDiffReverse(""SumRev"", Duplicated, Active)]
    [AutoDiffForward(""SumFwd"", Dual, Dual)]
    [AutoDiffForward(""SumFwd2"", 2, Dual, Dual)]
    public static double Sum(double[] x) { double s = 0; foreach (var v in x) s += v * v; return s; }

    [AutoDiffReverse(""SpanRev"", Duplicated, Active)]
    public static double SpanSum(ReadOnlySpan<double> x) { double s = 0; foreach (var v in x) s += v * v; return s; }
}";

        private delegate double SpanRev(ReadOnlySpan<double> x, Span<double> dx, double seed);

        [TestCase(false), TestCase(true)]
        public void AShortShadowIsRefusedOnEntry(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var rev = woven.Get<Func<double[], double[], double, double>>("L", "SumRev");
            var e = Assert.Throws<ArgumentException>(() => rev(new[] { 1.0, 2.0, 3.0 }, new double[2], 1.0))!;
            Assert.That(e.Message, Does.Contain("'SumRev': the shadow 'dx' of 'x'").And.Contain("has 2 elements but the argument has 3"));
            Assert.That(Assert.Throws<ArgumentException>(() => rev(new[] { 1.0 }, null!, 1.0))!.Message, Does.Contain("the shadow is null"));
            var longer = new double[4];
            Assert.That(rev(new[] { 1.0, 2.0, 3.0 }, longer, 1.0), Is.EqualTo(14.0));
            Assert.That(longer, Is.EqualTo(new[] { 2.0, 4.0, 6.0, 0.0 }), "a longer shadow is fine");

            var fwd = woven.Get<Func<double[], double[], (double, double)>>("L", "SumFwd");
            Assert.Throws<ArgumentException>(() => fwd(new[] { 1.0, 2.0 }, new double[1]));
            var fwd2 = woven.Get<Func<double[], double[], double[], (double, double, double)>>("L", "SumFwd2");
            Assert.That(Assert.Throws<ArgumentException>(() => fwd2(new[] { 1.0, 2.0 }, new double[2], new double[1]))!.Message, Does.Contain("'dx_1'"));

            var span = woven.Get<SpanRev>("L", "SpanRev");
            Assert.That(Assert.Throws<ArgumentException>(() => span(new[] { 1.0, 2.0 }, new double[1], 1.0))!.Message, Does.Contain("has 1 elements but the argument has 2"));
        }
    }
}
