using System;
using System.Linq;
using System.Text;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Issue 9: the reverse derivative of a long straight-line method (4,400 lines of arithmetic)
    /// took a local per value, 67,765 of them, more than the 65,535 IL allows, and the runtime
    /// rejected it (now AD5004 would say so). Values whose lifetimes do not overlap share locals
    /// (LocalSlots), so it weaves, runs and fits in a few hundred.
    /// </summary>
    [TestFixture]
    public sealed class LongMethodTests
    {
        private const int Lines = 4400;

        private delegate (double, double, double, double) Grad(double x, double y, double z, double dret);

        private delegate (double, double) Tangent(double x, double dx, double y, double dy, double z, double dz);

        /// <summary>
        /// Contracting linear recurrences (their coefficients sum to 0.875), fed by the inputs on
        /// every line, with a sine every tenth line: values stay bounded and the gradient is far
        /// from zero. The reverse sweep keeps one value per sine (its cosine or argument, 440 in
        /// all); the linear lines keep nothing, as y and z are parameters it reads again.
        /// </summary>
        private static string Source()
        {
            var s = new StringBuilder();
            s.AppendLine("using System; using AutoDiff; using static AutoDiff.Activity;");
            s.AppendLine("public static partial class Long {");
            s.AppendLine("  [AutoDiffReverse(\"Grad\", Active, Active, Active, Active)]");
            s.AppendLine("  [AutoDiffForward(\"Tangent\", Dual, Dual, Dual, Dual)]");
            s.AppendLine("  public static double F(double x, double y, double z) {");
            s.AppendLine("    double v0 = x, v1 = y, v2 = z;");
            for (int k = 3; k < Lines + 3; k++)
            {
                var first = k % 10 == 0 ? $"Math.Sin(v{k - 1})" : $"v{k - 1}";
                var c = (0.01 * (k % 7 + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                s.AppendLine($"    double v{k} = 0.5 * {first} - 0.25 * v{k - 2} + 0.125 * v{k - 3} + x * {c} + y * z;");
            }
            s.AppendLine($"    return v{Lines + 2} + v{Lines + 1};");
            s.AppendLine("  }");
            s.AppendLine("}");
            return s.ToString();
        }

        [TestCase(false), TestCase(true)]
        public void A_4400_line_reverse_derivative_shares_locals_runs_and_is_right(bool optimize)
        {
            var outcome = TestWeaver.Weave(Source(), optimize);
            Assert.That(outcome.Diagnostics, Is.Empty, string.Join("\n", outcome.Diagnostics));
            var type = outcome.Module.GetType("Long");
            var grad = type.Methods.Single(m => m.Name == "Grad").Body.Variables.Count;
            var tangent = type.Methods.Single(m => m.Name == "Tangent").Body.Variables.Count;
            // At most one live value per line the reverse sweep keeps, plus a few adjoints and
            // temporaries live at once: a few hundred, where one local per value was 67,765.
            Assert.That(grad, Is.LessThan(Lines / 10 + 100), "locals of the reverse derivative");
            Assert.That(tangent, Is.LessThan(32), "locals of the forward derivative");
            Assert.That(grad, Is.LessThan(IlEmitter.MaximumLocals / 100));

            using var woven = WovenAssembly.Load(outcome.Module); // JIT-compiles every method: no InvalidProgramException
            var f = woven.Get<Func<double, double, double, double>>("Long", "F");
            var (value, dx, dy, dz) = woven.Get<Grad>("Long", "Grad")(0.3, -0.7, 0.9, 1.0);
            Assert.That(value, Is.EqualTo(f(0.3, -0.7, 0.9)));

            var forward = woven.Get<Tangent>("Long", "Tangent");
            var reverse = new[] { dx, dy, dz };
            var differences = FiniteDifferences.Gradient(p => f(p[0], p[1], p[2]), 0.3, -0.7, 0.9);
            for (int i = 0; i < 3; i++)
            {
                var (_, directional) = forward(0.3, i == 0 ? 1 : 0, -0.7, i == 1 ? 1 : 0, 0.9, i == 2 ? 1 : 0);
                Assert.That(Math.Abs(reverse[i]), Is.GreaterThan(0.01), $"a gradient entry worth checking ({i})");
                Assert.That(reverse[i], Is.EqualTo(directional).Within(FiniteDifferences.Tolerance(directional, 1e-12)), $"reverse against forward, entry {i}");
                Assert.That(reverse[i], Is.EqualTo(differences[i]).Within(FiniteDifferences.Tolerance(differences[i])), $"reverse against central differences, entry {i}");
            }
        }
    }
}
