using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// Until differentiation gives spans shadows, a derivative of a method that computes with a
    /// span (even a Const one, which the frontend now reads) is AD4004 at the first span read,
    /// never an internal error; nothing is written.
    /// </summary>
    public sealed class SpanWeaveTests
    {
        [TestCase(false, "Reverse", "Active, Const, Active"), TestCase(true, "Reverse", "Active, Const, Active")]
        [TestCase(false, "Forward", "Dual, Const, Dual"), TestCase(true, "Forward", "Dual, Const, Dual")]
        public void AD4004_ASpanIsReadButNotDifferentiatedYet(bool optimize, string mode, string activities)
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
            Assert.That(outcome.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", outcome.Diagnostics));
            var d = outcome.Diagnostics[0];
            Assert.That(d.Code, Is.EqualTo("AD4004"), d.ToString());
            Assert.That(d.Message, Does.Contain("'F' computes with the span value parameter 'w' of type ReadOnlySpan<double>"), d.ToString());
            Assert.That(d.Location!.Line, Is.EqualTo(7), d.ToString());
            Assert.That(outcome.Result.DerivativesWritten, Is.EqualTo(0));
        }
    }
}
