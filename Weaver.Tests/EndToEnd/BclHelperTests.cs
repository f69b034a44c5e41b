using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Framework helpers that carry no derivative: argument guards (ThrowIfNull, ThrowIfNegative,
    /// ThrowIfGreaterThan) and Array.BinarySearch are inactive (the guards still throw), and
    /// double.CreateChecked / float.CreateTruncating on the type itself are conversions; what a
    /// data move cannot carry stays refused. Memory analysis: a copy into an array is a write, so
    /// the reverse sweep never reads again what the copy overwrote. Central differences and the
    /// other mode, Debug and Release IL.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class BclHelperTests
    {
        private readonly bool _optimize;

        public BclHelperTests(bool optimize) => _optimize = optimize;

        private const string Usings = "using System; using AutoDiff; using static AutoDiff.Activity;\n";

        private delegate double GuardRev(double[] a, double[] da, int n, double dret);

        private delegate (double, double) GuardFwd(double[] a, double[] da, int n);

        private static double Guarded(double[] a, int n)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentOutOfRangeException.ThrowIfNegative(n);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(a[0], 10.0);
            int k = Array.BinarySearch(a, 1, a.Length - 1, 0.5);
            if (k < 0) k = ~k;
            return a[Math.Min(k, a.Length - 1)] * a[0] * n + Math.Sin(a[n]);
        }

        [Test]
        public void GuardsAndBinarySearchAreInactive()
        {
            using var woven = TestWeaver.WeaveAndLoad(Usings + @"public static partial class G {
    [AutoDiffReverse(""D"", Duplicated, Const, Active)]
    [AutoDiffForward(""T"", Dual, Const, Dual)]
    public static double F(double[] a, int n)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(a[0], 10.0);
        int k = Array.BinarySearch(a, 1, a.Length - 1, 0.5);
        if (k < 0) k = ~k;
        return a[Math.Min(k, a.Length - 1)] * a[0] * n + Math.Sin(a[n]);
    }
}", _optimize);
            var point = new[] { 0.9, -1.0, 0.2, 0.7, 1.5 };
            var expected = FiniteDifferences.Gradient(x => Guarded(x, 2), (double[])point.Clone());
            var da = new double[5];
            var value = woven.Get<GuardRev>("G", "D")((double[])point.Clone(), da, 2, 1.0);
            Assert.That(value, Is.EqualTo(Guarded(point, 2)));
            Assert.That(da[3], Is.Not.EqualTo(0), "the element found carries a derivative");
            for (int k = 0; k < 5; k++) Assert.That(da[k], Is.EqualTo(expected[k]).Within(1e-6), $"∂a[{k}]");
            var direction = new[] { 0.5, 1.0, -2.0, 0.25, 3.0 };
            var (fvalue, tangent) = woven.Get<GuardFwd>("G", "T")((double[])point.Clone(), direction, 2);
            Assert.That(fvalue, Is.EqualTo(value));
            Assert.That(tangent, Is.EqualTo(da.Zip(direction, (g, v) => g * v).Sum()).Within(1e-12));

            Assert.Throws<ArgumentNullException>(() => woven.Get<GuardRev>("G", "D")(null!, da, 2, 1.0));
            Assert.Throws<ArgumentOutOfRangeException>(() => woven.Get<GuardRev>("G", "D")((double[])point.Clone(), da, -1, 1.0));
            Assert.Throws<ArgumentOutOfRangeException>(() => woven.Get<GuardFwd>("G", "T")(new[] { 11.0, 0, 0 }, new double[3], 1));
        }

        private delegate (double, double) ConvRev(double x, int n, double dret);

        private delegate (double, double) ConvFwd(double x, double dx, int n);

        [Test]
        public void CreateCheckedOnConcreteTypesIsAConversion()
        {
            using var woven = TestWeaver.WeaveAndLoad(Usings + @"public static partial class K {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    [AutoDiffForward(""T"", Dual, Const, Dual)]
    public static double F(double x, int n) =>
        double.CreateChecked(x) * double.CreateChecked(n) * x + double.CreateTruncating(float.CreateChecked(x) * 2f) + Math.Sin(double.CreateSaturating(x));
}", _optimize);
            static double Primal(double x, int n) => x * n * x + (double)((float)x * 2f) + Math.Sin(x);
            var (value, dx) = woven.Get<ConvRev>("K", "D")(0.8, 3, 1.0);
            Assert.That(value, Is.EqualTo(Primal(0.8, 3)));
            // By hand: central differences would step across float's rounding.
            Assert.That(dx, Is.EqualTo(2 * 3 * 0.8 + 2 + Math.Cos(0.8)).Within(1e-6), "d/dx");
            var (fvalue, tangent) = woven.Get<ConvFwd>("K", "T")(0.8, 1.0, 3);
            Assert.That(fvalue, Is.EqualTo(value));
            Assert.That(tangent, Is.EqualTo(dx).Within(1e-12));
        }

        private delegate double TwoRev(double[] a, double[] da, double[] c, double[] dc, double dret);

        /// <summary>
        /// The value read from c[0] is needed again by the reverse sweep (for cos), and a copy
        /// overwrites c[0] afterwards: were the copy not a write, the reverse sweep would read
        /// c[0] again and get a[0]. Both arrays Duplicated, so c is checked as a write target;
        /// the unfused weave too (the loop after it is taped then).
        /// </summary>
        [TestCase(true), TestCase(false)]
        public void ACopyIsAWriteForMemoryReadAgain(bool fused)
        {
            var source = Usings + @"public static partial class W {
    [AutoDiffReverse(""D"", Duplicated, Duplicated, Active)]
    public static double F(double[] a, double[] c)
    {
        double y = Math.Sin(c[0] * c[1]);
        Array.Copy(a, 0, c, 0, 2);
        double s = y;
        for (int i = 0; i < c.Length; i++) s += c[i] * Math.Cos(c[i]);
        return s;
    }
}";
            using var woven = fused ? TestWeaver.WeaveAndLoad(source, _optimize) : TestWeaver.WeaveAndLoadUnfused(source, _optimize);
            static double Primal(double[] a, double[] c)
            {
                double y = Math.Sin(c[0] * c[1]);
                Array.Copy(a, 0, c, 0, 2);
                double s = y;
                for (int i = 0; i < c.Length; i++) s += c[i] * Math.Cos(c[i]);
                return s;
            }
            var a = new[] { 1.7, -0.4 };
            var c = new[] { 0.3, 0.9, -1.2 };
            var da = new double[2];
            var dc = new double[3];
            var value = woven.Get<TwoRev>("W", "D")((double[])a.Clone(), da, (double[])c.Clone(), dc, 1.0);
            Assert.That(value, Is.EqualTo(Primal((double[])a.Clone(), (double[])c.Clone())).Within(1e-12));
            var expected = FiniteDifferences.Gradient(x => Primal(x.Take(2).ToArray(), x.Skip(2).ToArray()), a.Concat(c).ToArray());
            var actual = da.Concat(dc).ToArray();
            for (int k = 0; k < actual.Length; k++) Assert.That(actual[k], Is.EqualTo(expected[k]).Within(1e-6), $"gradient component {k}");
        }

        /// <summary>Active values copied into a Const array would lose their derivative: refused at the copy (AD4005), as a store there is.</summary>
        [Test]
        public void CopyIntoConstMemoryIsRefused()
        {
            TestWeaver.Refused(Usings + @"public static partial class R {
    [AutoDiffReverse(""D"", Duplicated, Const, Active)]
    public static double F(double[] a, double[] c)
    {
        Array.Copy(a, c, 2);
        return c[0] * c[1];
    }
}", _optimize, "AD4005", "", line: 6);
        }

        /// <summary>A copy between arrays of different element types (a conversion the framework does) has no DataMoves body: it stays a call, refused where a derivative would flow through it.</summary>
        [Test]
        public void ConvertingCopyStaysRefused()
        {
            TestWeaver.Refused(Usings + @"public static partial class R {
    [AutoDiffReverse(""D"", Duplicated, Active)]
    public static double F(float[] a)
    {
        var b = new double[a.Length];
        Array.Copy(a, b, a.Length);
        return b[0] * b[1];
    }
}", _optimize, "AD4001", "Array.Copy", line: 7);
        }
    }
}
