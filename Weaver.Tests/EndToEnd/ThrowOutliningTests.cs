using System;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Validation with an interpolated message (`throw new ArgumentException($"…{x:F2}…")`) in
    /// differentiated code: the throw run is moved into a method of the primal's type that the
    /// derivative calls (CallInliner.ThrowOutlining.cs). Derivatives against central differences
    /// and the other mode; the derivative throws the primal's exception with the primal's message,
    /// from the primal, an inlined helper and a loop; one moved method per run shared by both
    /// modes; a refused weave leaves the module as it was (TestWeaver.Refused compares images).
    /// Debug and Release IL.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class ThrowOutliningTests
    {
        private readonly bool _optimize;

        public ThrowOutliningTests(bool optimize) => _optimize = optimize;

        private const string Usings = "using System; using AutoDiff; using static AutoDiff.Activity;\n";

        private const string Source = Usings + @"
public static partial class V
{
    [AutoDiffReverse(""FRev"", Active, Const, Active)]
    [AutoDiffForward(""FFwd"", Dual, Const, Dual)]
    public static double F(double a, int n)
    {
        if (a < -100) throw new ArgumentOutOfRangeException(nameof(a), $""a = {a:F2} is below -100 (n = {n})"");
        return Checked(a * a, n) + Math.Sin(a);
    }

    private static double Checked(double v, int n)
    {
        if (v > 1e6) throw new InvalidOperationException($""{v} overflows for n = {n}"");
        return v * n;
    }

    [AutoDiffReverse(""SumRev"", Duplicated, Active)]
    public static double Sum(double[] xs)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            if (double.IsNaN(xs[i])) throw new ArgumentException($""xs[{i}] is NaN"", nameof(xs));
            s += xs[i] * xs[i];
        }
        return s;
    }
}";

        private static double F(double a, int n) => a * a * n + Math.Sin(a);

        [Test]
        public void Derivatives_of_validated_code()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            var rev = woven.Get<Func<double, int, double, (double, double)>>("V", "FRev");
            var fwd = woven.Get<Func<double, double, int, (double, double)>>("V", "FFwd");
            foreach (var a in new[] { -2.5, 0.3, 4.0 })
            {
                var (value, da) = rev(a, 3, 1.0);
                Assert.That(value, Is.EqualTo(F(a, 3)));
                Assert.That(da, Is.EqualTo(FiniteDifferences.Derivative(x => F(x, 3), a)).Within(1e-6 * (1 + Math.Abs(da))));
                Assert.That(fwd(a, 1.0, 3).Item2, Is.EqualTo(da).Within(1e-12));
            }
            var sum = woven.Get<Func<double[], double[], double, double>>("V", "SumRev");
            var dx = new double[3];
            Assert.That(sum(new[] { 1.0, -2.0, 0.5 }, dx, 1.0), Is.EqualTo(5.25));
            Assert.That(dx, Is.EqualTo(new[] { 2.0, -4.0, 1.0 }));
        }

        [Test]
        public void The_derivative_throws_what_the_primal_throws()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            var primal = woven.Get<Func<double, int, double>>("V", "F");
            var rev = woven.Get<Func<double, int, double, (double, double)>>("V", "FRev");
            var fwd = woven.Get<Func<double, double, int, (double, double)>>("V", "FFwd");
            var expected = Assert.Throws<ArgumentOutOfRangeException>(() => primal(-123.456, 7))!;
            Assert.That(expected.Message, Does.Contain("a = -123.46 is below -100 (n = 7)"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => rev(-123.456, 7, 1.0))!.Message, Is.EqualTo(expected.Message));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => fwd(-123.456, 1.0, 7))!.Message, Is.EqualTo(expected.Message));
            // From the inlined helper, and from inside a loop.
            Assert.That(Assert.Throws<InvalidOperationException>(() => rev(2000, 2, 1.0))!.Message, Is.EqualTo("4000000 overflows for n = 2"));
            var sum = woven.Get<Func<double[], double[], double, double>>("V", "SumRev");
            var thrown = Assert.Throws<ArgumentException>(() => sum(new[] { 1.0, double.NaN }, new double[2], 1.0))!;
            Assert.That(thrown.Message, Does.StartWith("xs[1] is NaN"));
            Assert.That(thrown.ParamName, Is.EqualTo("xs"));
        }

        [Test]
        public void One_moved_method_per_run_for_both_modes()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, _optimize);
            var type = woven.Assembly.GetType("V", throwOnError: true)!;
            var moved = type.GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Where(m => m.Name.Contains("$throw")).Select(m => m.Name).ToList();
            // F's own check, Checked's (inlined into both derivatives of F), Sum's: three runs, each moved once.
            Assert.That(moved, Has.Count.EqualTo(3), string.Join(", ", moved));
        }

        [Test]
        public void A_refused_weave_leaves_no_moved_method()
        {
            TestWeaver.Refused(Usings + @"public static partial class R {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(double[] v)
    {
        if (v.Length == 0) throw new ArgumentException($""empty: {v.Length}"");
        Array.Sort(v);
        return v[0] * v[0];
    }
}", _optimize, "AD4001", "Array.Sort", 7);
        }
    }
}
