using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Two shapes no other test pinned down: values swapped inside a loop (the loop-carried
    /// adjoints must all be read before any is passed on), and `in`/`out` parameters end to end.
    /// Hand-derived values, central differences, both modes, Debug and Release IL.
    /// </summary>
    public sealed class SwapAndInOutTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class S
{
    [AutoDiffReverse(""SwapRev"", Active, Active, Const, Active)]
    [AutoDiffForward(""SwapFwd"", Dual, Dual, Const, Dual)]
    public static double Swap(double a, double b, int n)
    {
        for (int i = 0; i < n; i++) { var t = a; a = b; b = t; }
        return 2 * a + 3 * b * b;
    }

    [AutoDiffReverse(""RotateRev"", Active, Active, Const, Active)]
    public static double Rotate(double a, double b, int n)
    {
        for (int i = 0; i < n; i++) { var t = a; a = 1.1 * b; b = t * t * 0.5; }
        return 2 * a + 3 * b * b;
    }

    [AutoDiffReverse(""InOutRev"", Duplicated, Duplicated)]
    [AutoDiffForward(""InOutFwd"", Dual, Dual)]
    public static void InOut(in double x, out double y) { y = 3 * x * x; }
}";

        [TestCase(false, 3), TestCase(true, 3), TestCase(false, 4), TestCase(true, 4)]
        public void ValuesSwappedInsideALoop(bool optimize, int n)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var (a, b) = (0.7, 1.3);
            // n odd: 2b + 3a², n even: 2a + 3b².
            var expected = n % 2 == 1 ? (6 * a, 2.0) : (2.0, 6 * b);
            var (_, da, db) = woven.Get<Func<double, double, int, double, (double, double, double)>>("S", "SwapRev")(a, b, n, 1.0);
            Assert.That((da, db), Is.EqualTo(expected));
            var fwd = woven.Get<Func<double, double, double, double, int, (double, double)>>("S", "SwapFwd");
            Assert.That(fwd(a, 1, b, 0, n).Item2, Is.EqualTo(da));
            Assert.That(fwd(a, 0, b, 1, n).Item2, Is.EqualTo(db));

            var rotate = woven.Get<Func<double, double, int, double>>("S", "Rotate");
            var g = FiniteDifferences.Gradient(p => rotate(p[0], p[1], n), a, b);
            var (_, ra, rb) = woven.Get<Func<double, double, int, double, (double, double, double)>>("S", "RotateRev")(a, b, n, 1.0);
            Assert.That(ra, Is.EqualTo(g[0]).Within(1e-6), "∂a");
            Assert.That(rb, Is.EqualTo(g[1]).Within(1e-6), "∂b");
        }

        private delegate void InOutRev(in double x, ref double dx, out double y, ref double dy);

        private delegate void InOutFwd(in double x, ref double dx, out double y, ref double dy);

        [TestCase(false), TestCase(true)]
        public void InAndOutParameters(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // y = 3x²: the seed in dy (2) gives dx += 6x·2, and dy is reset to 0.
            double x = 1.5, dx = 0.25, dy = 2.0;
            woven.Get<InOutRev>("S", "InOutRev")(in x, ref dx, out var y, ref dy);
            Assert.That((y, dx, dy), Is.EqualTo((6.75, 0.25 + 18.0, 0.0)));
            double tx = 1.0, ty = 99;
            woven.Get<InOutFwd>("S", "InOutFwd")(in x, ref tx, out var y2, ref ty);
            Assert.That((y2, ty), Is.EqualTo((6.75, 9.0)), "the tangent of y is 6x·ẋ, overwritten");
        }
    }
}
