using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// A Const array that is the very memory of a differentiated one would be read without its
    /// derivative: the derivative refuses such a call on entry instead of returning a wrong gradient.
    /// </summary>
    [TestFixture]
    public sealed class AliasingTests
    {
        private const string Source = @"using AutoDiff; using static AutoDiff.Activity;
public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Const, Active)]
    [AutoDiffForward(""T"", Dual, Const, Dual)]
    public static double F(double[] x, double[] c)
    {
        x[0] = x[0] * 2;
        return c[0] * x[0];
    }
}";

        [TestCase(false), TestCase(true)]
        public void ConstMemoryThatIsDifferentiatedMemoryIsRefused(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var reverse = woven.Get<Func<double[], double[], double[], double, double>>("C", "D");
            var forward = woven.Get<Func<double[], double[], double[], (double, double)>>("C", "T");

            var x = new[] { 3.0 };
            var dx = new double[1];
            Assert.That(reverse(x, dx, new[] { 5.0 }, 1.0), Is.EqualTo(30.0));
            Assert.That(dx, Is.EqualTo(new[] { 10.0 }), "∂/∂x₀ of c₀·2x₀ with c₀ = 5");

            var same = new[] { 3.0 };
            var error = Assert.Throws<ArgumentException>(() => reverse(same, new double[1], same, 1.0))!;
            Assert.That(error.Message, Does.Contain("Const 'c'").And.Contain("'x'"));
            Assert.Throws<ArgumentException>(() => forward(same, new double[1], same));
        }

        [TestCase(false), TestCase(true)]
        public void ForwardModeFollowsAWholeStructCopiedOutOfAnArray(bool optimize)
        {
            // (Reverse mode differentiates it too: StructLocalTests.StructsFromAnArray.)
            using var woven = TestWeaver.WeaveAndLoad(@"using AutoDiff; using static AutoDiff.Activity;
public struct P3 { public double X, Y; }
public static partial class C {
    [AutoDiffForward(""T"", Dual, Dual)]
    public static double F(P3[] points) { P3 p = points[1]; return p.X * p.Y; }
}", optimize);
            var type = woven.Assembly.GetType("P3")!;
            Array Make(double x, double y)
            {
                var a = Array.CreateInstance(type, 2);
                var p = Activator.CreateInstance(type)!;
                type.GetField("X")!.SetValue(p, x);
                type.GetField("Y")!.SetValue(p, y);
                a.SetValue(p, 1);
                return a;
            }
            var t = woven.Assembly.GetType("C")!.GetMethod("T")!;
            var (value, tangent) = ((double, double))t.Invoke(null, new object[] { Make(3, 4), Make(1, 2) })!;
            Assert.That(value, Is.EqualTo(12.0));
            Assert.That(tangent, Is.EqualTo(1 * 4 + 2 * 3), "ẋ·y + x·ẏ");
        }
    }
}
