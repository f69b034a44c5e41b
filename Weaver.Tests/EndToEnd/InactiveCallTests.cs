using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Calls whose result carries no derivative: [Inactive] on a method and on a property, the
    /// assembly-level [InactiveFor] for a framework method (Random.NextDouble) and for a method
    /// the user does not annotate; what stays refused (a delegate, a method without IL) is AD4001
    /// at the call. Hand-derived values, Debug and Release IL.
    /// </summary>
    public sealed class InactiveCallTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
[assembly: InactiveFor(typeof(Random), nameof(Random.NextDouble))]
[assembly: InactiveFor(typeof(Legacy), nameof(Legacy.Jitter), ParameterTypes = new[] { typeof(double) })]

public static class Legacy
{
    public static double Jitter(double x) => 1e-3 * Math.Sin(1e3 * x);
    public static double Jitter(float x) => 0;
}

public static partial class I
{
    [Inactive]
    public static double Twice(double a) => 2 * a;

    [Inactive]
    public static double Scale { get; set; } = 3;

    [AutoDiffReverse(""TwiceRev"", Active, Active)]
    [AutoDiffForward(""TwiceFwd"", Dual, Dual)]
    public static double WithTwice(double x) => x * x + Twice(x) + Scale;

    [AutoDiffReverse(""RandomRev"", Active, Active)]
    public static double Noisy(double x)
    {
        var random = new Random(42);
        return x * random.NextDouble();
    }

    [AutoDiffReverse(""JitterRev"", Active, Active)]
    public static double Jittered(double x) => x + Legacy.Jitter(x);
}";

        [TestCase(false), TestCase(true)]
        public void AnInactiveHelperContributesNothing(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // x² + [2x] + [3]: only x² is differentiated.
            Assert.That(woven.Get<Func<double, double, (double, double)>>("I", "TwiceRev")(1.5, 1.0), Is.EqualTo((2.25 + 3 + 3, 3.0)));
            Assert.That(woven.Get<Func<double, double, (double, double)>>("I", "TwiceFwd")(1.5, 1.0), Is.EqualTo((2.25 + 3 + 3, 3.0)));
        }

        [TestCase(false), TestCase(true)]
        public void AssemblyLevelInactiveMethods(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var r = new Random(42).NextDouble();
            Assert.That(woven.Get<Func<double, double, (double, double)>>("I", "RandomRev")(2.0, 1.0), Is.EqualTo((2 * r, r)));
            var (_, dx) = woven.Get<Func<double, double, (double, double)>>("I", "JitterRev")(0.3, 1.0);
            Assert.That(dx, Is.EqualTo(1.0), "the jitter is declared inactive: its derivative (cos 300) is left out");
        }

        [TestCase(false), TestCase(true)]
        public void AD4001_ADelegateHandedAnActiveValue(bool optimize)
        {
            TestWeaver.Refused("using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Func<double, double> f, double x)
    {
        return f(x) * 2;
    }
}", optimize, "AD4001", "Func<double, double>.Invoke(double)", line: 6);
        }

        [TestCase(false), TestCase(true)]
        public void AD4001_AMethodWithoutIl(bool optimize)
        {
            TestWeaver.Refused("using System; using System.Runtime.InteropServices; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [DllImport(""libm"")] static extern double cbrt(double x);
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x)
    {
        return cbrt(x) * 2;
    }
}", optimize, "AD4001", "C.cbrt", line: 7);
        }
    }
}
