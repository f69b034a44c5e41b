using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Environments;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>
    /// docs/kernels.md from one run: the machine and date, then one table row per kernel and size
    /// (objective, woven gradient and hand-written gradient: mean time and bytes per call; gradient
    /// ÷ objective for each; woven ÷ hand-written against issue 12's target of 1.3, ✗ past it).
    /// Only the part between the results markers is replaced (<see cref="ResultsPage.Splice"/>).
    /// </summary>
    internal static class KernelPage
    {
        public const string FileName = "kernels.md";

        private const double WovenOverManualTarget = 1.3;

        private static readonly string Begin = ResultsPage.Begin("dotnet run -c Release --project Benchmarks -- --kernels");

        /// <summary>The kernels in the order, each with what the table calls it and its size for N.</summary>
        private static readonly (string Kernel, string Title, Func<int, string> Size)[] Rows =
        {
            ("LogSinChain", "Σ log(1 + xᵢ²)·sin(xᵢ₊₁) + xᵢ·xᵢ₊₁", n => $"n = {n:N0}"),
            ("SoftmaxCrossEntropy", "softmax cross-entropy of W·xᵣ, max subtracted",
                n => $"{n:N0} rows, W {SoftmaxCrossEntropyBenchmarks.Classes}×{SoftmaxCrossEntropyBenchmarks.Features}"),
            ("PairProduct", "Σᵢ Σⱼ aᵢ·bⱼ", n => $"n = {n:N0}"),
            ("PairCosine", "Σᵢ Σⱼ aᵢ·bⱼ·cos(aᵢ − bⱼ)", n => $"n = {n:N0}"),
            ("DenseLayerLoss", "½‖tanh(W·x + b) − y‖²",
                n => $"{n:N0} samples, W {DenseLayerLossBenchmarks.Outputs}×{DenseLayerLossBenchmarks.Inputs}"),
        };

        public static void Write(IReadOnlyList<KernelResult> results, HostEnvironmentInfo host, string folder, bool smoke)
        {
            var text = new StringBuilder();
            text.AppendLine(Begin);
            text.AppendLine();
            text.AppendLine(ResultsPage.Measured(host, smoke, "n = 300 alone for the double sums, few iterations"));
            text.AppendLine("Every gradient timed was first checked: the value it returns against the objective, the hand-written one against the woven one on every entry, the woven one against central differences on a few.");
            text.AppendLine($"Target: woven ÷ hand-written ≤ {WovenOverManualTarget} (✗ marks a miss).");
            text.AppendLine();
            text.AppendLine("| kernel | size | objective | woven gradient | hand-written gradient | woven ÷ objective | hand-written ÷ objective | woven ÷ hand-written |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (kernel, title, size) in Rows)
            {
                foreach (int n in results.Where(r => r.Kernel == kernel).Select(r => r.N).Distinct().OrderBy(n => n))
                {
                    KernelResult? Cell(string method) => results.SingleOrDefault(r => r.Kernel == kernel && r.N == n && r.Method == method);
                    var (objective, woven, manual) = (Cell("Objective"), Cell("Woven"), Cell("Manual"));
                    text.AppendLine($"| {title} | {size(n)} | {Time(objective)} | {Time(woven)} | {Time(manual)} | " +
                                    $"{ResultsPage.Mark(Ratio(woven, objective))} | {ResultsPage.Mark(Ratio(manual, objective))} | " +
                                    $"{ResultsPage.Mark(Ratio(woven, manual), WovenOverManualTarget)} |");
                }
            }
            text.AppendLine();
            text.AppendLine(ResultsPage.End);
            ResultsPage.Splice(Path.Combine(folder, FileName), Begin, "# Kernels: woven gradients against hand-written ones", text.ToString());
        }

        private static double? Ratio(KernelResult? top, KernelResult? bottom) => ResultsPage.Ratio(top?.MeanNanoseconds, bottom?.MeanNanoseconds);

        private static string Time(KernelResult? cell) => cell == null ? "—" : ResultsPage.Time(cell.MeanNanoseconds, cell.Bytes);
    }
}
