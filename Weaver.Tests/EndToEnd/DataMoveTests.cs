using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// The framework's data moves over double memory (Array.Copy, Array.Fill, Array.Clear,
    /// Span&lt;T&gt;.CopyTo, .Fill, .Clear; the weaver differentiates AutoDiff.DataMoves' element
    /// loops in their place): each primal below is woven in both modes, and its gradient checked
    /// against central differences of the same function run by the framework's own methods (the
    /// reference, in this file), the forward tangent against the gradient, the primal value and
    /// what the derivative leaves in the input array against the framework's. Overlapping copies
    /// in both directions, a filled active value (its adjoint is the sum of the filled slots'),
    /// cleared slots (no derivative flows through them), Debug and Release IL.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class DataMoveTests
    {
        private readonly bool _optimize;

        public DataMoveTests(bool optimize) => _optimize = optimize;

        private delegate double Rev(double[] a, double[] da, double dret);

        private delegate (double, double) Fwd(double[] a, double[] da);

        /// <summary>Each case: the primal's body (over double[] a) as C# source, and the same function for the reference.</summary>
        private static readonly (string Name, string Body, Func<double[], double> Reference)[] Cases =
        {
            ("CopyIntoLocal", "var b = new double[a.Length]; Array.Copy(a, 1, b, 0, a.Length - 1); double s = 0; for (int i = 0; i < b.Length; i++) s += b[i] * b[i] * (i + 1); return s;",
                a => { var b = new double[a.Length]; Array.Copy(a, 1, b, 0, a.Length - 1); double s = 0; for (int i = 0; i < b.Length; i++) s += b[i] * b[i] * (i + 1); return s; }),
            ("CopyOverlapRight", "Array.Copy(a, 0, a, 1, a.Length - 1); double s = a[0]; for (int i = 0; i < a.Length; i++) s += Math.Sin(a[i]) * (i + 2); return s;",
                a => { Array.Copy(a, 0, a, 1, a.Length - 1); double s = a[0]; for (int i = 0; i < a.Length; i++) s += Math.Sin(a[i]) * (i + 2); return s; }),
            ("CopyOverlapLeft", "Array.Copy(a, 1, a, 0, a.Length - 1); double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * a[i] * (i + 1); return s;",
                a => { Array.Copy(a, 1, a, 0, a.Length - 1); double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * a[i] * (i + 1); return s; }),
            ("CopyThreeArguments", "var b = new double[3]; Array.Copy(a, b, 3); return b[0] * b[1] + Math.Exp(b[2]);",
                a => { var b = new double[3]; Array.Copy(a, b, 3); return b[0] * b[1] + Math.Exp(b[2]); }),
            ("CopyOverwritesRead", "double x = a[0] * a[1]; Array.Copy(a, 2, a, 0, 2); return x * a[0] + Math.Sin(a[1]) * a[3];",
                a => { double x = a[0] * a[1]; Array.Copy(a, 2, a, 0, 2); return x * a[0] + Math.Sin(a[1]) * a[3]; }),
            ("FillActiveValue", "var b = new double[4]; Array.Fill(b, a[0] * a[1]); return b[0] * b[1] + 3 * b[2] + Math.Sin(b[3]);",
                a => { var b = new double[4]; Array.Fill(b, a[0] * a[1]); return b[0] * b[1] + 3 * b[2] + Math.Sin(b[3]); }),
            ("FillRangeInPlace", "double x = a[1]; Array.Fill(a, a[0] * 2, 1, 2); return x * a[1] + a[2] * a[3] + a[0];",
                a => { double x = a[1]; Array.Fill(a, a[0] * 2, 1, 2); return x * a[1] + a[2] * a[3] + a[0]; }),
            ("ClearRange", "double t = a[0] * a[1]; Array.Clear(a, 0, 2); return t * a[2] + a[0] + 5 * a[1] + a[3];",
                a => { double t = a[0] * a[1]; Array.Clear(a, 0, 2); return t * a[2] + a[0] + 5 * a[1] + a[3]; }),
            ("ClearWhole", "var b = new double[2]; b[0] = a[0] * a[0]; b[1] = a[1]; double t = b[0] * b[1]; Array.Clear(b); b[1] += a[2]; return t + b[0] + b[1] * a[3];",
                a => { var b = new double[2]; b[0] = a[0] * a[0]; b[1] = a[1]; double t = b[0] * b[1]; Array.Clear(b); b[1] += a[2]; return t + b[0] + b[1] * a[3]; }),
            ("SpanCopyTo", "var b = new double[a.Length]; a.AsSpan(1).CopyTo(b); return b[0] * b[1] + b[2] * b[2];",
                a => { var b = new double[a.Length]; a.AsSpan(1).CopyTo(b); return b[0] * b[1] + b[2] * b[2]; }),
            ("SpanCopyToOverlapRight", "a.AsSpan(0, a.Length - 1).CopyTo(a.AsSpan(1)); double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * a[i] * (i + 1); return s;",
                a => { a.AsSpan(0, a.Length - 1).CopyTo(a.AsSpan(1)); double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * a[i] * (i + 1); return s; }),
            ("SpanCopyToOverlapLeft", "a.AsSpan(1).CopyTo(a); double s = 0; for (int i = 0; i < a.Length; i++) s += Math.Cos(a[i]) * (i + 1); return s;",
                a => { a.AsSpan(1).CopyTo(a); double s = 0; for (int i = 0; i < a.Length; i++) s += Math.Cos(a[i]) * (i + 1); return s; }),
            ("ReadOnlySpanCopyTo", "ReadOnlySpan<double> r = a; Span<double> b = new double[4]; r.Slice(1).CopyTo(b); return b[0] * b[3] - b[1] * b[2];",
                a => { ReadOnlySpan<double> r = a; Span<double> b = new double[4]; r.Slice(1).CopyTo(b); return b[0] * b[3] - b[1] * b[2]; }),
            ("SpanFillActiveValue", "var s = a.AsSpan(2); s.Fill(a[0] * a[1]); return a[2] * a[3] + a[0];",
                a => { var s = a.AsSpan(2); s.Fill(a[0] * a[1]); return a[2] * a[3] + a[0]; }),
            ("SpanClear", "double t = a[0] * a[3]; a.AsSpan(1, 2).Clear(); return t * a[1] + a[2] + a[3] * a[0];",
                a => { double t = a[0] * a[3]; a.AsSpan(1, 2).Clear(); return t * a[1] + a[2] + a[3] * a[0]; }),
        };

        private static string Source(string body) => "using System; using AutoDiff; using static AutoDiff.Activity;\n" +
            "public static partial class M {\n" +
            "    [AutoDiffReverse(\"D\", Duplicated, Active)]\n    [AutoDiffForward(\"T\", Dual, Dual)]\n" +
            "    public static double F(double[] a) { " + body + " }\n}";

        private static readonly double[] Point = { 0.7, -1.3, 0.4, 2.1, -0.6 };

        [TestCaseSource(nameof(CaseNames))]
        public void GradientAndTangent(string name)
        {
            var (_, body, reference) = Cases.Single(c => c.Name == name);
            using var woven = TestWeaver.WeaveAndLoad(Source(body), _optimize);
            var expectedValue = reference((double[])Point.Clone());
            var expectedAfter = (double[])Point.Clone();
            reference(expectedAfter);
            var expected = FiniteDifferences.Gradient(x => reference((double[])x.Clone()), (double[])Point.Clone());

            var a = (double[])Point.Clone();
            var da = new double[a.Length];
            var value = woven.Get<Rev>("M", "D")(a, da, 1.0);
            Assert.That(value, Is.EqualTo(expectedValue).Within(1e-12), "primal value");
            Assert.That(a, Is.EqualTo(expectedAfter).Within(1e-12), "the input array after the call, as the framework leaves it");
            for (int k = 0; k < da.Length; k++)
            {
                Assert.That(da[k], Is.EqualTo(expected[k]).Within(FiniteDifferences.Tolerance(expected[k])), $"∂f/∂a[{k}]");
            }

            var direction = new[] { 0.3, -1.1, 0.8, 0.5, -0.2 };
            var (fvalue, tangent) = woven.Get<Fwd>("M", "T")((double[])Point.Clone(), (double[])direction.Clone());
            Assert.That(fvalue, Is.EqualTo(expectedValue).Within(1e-12), "forward primal value");
            Assert.That(tangent, Is.EqualTo(da.Zip(direction, (g, v) => g * v).Sum()).Within(1e-9), "⟨∇f, v⟩");
        }

        private static string[] CaseNames() => Cases.Select(c => c.Name).ToArray();

        /// <summary>The tangents move with the values, overwriting what the destination's tangent held (forward mode writes tangents of outputs).</summary>
        [Test]
        public void ForwardCopiesTangentsIntoTheDestination()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source("Array.Copy(a, 0, a, 2, 3); return a[4];"), _optimize);
            var a = (double[])Point.Clone();
            var da = new[] { 1.0, 2, 3, 4, 5 };
            var (value, tangent) = woven.Get<Fwd>("M", "T")(a, da);
            Assert.That(value, Is.EqualTo(Point[2]));
            Assert.That(tangent, Is.EqualTo(3.0));
            Assert.That(da, Is.EqualTo(new[] { 1.0, 2, 1, 2, 3 }));
        }

        /// <summary>The derivative checks arguments as the framework does, before writing anything.</summary>
        [Test]
        public void BadRangesThrowAsTheFrameworkDoes()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source("Array.Copy(a, 3, a, 0, 3); return a[0];"), _optimize);
            var a = (double[])Point.Clone();
            Assert.Throws<ArgumentException>(() => woven.Get<Rev>("M", "D")(a, new double[5], 1.0));
            Assert.That(a, Is.EqualTo(Point), "nothing written");
            Assert.Throws<ArgumentException>(() => Array.Copy(a, 3, a, 0, 3), "the framework's own");
        }
    }
}
