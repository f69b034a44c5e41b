using System;
using System.Runtime.CompilerServices;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Fields of a struct parameter, woven in memory. In batch forward mode, each lane gets the
    /// field of that lane's tangent. A field read several times gets every read's contribution in
    /// reverse mode. The frontend reads each leaf once, at the top of the entry block, so this
    /// holds whether the emitter adds to the field's accumulator or overwrites it (mutant V26 is
    /// equivalent; see mutation/README.md). StructTests and StructLocalTests cover struct
    /// parameters too, but on Fody-woven assemblies that a mutant run does not weave again.
    /// Mutation testing found the gap: reading every lane's field from lane 0 passed the
    /// in-memory tests. Checked against hand-derived values and central differences, Debug and
    /// Release IL.
    /// </summary>
    public sealed class StructParameterFieldTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public struct P2 { public double A; public double B; }

public static partial class S
{
    // p.A is read three times: A·B + sin A + 3A.
    [AutoDiffReverse(""SpreadRev"", Active, Active)]
    [AutoDiffForward(""SpreadFwd2"", 2, Dual, Dual)]
    public static double Spread(P2 p) => p.A * p.B + Math.Sin(p.A) + 3 * p.A;
}";

        [TestCase(false), TestCase(true)]
        public void AFieldReadSeveralTimesGetsEveryContribution(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var type = woven.Assembly.GetType("P2", throwOnError: true)!;
            var p = Make(type, 0.6, 1.7);
            var spread = woven.Assembly.GetType("S", throwOnError: true)!;
            var result = (ITuple)spread.GetMethod("SpreadRev")!.Invoke(null, new[] { p, 2.0 })!;
            var gradient = result[1]!;
            // ∂A = B + cos A + 3, ∂B = A; times the seed 2.
            Assert.That(Field(gradient, "A"), Is.EqualTo(2 * (1.7 + Math.Cos(0.6) + 3)).Within(1e-12));
            Assert.That(Field(gradient, "B"), Is.EqualTo(2 * 0.6).Within(1e-12));
            Func<double, double, double> f = (a, b) => (double)spread.GetMethod("Spread")!.Invoke(null, new[] { Make(type, a, b) })!;
            Assert.That(Field(gradient, "A") / 2, Is.EqualTo(FiniteDifferences.Derivative(a => f(a, 1.7), 0.6)).Within(1e-6));
        }

        [TestCase(false), TestCase(true)]
        public void BatchForwardReadsEachLanesFieldOfTheTangent(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var type = woven.Assembly.GetType("P2", throwOnError: true)!;
            var spread = woven.Assembly.GetType("S", throwOnError: true)!;
            // Lanes: the tangent (1, 0) gives ∂A, (0, 1) gives ∂B.
            var result = (ITuple)spread.GetMethod("SpreadFwd2")!.Invoke(null, new[] { Make(type, 0.6, 1.7), Make(type, 1, 0), Make(type, 0, 1) })!;
            Assert.That((double)result[1]!, Is.EqualTo(1.7 + Math.Cos(0.6) + 3).Within(1e-12), "lane 0");
            Assert.That((double)result[2]!, Is.EqualTo(0.6).Within(1e-12), "lane 1");
        }

        private static object Make(Type type, double a, double b)
        {
            var p = Activator.CreateInstance(type)!;
            type.GetField("A")!.SetValue(p, a);
            type.GetField("B")!.SetValue(p, b);
            return p;
        }

        private static double Field(object p, string name) => (double)p.GetType().GetField(name)!.GetValue(p)!;
    }
}
