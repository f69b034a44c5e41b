using System;
using System.IO;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Differentiation.Reverse;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>
    /// The reverse plan (Differentiation/Reverse/ReversePlan.cs): per loop how it is reversed,
    /// per reverse block in a loop which forward values it reads and how. Golden dumps of a few
    /// kernels and of ADBench's GMM gradient, from Release IL (Debug IL numbers its values
    /// differently), so that a change in what the reverse sweep keeps shows up here as text
    /// before it shows up in a benchmark. When a change is meant, read the new dump and update it.
    /// </summary>
    public sealed class ReversePlanTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public static partial class P
{
    [AutoDiffReverse(""DotRev"", Duplicated, Const, Active)]
    public static double Dot(double[] x, double[] w)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i] * w[i];
        return s;
    }

    [AutoDiffReverse(""NestedRev"", Duplicated, Duplicated, Active)]
    public static double Nested(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            var a = Math.Sin(x[i]);
            for (int j = 0; j < y.Length; j++) s += a * y[j] * y[j];
        }
        return s;
    }

    [AutoDiffReverse(""InPlaceRev"", Duplicated, Active)]
    public static double InPlace(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) { s += Math.Exp(x[i]); x[i] = s; }
        return s;
    }

    [AutoDiffReverse(""RowNormsRev"", Duplicated, Active)]
    public static double RowNorms(double[] x)
    {
        var t = new double[x.Length];
        double total = 0;
        for (int r = 0; r < x.Length; r++)
        {
            for (int k = 0; k < t.Length; k++) t[k] = x[r] * x[k];
            double s = 1;
            for (int k = 0; k < t.Length; k++) s += t[k] * t[k];
            total += Math.Sqrt(s);
        }
        return total;
    }
}";

        private static ReversePlan PlanOf(string source, string derivative, bool fuse = true)
        {
            var outcome = fuse ? TestWeaver.Weave(source, optimize: true) : TestWeaver.WeaveUnfused(source, optimize: true);
            Assert.That(outcome.Diagnostics, Is.Empty);
            var plan = outcome.Result.Plans.Single(p => p.Derivative == derivative);
            // The whole dump, for whoever updates a golden text after a change that is meant.
            TestContext.Out.WriteLine(plan);
            return plan;
        }

        [Test]
        public void A_loop_over_memory_nothing_writes_keeps_nothing_when_reversed_whole()
        {
            // x[i] (loaded once for x[i] * x[i]) and w[i] are read again; i comes from the count.
            Assert.That(PlanOf(Source, "P.DotRev", fuse: false).ToString(), Is.EqualTo(@"reverse plan of P.DotRev
loops:
  b2 [b1 b2]: counted (runs %7 − 0 times, computed where it is reversed)
forward values read by reverse blocks in loops:
  b1: %14 (LoadElement) re-read; %4 (phi) induction; %10 (LoadElement) re-read
taped per iteration: 0 values
"));
        }

        [Test]
        public void A_value_made_in_the_outer_loop_crosses_once_per_run_of_the_inner_one_when_reversed_whole()
        {
            // sin x_i (a SinCos half) is read where the reverse sweep enters the loop over j: kept
            // once per i at the loop's exit (b4), not per j; cos x_i is kept for sin's own rule. The
            // loop over j runs y.Length times: its count is computed there, not kept.
            Assert.That(PlanOf(Source, "P.NestedRev", fuse: false).ToString(), Is.EqualTo(@"reverse plan of P.NestedRev
loops:
  b3 [b2 b3]: counted (runs %15 − 0 times, computed where it is reversed)
  b5 [b1 b2 b3 b4 b5]: counted (runs %7 − 0 times, computed where it is reversed)
forward values read by reverse blocks in loops:
  b1: %9 (LoadElement) re-read; %4 (phi) induction; Cos of %9 (by SinCos) tape
  b2: %19 (LoadElement) re-read; %12 (phi) induction; %20 (Mul) recompute; %10 (Call Math.Sin, by SinCos) loop-entry
  b4: %15 (Conv) recompute; %14 (ArrayLength) re-read; %10 (Call Math.Sin, by SinCos) tape
taped per iteration: 2 values
"));
        }

        [Test]
        public void Sums_are_fused_and_cross_nothing()
        {
            // Both sums are undone inside each iteration, with the seed as the adjoint of s.
            Assert.That(PlanOf(Source, "P.DotRev").ToString(), Is.EqualTo(@"reverse plan of P.DotRev
loops:
  b2 [b1 b2]: fused (each iteration undone right after it runs; adjoint in every iteration: %9 = seed)
forward values read by reverse blocks in loops:
  none
taped per iteration: 0 values
"));
            Assert.That(PlanOf(Source, "P.NestedRev").ToString(), Is.EqualTo(@"reverse plan of P.NestedRev
loops:
  b3 [b2 b3]: fused (each iteration undone right after it runs; adjoint in every iteration: %17 = adjoint of %27)
  b5 [b1 b2 b3 b4 b5]: fused (each iteration undone right after it runs; adjoint in every iteration: %27 = seed)
forward values read by reverse blocks in loops:
  none
taped per iteration: 0 values
"));
        }

        [Test]
        public void A_loop_that_overwrites_what_it_read_keeps_what_its_rules_need()
        {
            // x is written: exp x_i, which its own rule needs, goes on the tape.
            Assert.That(PlanOf(Source, "P.InPlaceRev").ToString(), Is.EqualTo(@"reverse plan of P.InPlaceRev
loops:
  b2 [b1 b2]: counted (runs %6 − 0 times, computed where it is reversed)
forward values read by reverse blocks in loops:
  b1: %3 (phi) induction; %10 (Call Math.Exp) tape
taped per iteration: 1 value
"));
        }

        [Test]
        public void A_sum_over_memory_written_in_the_same_row_runs_twice_and_keeps_nothing()
        {
            // The rows loop is fused (t is filled afresh in every row). The sum of t's squares,
            // under a square root, is two-pass: run again where the reverse sweep reaches it, it reads
            // t[k] again instead of keeping it; the fill loop needs nothing but its counts and x.
            Assert.That(PlanOf(Source, "P.RowNormsRev").ToString(), Is.EqualTo(@"reverse plan of P.RowNormsRev
loops:
  b3 [b2 b3]: counted (runs %15 − 0 times, computed where it is reversed); adjoints summed once per run: %19 (LoadElement)
  b6 [b5 b6]: two-pass (run again forwards where the reverse sweep reaches it, each iteration undone right after it, nothing taped; adjoint in every iteration, taken after the loop: %33)
  b8 [b1 b2 b3 b4 b5 b6 b7 b8]: fused (each iteration undone right after it runs; adjoint in every iteration: %42 = seed)
forward values read by reverse blocks in loops:
  b2: %12 (phi) induction; %20 (LoadElement) re-read; %19 (LoadElement) loop-entry
taped per iteration: 0 values
"));
        }

        [Test]
        public void The_gmm_gradient_keeps_nothing_in_its_innermost_loop()
        {
            // The triangular product (b16: qx[j] += icf[l] * xcentered[i]) reads icf again,
            // xcentered[i] once per run of the loop over j (its adjoint summed in a local over that
            // run), and l, j from counts.
            var root = typeof(ReversePlanTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AutoDiffRepositoryRoot").Value!;
            var source = File.ReadAllText(Path.Combine(root, "Weaver.Tests.Fixtures", "Sources", "Gmm.cs"));
            Assert.That(PlanOf(source, "Gmm.ObjectiveGrad").ToString(), Is.EqualTo(@"reverse plan of Gmm.ObjectiveGrad
loops:
  b3 [b2 b3]: counted (runs %d − 0 times, computed where it is reversed)
  b5 [b1 b2 b3 b4 b5]: counted (runs %k − 0 times, computed where it is reversed)
  b10 [b9 b10]: counted (runs %d − 0 times, computed where it is reversed)
  b13 [b12 b13]: counted (runs %d − 0 times, computed where it is reversed)
  b17 [b16 b17]: counted (runs %d − %120 times, computed where it is reversed); adjoints summed once per run: %132 (LoadElement)
  b19 [b15 b16 b17 b18 b19]: counted (runs %d − 0 times, computed where it is reversed)
  b22 [b21 b22]: counted (runs %d − 0 times, computed where it is reversed)
  b24 [b8 b9 b10 b11 b12 b13 b14 b15 b16 b17 b18 b19 b20 b21 b22 b23 b24]: counted (runs %k − 0 times, computed where it is reversed)
  b29 [b26 b27 b28 b29]: counted (runs %k − 1 times, computed where it is reversed)
  b32 [b31 b32]: counted (runs %k − 0 times, computed where it is reversed)
  b34 [b7 b8 b9 b10 b11 b12 b13 b14 b15 b16 b17 b18 b19 b20 b21 b22 b23 b24 b25 b26 b27 b28 b29 b30 b31 b32 b33 b34]: fused (each iteration undone right after it runs; adjoint in every iteration: %263 = seed)
  b39 [b36 b37 b38 b39]: counted (runs %k − 1 times, computed where it is reversed)
  b42 [b41 b42]: counted (runs %k − 0 times, computed where it is reversed)
  b46 [b45 b46]: counted (runs %d − 0 times, computed where it is reversed)
  b49 [b48 b49]: fused (each iteration undone right after it runs; adjoint in every iteration: %386 = adjoint of %405 * %411)
  b51 [b44 b45 b46 b47 b48 b49 b50 b51]: fused (each iteration undone right after it runs; adjoint in every iteration: %405 = seed)
forward values read by reverse blocks in loops:
  b1: %19 (phi) induction
  b2: %42 (Add) recompute; %41 (Mul) recompute; %19 (phi) loop-entry; %26 (phi) induction; %43 (Call Math.Exp) tape; %33 (Add) recompute; %32 (Mul) recompute
  b4: %19 (phi) induction
  b9: %67 (phi) induction; %79 (Add) recompute; %78 (Mul) recompute; %63 (phi) loop-entry
  b11: %63 (phi) induction
  b12: %91 (phi) induction; %101 (LoadElement) tape; %99 (LoadElement) re-read; %98 (Add) recompute; %97 (Mul) recompute; %63 (phi) loop-entry
  b14: %63 (phi) induction
  b16: %120 (Add) loop-entry; %121 (phi) induction; %132 (LoadElement) loop-entry; %129 (LoadElement) re-read; %142 (phi) loop-entry; %128 (phi) induction
  b17: %116 (phi) loop-entry
  b18: %120 (Add) recompute; %116 (phi) induction; %132 (LoadElement) tape; %142 (phi) tape
  b21: %156 (LoadElement) tape; %151 (phi) induction
  b23: %63 (phi) induction
  b27: %232 (phi) induction
  b28: came-from of b28 tape
  b31: %256 (Call Math.Exp) tape; %248 (phi) induction
  b37: %328 (phi) induction
  b38: came-from of b38 tape
  b41: %352 (Call Math.Exp) tape; %344 (phi) induction
  b45: %376 (LoadElement) re-read; %375 (Add) recompute; %374 (Mul) recompute; %365 (phi) induction; %373 (LoadElement) re-read; %372 (Add) recompute; %371 (Mul) recompute
taped per iteration: 9 values
"));
        }
    }
}
