using System;
using System.Linq;
using static AutoDiff.Benchmarks.GradientChecks;

namespace AutoDiff.Benchmarks.Kernels
{
    /// <summary>
    /// Before a kernel is timed, on the inputs it is timed on: the value each gradient returns
    /// against the objective, the hand-written gradient against the woven one on every entry, and
    /// the woven one against central differences on the first and last entry of each
    /// differentiable input (Weaver.Tests/EndToEnd/KernelTests.cs checks more, on small inputs). A
    /// mismatch stops the run, as ADBench's checks do.
    /// </summary>
    internal static class KernelChecks
    {
        /// <summary>
        /// <paramref name="woven"/> and <paramref name="manual"/> take shadows (one per entry of
        /// <paramref name="inputs"/>, zero on entry) and return the primal value;
        /// <paramref name="objective"/> reads <paramref name="inputs"/>, which the central
        /// differences move one entry at a time (and put back).
        /// </summary>
        public static void Check(string kernel, string[] names, double[][] inputs, Func<double> objective,
            Func<double[][], double> woven, Func<double[][], double> manual)
        {
            var wovenShadows = inputs.Select(x => new double[x.Length]).ToArray();
            var manualShadows = inputs.Select(x => new double[x.Length]).ToArray();
            double value = objective();
            SameValue($"{kernel}: value returned by the woven gradient", woven(wovenShadows), value);
            SameValue($"{kernel}: value returned by the hand-written gradient", manual(manualShadows), value);
            for (int a = 0; a < inputs.Length; a++)
            {
                Agree($"{kernel} manual ∂{names[a]}", wovenShadows[a], manualShadows[a]);
                foreach (int i in new[] { 0, inputs[a].Length - 1 })
                {
                    Compare($"{kernel} ∂{names[a]}[{i}]", wovenShadows[a][i], Central(inputs[a], i, objective));
                }
            }
        }
    }
}
