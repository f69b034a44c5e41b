using System;
using System.Runtime.CompilerServices;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// A recursive instance method: the reverse sweep calls the derivative the weaver made for it
    /// with <c>this</c> first, and each gradient it returns belongs to the argument after
    /// <c>this</c>. RecursionTests recurses through static methods only, so found by mutation
    /// testing (mutation/README.md): handing the gradients to the operands one place early passed
    /// the suite. Hand-derived values and central differences, Debug and Release IL.
    /// </summary>
    public sealed class InstanceRecursionTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public sealed partial class Scaled
{
    public double K = 1.5;

    // K·x·(K·x·(... 1)): (K·x)^n.
    public double Power(double x, int n) => n == 0 ? 1 : K * x * Power(x, n - 1);

    [AutoDiffReverse(""RunRev"", Active, Active, Const, Active)]
    public double Run(double x, double y, int n) => y * Power(x, n);
}";

        [TestCase(false), TestCase(true)]
        public void GradientsOfARecursiveInstanceMethodGoToItsArguments(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var type = woven.Assembly.GetType("Scaled", throwOnError: true)!;
            var scaled = Activator.CreateInstance(type)!;
            var (x, y, n) = (0.8, 1.3, 3);
            var result = (ITuple)type.GetMethod("RunRev")!.Invoke(scaled, new object[] { x, y, n, 2.0 })!;
            // y·(Kx)^n: ∂x = n·y·K^n·x^(n−1), ∂y = (Kx)^n; times the seed 2.
            Assert.That((double)result[0]!, Is.EqualTo(y * Math.Pow(1.5 * x, n)).Within(1e-12), "value");
            Assert.That((double)result[1]!, Is.EqualTo(2 * n * y * Math.Pow(1.5, n) * Math.Pow(x, n - 1)).Within(1e-12), "∂x");
            Assert.That((double)result[2]!, Is.EqualTo(2 * Math.Pow(1.5 * x, n)).Within(1e-12), "∂y");
            var run = type.GetMethod("Run")!;
            var fd = FiniteDifferences.Derivative(v => (double)run.Invoke(scaled, new object[] { v, y, n })!, x);
            Assert.That((double)result[1]! / 2, Is.EqualTo(fd).Within(1e-6), "∂x by differences");
        }
    }
}
