using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// What a loop's reverse keeps: a value made before the loop and used inside it is read from
    /// the forward sweep's local, not pushed on the tape once per iteration (reverse-mode.md:
    /// "values defined outside a loop and used inside it need no per-iteration storage"). The
    /// derivative's values are the same either way, so only the IL shows it; found by mutation
    /// testing (mutation/README.md): taping such values passed the suite.
    /// </summary>
    public sealed class TapeLayoutTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class L
{
    // sin a · Σ x_i: sin a is made once, before the loop; x_i is read again (nothing is written),
    // i is computed from the iteration count. Nothing needs a tape.
    [AutoDiffReverse(""ScaledSumRev"", Active, Duplicated, Active)]
    public static double ScaledSum(double a, double[] x)
    {
        var s = Math.Sin(a);
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += s * x[i];
        return sum;
    }
}";

        [TestCase(false), TestCase(true)]
        public void AValueMadeBeforeALoopIsNotTaped(bool optimize)
        {
            var outcome = TestWeaver.Weave(Source, optimize);
            Assert.That(outcome.Diagnostics, Is.Empty);
            var reverse = outcome.Module.Types.Single(t => t.Name == "L").Methods.Single(m => m.Name == "ScaledSumRev");
            var tapeCalls = reverse.Body.Instructions
                .Where(i => i.OpCode.Code is Code.Call or Code.Callvirt)
                .Select(i => (MethodReference)i.Operand)
                .Where(m => m.DeclaringType.Name.StartsWith("Tape", StringComparison.Ordinal))
                .Select(m => m.Name).ToList();
            Assert.That(tapeCalls, Is.Empty);

            using var woven = WovenAssembly.Load(outcome.Module);
            var x = new[] { 0.5, -1.25, 2.0 };
            var dx = new double[3];
            var (value, da) = woven.Get<Func<double, double[], double[], double, (double, double)>>("L", "ScaledSumRev")(0.4, x, dx, 1.0);
            Assert.That(value, Is.EqualTo(Math.Sin(0.4) * x.Sum()).Within(1e-14));
            Assert.That(da, Is.EqualTo(Math.Cos(0.4) * x.Sum()).Within(1e-14));
            Assert.That(dx, Is.EqualTo(Enumerable.Repeat(Math.Sin(0.4), 3)).Within(1e-15));
        }
    }
}
