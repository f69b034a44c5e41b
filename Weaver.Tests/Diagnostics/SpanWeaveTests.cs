using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// Spans at the edges: a Const span is read like any Const input; a span made inside a loop
    /// that the reverse sweep needs again cannot be kept (a ref struct has no tape) but is rebuilt
    /// from its pieces; one that cannot be rebuilt (chosen on different paths, returned by a call
    /// that the reverse sweep will not make again, over stackalloc memory whose shadow it cannot
    /// find again) is AD4004, never an internal error.
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
        public void ASpanMadeInsideALoopIsRebuiltByTheReverseSweep(bool optimize)
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
            Assert.That(outcome.Diagnostics, Is.Empty, string.Join("\n", outcome.Diagnostics));
            using var woven = WovenAssembly.Load(outcome.Module);
            var d = woven.Assembly.GetType("C")!.GetMethod("D")!;
            var x = new[] { 2.0, -1.0, 3.0 };
            var dx = new double[3];
            Assert.That(d.Invoke(null, new object[] { x, dx, 1.0 }), Is.EqualTo(2.0 * -1.0 + -1.0 * 3.0));
            Assert.That(dx, Is.EqualTo(new[] { -1.0, 2.0 + 3.0, -1.0 }), "∂/∂x_i Σ x_k x_{k+1} = x_{i-1} + x_{i+1}");
        }

        [TestCase(false), TestCase(true)]
        public void AD4004_ASpanChosenOnDifferentPathsInsideALoop(bool optimize)
        {
            var source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Duplicated, Active)]
    public static double F(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            Span<double> pair = i % 2 == 0 ? x.AsSpan(i, 2) : y.AsSpan(i, 2);
            s += pair[0] * pair[1];
        }
        return s;
    }
}";
            TestWeaver.Refused(source, optimize, "AD4004", "made inside a loop and chosen on different paths", line: 9);
        }

        [TestCase(false), TestCase(true)]
        public void ASpanReturnedByAHelperInsideALoop(bool optimize)
        {
            var source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            Span<double> pair = Pair(x, i);
            s += pair[0] * pair[1];
        }
        return s;
    }

    private static Span<double> Pair(double[] x, int i) => x.AsSpan(i, 2);
}";
            // The helper is inlined: its AsSpan is rebuilt in the reverse sweep like any other.
            using var woven = TestWeaver.WeaveAndLoad(source, optimize);
            var x = new[] { 1.0, 2.0, 3.0, 4.0 };
            var dx = new double[4];
            var value = woven.Get<System.Func<double[], double[], double, double>>("C", "D")(x, dx, 1.0);
            Assert.That(value, Is.EqualTo(1 * 2 + 2 * 3 + 3 * 4.0));
            Assert.That(dx, Is.EqualTo(new[] { 2.0, 1 + 3.0, 2 + 4.0, 3.0 }), "∂(Σ xᵢxᵢ₊₁)/∂xⱼ = xⱼ₋₁ + xⱼ₊₁");
        }

        [TestCase(false), TestCase(true)]
        public void AD4004_AStackAllocSpanInsideALoop(bool optimize)
        {
            var source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            Span<double> t = stackalloc double[2];
            t[0] = x[i] * x[i + 1];
            t[1] = t[0] * x[i];
            s += t[1] * t[0];
        }
        return s;
    }
}";
            TestWeaver.Refused(source, optimize, "AD4004", "a span over stackalloc memory made inside a loop", line: 9);
        }
    }
}
