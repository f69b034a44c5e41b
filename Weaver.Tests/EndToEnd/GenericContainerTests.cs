using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>A derivative declared in a generic type (the generator allows generic containing types).</summary>
    [TestFixture]
    public sealed class GenericContainerTests
    {
        [TestCase(false), TestCase(true)]
        public void DerivativeInAGenericClass(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(@"using System; using AutoDiff; using static AutoDiff.Activity;
public static partial class G<T> {
    [AutoDiffReverse(""D"", Active, Active)]
    [AutoDiffForward(""F"", Dual, Dual)]
    public static double Square(double x) { for (int i = 0; i < 2; i++) x = Math.Sin(x) + x; return x * x; }
}", optimize);
            var closed = woven.Assembly.GetType("G`1")!.MakeGenericType(typeof(int));
            var (value, dx) = ((double, double))closed.GetMethod("D")!.Invoke(null, new object[] { 0.5, 1.0 })!;
            double Primal(double v) { for (int i = 0; i < 2; i++) v = Math.Sin(v) + v; return v * v; }
            Assert.That(value, Is.EqualTo(Primal(0.5)));
            Assert.That(dx, Is.EqualTo(FiniteDifferences.Derivative(Primal, 0.5)).Within(1e-6));
            var (fvalue, tangent) = ((double, double))closed.GetMethod("F")!.Invoke(null, new object[] { 0.5, 1.0 })!;
            Assert.That(fvalue, Is.EqualTo(value));
            Assert.That(tangent, Is.EqualTo(dx).Within(1e-12));
        }
    }
}
