using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Loads of memory the function never writes are read again by the reverse sweep instead of
    /// kept on the tape (Analysis/UnwrittenMemory.cs). Where a write may reach the memory read —
    /// the same array, two Const arrays that may be one, a ref into an array, either array of a
    /// phi — the value must be kept: each near miss is called with the aliasing that would make a
    /// re-read wrong, and checked against the hand-derived gradient of the original values.
    /// </summary>
    public sealed class RereadMemoryTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class R
{
    // The scratch array is made here: x and w, read in the loop, cannot be it, so x[i] and w[i] are read again.
    [AutoDiffReverse(""LocalScratchRev"", Duplicated, Const, Active)]
    public static double LocalScratch(double[] x, double[] w)
    {
        var scratch = new double[x.Length];
        double s = 0;
        for (int i = 0; i < x.Length; i++) { s += x[i] * x[i] * w[i]; scratch[i] = s; }
        return s + scratch[x.Length - 1];
    }

    // y is differentiated, w is Const: the entry check makes them different arrays, so w[i] is read again.
    [AutoDiffReverse(""ToOutputRev"", Duplicated, Const, Duplicated)]
    public static void ToOutput(double[] x, double[] w, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] * w[i];
    }

    // t is filled once, before the loop that reads it: nothing writes it afterwards, so it is read again.
    [AutoDiffReverse(""FilledBeforeRev"", Duplicated, Active)]
    public static double FilledBefore(double[] x)
    {
        var t = new double[x.Length];
        for (int i = 0; i < x.Length; i++) t[i] = x[i] * x[i];
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += t[i] * t[i];
        return s;
    }

    // The near miss: t is refilled for every k, after the loop that reads it (round the loop over k).
    [AutoDiffReverse(""RefilledRev"", Duplicated, Const, Active)]
    public static double Refilled(double[] x, int rounds)
    {
        var t = new double[x.Length];
        double s = 0;
        for (int k = 0; k < rounds; k++)
        {
            for (int i = 0; i < x.Length; i++) t[i] = x[i] * (k + 1);
            for (int i = 0; i < x.Length; i++) s += t[i] * t[i];
        }
        return s;
    }

    // Two Const arrays may be one: w[i] must be kept before scratch[i] is cleared.
    [AutoDiffReverse(""ConstPairRev"", Duplicated, Const, Const, Active)]
    public static double ConstPair(double[] x, double[] w, double[] scratch)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) { s += x[i] * w[i]; scratch[i] = 0; }
        return s;
    }

    // In place: x[i] is overwritten after it is read.
    [AutoDiffReverse(""InPlaceRev"", Duplicated, Active)]
    public static double InPlace(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) { s += x[i] * x[i]; x[i] = 0; }
        return s;
    }

    // A ref may point into w.
    [AutoDiffReverse(""ThroughRefRev"", Duplicated, Const, Const, Active)]
    public static double ThroughRef(double[] x, double[] w, ref double last)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) { s += x[i] * w[i]; last = 0; }
        return s;
    }

    // t is a or b; b is written.
    [AutoDiffReverse(""EitherRev"", Duplicated, Const, Const, Const, Active)]
    public static double Either(double[] x, double[] a, double[] b, bool first)
    {
        var t = first ? a : b;
        double s = 0;
        for (int i = 0; i < x.Length; i++) { s += x[i] * t[i]; b[i] = 0; }
        return s;
    }
}";

        private static readonly double[] X = { 0.5, -1.25, 2.0, 0.75 };
        private static readonly double[] W = { 1.5, 0.25, -2.0, 3.0 };

        private static int TapeCalls(ModuleDefinition module, string method) =>
            module.Types.Single(t => t.Name == "R").Methods.Single(m => m.Name == method).Body.Instructions
                .Where(i => i.OpCode.Code is Code.Call or Code.Callvirt)
                .Count(i => ((MethodReference)i.Operand).DeclaringType.Name.StartsWith("Tape", StringComparison.Ordinal) &&
                            ((MethodReference)i.Operand).Name is "Push" or "Pop");

        [TestCase(false), TestCase(true)]
        public void Const_memory_that_nothing_writes_is_read_again_instead_of_taped(bool optimize)
        {
            var outcome = TestWeaver.Weave(Source, optimize);
            Assert.That(outcome.Diagnostics, Is.Empty);
            Assert.That(TapeCalls(outcome.Module, "LocalScratchRev"), Is.Zero, "x and w are read again; i comes from the count");
            Assert.That(TapeCalls(outcome.Module, "ToOutputRev"), Is.Zero, "w is read again; i comes from the count");
            Assert.That(TapeCalls(outcome.Module, "ConstPairRev"), Is.GreaterThan(0), "w may be scratch");
            Assert.That(TapeCalls(outcome.Module, "FilledBeforeRev"), Is.Zero, "t is written only before the loop that reads it");
            // t is written again after it is read, in the next round: reversed whole, the sum over t
            // keeps t[i]; two-pass (the default), it reads t again in its second run, before the next round writes it.
            Assert.That(TapeCalls(TestWeaver.WeaveUnfused(Source, optimize).Module, "RefilledRev"), Is.GreaterThan(0), "t is written again after it is read");
            Assert.That(TapeCalls(outcome.Module, "RefilledRev"), Is.Zero, "the sum over t runs twice");

            using var woven = WovenAssembly.Load(outcome.Module);
            var dx = new double[4];
            var value = woven.Get<Func<double[], double[], double[], double, double>>("R", "LocalScratchRev")(X, dx, W, 1.0);
            var sum = X.Zip(W, (a, b) => a * a * b).Sum();
            Assert.That(value, Is.EqualTo(2 * sum).Within(1e-14));
            Assert.That(dx, Is.EqualTo(X.Zip(W, (a, b) => 4 * a * b)).Within(1e-14), "∂/∂x_i of 2·Σ x²·w");

            var y = new double[4];
            var dy = new[] { 1.0, 2.0, 3.0, 4.0 };
            dx = new double[4];
            woven.Get<Action<double[], double[], double[], double[], double[]>>("R", "ToOutputRev")(X, dx, W, y, dy);
            Assert.That(y, Is.EqualTo(X.Zip(W, (a, b) => a * b)));
            Assert.That(dx, Is.EqualTo(new[] { 1.5, 0.5, -6.0, 12.0 }), "dy_i · w_i");

            dx = new double[4];
            value = woven.Get<Func<double[], double[], double, double>>("R", "FilledBeforeRev")(X, dx, 1.0);
            Assert.That(value, Is.EqualTo(X.Sum(v => v * v * v * v)).Within(1e-13));
            Assert.That(dx, Is.EqualTo(X.Select(v => 4 * v * v * v)).Within(1e-13), "∂/∂x_i of Σ x⁴");
        }

        [TestCase(false), TestCase(true)]
        public void Memory_a_write_may_reach_is_kept_and_the_aliased_call_gets_the_original_values(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);

            // scratch is w: w[i] is cleared right after it is read; ∂s/∂x_i is still the original w_i.
            var w = (double[])W.Clone();
            var dx = new double[4];
            var value = woven.Get<Func<double[], double[], double[], double[], double, double>>("R", "ConstPairRev")(X, dx, w, w, 1.0);
            Assert.That(value, Is.EqualTo(X.Zip(W, (a, b) => a * b).Sum()).Within(1e-14));
            Assert.That(w, Is.All.Zero);
            Assert.That(dx, Is.EqualTo(W), "the values w held when they were read");

            var x = (double[])X.Clone();
            dx = new double[4];
            value = woven.Get<Func<double[], double[], double, double>>("R", "InPlaceRev")(x, dx, 1.0);
            Assert.That(value, Is.EqualTo(X.Sum(v => v * v)).Within(1e-14));
            Assert.That(dx, Is.EqualTo(X.Select(v => 2 * v)), "2·x_i of the x_i read, not of the zero written");

            w = (double[])W.Clone();
            dx = new double[4];
            var throughRef = woven.Get<ThroughRefRev>("R", "ThroughRefRev");
            value = throughRef(X, dx, w, ref w[0], 1.0);
            Assert.That(value, Is.EqualTo(X.Zip(W, (a, b) => a * b).Sum()).Within(1e-14), "w[0] is read before the ref clears it");
            Assert.That(dx, Is.EqualTo(W), "w[0] as read, not the 0 the ref wrote into it");

            // Σ_k Σ_i (k+1)²·x_i², k < 3: 14·x_i², ∂ = 28·x_i, from the t of each round.
            dx = new double[4];
            value = woven.Get<Func<double[], double[], int, double, double>>("R", "RefilledRev")(X, dx, 3, 1.0);
            Assert.That(value, Is.EqualTo(14 * X.Sum(v => v * v)).Within(1e-12));
            Assert.That(dx, Is.EqualTo(X.Select(v => 28 * v)).Within(1e-12));

            var b = (double[])W.Clone();
            dx = new double[4];
            value = woven.Get<Func<double[], double[], double[], double[], bool, double, double>>("R", "EitherRev")(X, dx, new double[4], b, false, 1.0);
            Assert.That(b, Is.All.Zero);
            Assert.That(dx, Is.EqualTo(W), "t was b, cleared after each read");
        }

        [TestCase(false), TestCase(true)]
        public void An_argument_read_again_that_is_also_a_shadow_is_refused_on_entry(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var localScratch = woven.Get<Func<double[], double[], double[], double, double>>("R", "LocalScratchRev");
            var x = (double[])X.Clone();
            var dx = new double[4];
            // w is dx: the reverse sweep would add gradients into the very array it reads again.
            var error = Assert.Throws<ArgumentException>(() => localScratch(x, dx, dx, 1.0))!;
            Assert.That(error.Message, Does.Contain("'LocalScratchRev' called with 'w' and the shadow of 'x'"));
            Assert.That(error.Message, Does.Contain("pass memory of its own"));
            error = Assert.Throws<ArgumentException>(() => localScratch(x, x, W, 1.0))!;
            Assert.That(error.Message, Does.Contain("'LocalScratchRev' called with 'x' and the shadow of 'x'"));
        }

        private delegate double ThroughRefRev(double[] x, double[] dx, double[] w, ref double last, double dret);
    }
}
