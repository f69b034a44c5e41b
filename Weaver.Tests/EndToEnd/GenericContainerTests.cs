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

        [TestCase(false), TestCase(true)]
        public void InstanceMethodOfAGenericClass(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(@"using System; using AutoDiff; using static AutoDiff.Activity;
public partial class Scaled<T> {
    public double K = 3;
    [AutoDiffReverse(""D"", Active, Active)]
    public double Apply(double x) { double s = 0; for (int i = 0; i < 3; i++) s += K * Math.Sin(x * i); return s; }
}", optimize);
            var closed = woven.Assembly.GetType("Scaled`1")!.MakeGenericType(typeof(string));
            var instance = Activator.CreateInstance(closed)!;
            var (value, dx) = ((double, double))closed.GetMethod("D")!.Invoke(instance, new object[] { 0.4, 1.0 })!;
            double Primal(double v) { double s = 0; for (int i = 0; i < 3; i++) s += 3 * Math.Sin(v * i); return s; }
            Assert.That(value, Is.EqualTo(Primal(0.4)));
            Assert.That(dx, Is.EqualTo(FiniteDifferences.Derivative(Primal, 0.4)).Within(1e-6));
        }
    }
}
