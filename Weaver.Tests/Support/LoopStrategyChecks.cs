using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// The check shared by the loop-strategy tests (fused, two-pass): each program
    /// <c>double L.Name(double[] x, double[] y, double c)</c> with reverse derivative <c>NameRev</c>
    /// (x, y Duplicated, c Active) is woven with every strategy and with every loop reversed whole;
    /// both gradients are compared with central differences and with each other, on copies of the inputs.
    /// </summary>
    public static class LoopStrategyChecks
    {
        public delegate (double, double) Gradient(double[] x, double[] dx, double[] y, double[] dy, double c, double seed);

        public static void GradientsMatchDifferencesAndWholeReversal(string source, bool optimize, IEnumerable<string> names, double[][] xs, double[] ys)
        {
            using var fused = TestWeaver.WeaveAndLoad(source, optimize);
            using var whole = TestWeaver.WeaveAndLoadUnfused(source, optimize);
            foreach (var name in names)
            {
                var primal = fused.Get<Func<double[], double[], double, double>>("L", name);
                foreach (var x in xs)
                {
                    foreach (var c in new[] { 0.7, -0.45 })
                    {
                        var (value, dx, dy, dc) = Run(fused.Get<Gradient>("L", name + "Rev"), x, ys, c);
                        var (value2, dx2, dy2, dc2) = Run(whole.Get<Gradient>("L", name + "Rev"), x, ys, c);
                        double F(double[] xv, double[] yv, double cv) => primal(xv.ToArray(), yv.ToArray(), cv);
                        var where = $"{name}, |x| = {x.Length}, c = {c}";
                        Assert.That(dx.Concat(dy).Append(dc).Concat(dx2).Concat(dy2).Append(dc2).All(double.IsFinite), Is.True,
                            $"{where}: fused {string.Join(", ", dx)} | {string.Join(", ", dy)} | {dc}; whole {string.Join(", ", dx2)} | {string.Join(", ", dy2)} | {dc2}");
                        Assert.That(value, Is.EqualTo(F(x, ys, c)).Within(1e-13), where);
                        var expectedX = FiniteDifferences.Gradient(v => F(v, ys, c), x);
                        var expectedY = FiniteDifferences.Gradient(v => F(x, v, c), ys);
                        var expectedC = FiniteDifferences.Gradient(v => F(x, ys, v[0]), c)[0];
                        Assert.That(expectedX.Concat(expectedY).Append(expectedC).All(double.IsFinite), Is.True, $"{where}: differences {string.Join(", ", expectedX)} | {string.Join(", ", expectedY)} | {expectedC}");
                        for (int k = 0; k < x.Length; k++) Assert.That(dx[k], Is.EqualTo(expectedX[k]).Within(FiniteDifferences.Tolerance(expectedX[k])), $"{where}: ∂x[{k}]");
                        for (int k = 0; k < ys.Length; k++) Assert.That(dy[k], Is.EqualTo(expectedY[k]).Within(FiniteDifferences.Tolerance(expectedY[k])), $"{where}: ∂y[{k}]");
                        Assert.That(dc, Is.EqualTo(expectedC).Within(FiniteDifferences.Tolerance(expectedC)), $"{where}: ∂c");
                        Assert.That(value2, Is.EqualTo(value), where);
                        for (int k = 0; k < x.Length; k++) Assert.That(dx2[k], Is.EqualTo(dx[k]).Within(1e-12 * Math.Max(1, Math.Abs(dx[k]))), $"{where}: ∂x[{k}] reversed whole");
                        for (int k = 0; k < ys.Length; k++) Assert.That(dy2[k], Is.EqualTo(dy[k]).Within(1e-12 * Math.Max(1, Math.Abs(dy[k]))), $"{where}: ∂y[{k}] reversed whole");
                        Assert.That(dc2, Is.EqualTo(dc).Within(1e-12 * Math.Max(1, Math.Abs(dc))), $"{where}: ∂c reversed whole");
                    }
                }
            }
        }

        /// <summary>Calls a derivative on copies (some primals write into x or y) with seed 1.</summary>
        private static (double Value, double[] Dx, double[] Dy, double Dc) Run(Gradient gradient, double[] x, double[] ys, double c)
        {
            var (dx, dy) = (new double[x.Length], new double[ys.Length]);
            var (value, dc) = gradient(x.ToArray(), dx, ys.ToArray(), dy, c, 1.0);
            return (value, dx, dy, dc);
        }
    }
}
