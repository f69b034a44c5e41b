using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// Spans at the edges: a Const span is read like any Const input; a span made inside a loop
    /// that the reverse sweep would need again cannot be kept (a ref struct has no tape), which is
    /// AD4004 at the span's making, never an internal error.
    /// </summary>
    public sealed class SpanWeaveTests
    {
        [TestCase(false, "Reverse", "Active, Const, Active"), TestCase(true, "Reverse", "Active, Const, Active")]
        [TestCase(false, "Forward", "Dual, Const, Dual"), TestCase(true, "Forward", "Dual, Const, Dual")]
        public void AConstSpanIsReadLikeAnyConstInput(bool optimize, string mode, string activities)
        {
            var source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiff" + mode + @"(""D"", " + activities + @")]
    public static double F(double x, ReadOnlySpan<double> w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] * x;
        return s;
    }
}";
            var outcome = TestWeaver.Weave(source, optimize);
            Assert.That(outcome.Diagnostics, Is.Empty, string.Join("\n", outcome.Diagnostics));
            using var woven = WovenAssembly.Load(outcome.Module);
            var d = woven.Assembly.GetType("C")!.GetMethod("D")!;
            Assert.That(d, Is.Not.Null, "woven and JIT-compiled; the end-to-end span tests run such derivatives");
        }

        [TestCase(false), TestCase(true)]
        public void AD4004_ASpanMadeInsideALoopThatTheReverseSweepNeeds(bool optimize)
        {
            var source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            Span<double> pair = x.AsSpan(i, 2);
            s += pair[0] * pair[1];
        }
        return s;
    }
}";
            var outcome = TestWeaver.Weave(source, optimize);
            Assert.That(outcome.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", outcome.Diagnostics));
            var d = outcome.Diagnostics[0];
            Assert.That(d.Code, Is.EqualTo("AD4004"), d.ToString());
            Assert.That(d.Message, Does.Contain("made inside a loop"), d.ToString());
            Assert.That(outcome.Result.DerivativesWritten, Is.EqualTo(0));
        }
    }
}
