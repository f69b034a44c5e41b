using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>
    /// Sin and Cos in a derivative: both modes call Math.SinCos (MathF.SinCos) once and the rule
    /// uses the other half, so no separate Sin or Cos call is left (SinCosFusion). The values
    /// alone cannot show this: a rule that calls Cos again gets the same number, one
    /// transcendental call later. Found by mutation testing (mutation/README.md): dropping the
    /// partner from either emitter passed the suite.
    /// </summary>
    public sealed class SinCosFusionTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class T
{
    [AutoDiffReverse(""SinRev"", Active, Active)] [AutoDiffForward(""SinFwd"", Dual, Dual)] public static double Sin(double x) => 3 * Math.Sin(x);
    [AutoDiffReverse(""CosRev"", Active, Active)] [AutoDiffForward(""CosFwd"", Dual, Dual)] public static double Cos(double x) => 3 * Math.Cos(x);
    [AutoDiffReverse(""FSinRev"", Active, Active)] [AutoDiffForward(""FSinFwd"", Dual, Dual)] public static float FSin(float x) => 3 * MathF.Sin(x);
}";

        [TestCase(false), TestCase(true)]
        public void EachDerivativeCallsSinCosOnceAndNeitherHalfAgain(bool optimize)
        {
            var outcome = TestWeaver.Weave(Source, optimize);
            Assert.That(outcome.Diagnostics, Is.Empty);
            var type = outcome.Module.Types.Single(t => t.Name == "T");
            foreach (var name in new[] { "SinRev", "SinFwd", "CosRev", "CosFwd", "FSinRev", "FSinFwd" })
            {
                var calls = type.Methods.Single(m => m.Name == name).Body.Instructions
                    .Where(i => i.OpCode.Code is Code.Call or Code.Callvirt)
                    .Select(i => (MethodReference)i.Operand)
                    .Where(m => m.DeclaringType.FullName is "System.Math" or "System.MathF")
                    .Select(m => m.Name).ToList();
                Assert.That(calls, Is.EqualTo(new[] { "SinCos" }), name);
            }

            using var woven = WovenAssembly.Load(outcome.Module);
            const double x = 0.7;
            Check(woven, "SinRev", 3 * Math.Sin(x), 6 * Math.Cos(x));
            Check(woven, "SinFwd", 3 * Math.Sin(x), 6 * Math.Cos(x));
            Check(woven, "CosRev", 3 * Math.Cos(x), -6 * Math.Sin(x));
            Check(woven, "CosFwd", 3 * Math.Cos(x), -6 * Math.Sin(x));
            Assert.That(woven.Get<Func<float, float, (float, float)>>("T", "FSinRev")(0.7f, 2f).Item2, Is.EqualTo(6 * MathF.Cos(0.7f)).Within(1e-6));
        }

        /// <summary>The derivative of 3·f at 0.7 with seed (or tangent) 2: the value and 2·3·f′.</summary>
        private static void Check(WovenAssembly woven, string name, double value, double derivative)
        {
            var (v, d) = woven.Get<Func<double, double, (double, double)>>("T", name)(0.7, 2);
            Assert.That(v, Is.EqualTo(value).Within(1e-14), name);
            Assert.That(d, Is.EqualTo(derivative).Within(1e-14), name);
        }
    }
}
