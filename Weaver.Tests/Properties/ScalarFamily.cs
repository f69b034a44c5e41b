using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Programs of shape <c>double F{k}(double x, double y, int n)</c>, with <c>R{k}</c> (reverse:
    /// x, y Active, n Const) and <c>T{k}</c> (forward: x, y Dual). At three points (one with a
    /// larger trip count n, one with n = 0): the primal value of both derivatives, the forward
    /// tangent against the reverse gradient, and the gradient against central differences
    /// wherever they are a reference (no kink, values they resolve, differences that settle).
    /// </summary>
    public abstract class ScalarFamily : ProgramFamily
    {
        /// <summary>The trip count n of the second test point.</summary>
        protected virtual int LargeTripCount => 5;

        protected override string Declare(int k, string body) =>
            $"[AutoDiffReverse(\"R{k}\", Active, Active, Const, Active)] [AutoDiffForward(\"T{k}\", Dual, Dual, Const, Dual)]\n" +
            $"public static double F{k}(double x, double y, int n) {{\n{body}\n}}";

        public override Verdict Check(Assembly woven, int k)
        {
            var type = Programs(woven);
            var f = type.GetMethod("F" + k)!.CreateDelegate<Func<double, double, int, double>>();
            var reverse = type.GetMethod("R" + k)!.CreateDelegate<Func<double, double, int, double, (double, double, double)>>();
            var forward = type.GetMethod("T" + k)!.CreateDelegate<Func<double, double, double, double, int, (double, double)>>();
            var counter = new GradientCounter();
            foreach (var (x, y, n) in new[] { (0.31, -0.72, 3), (-1.13, 0.44, LargeTripCount), (0.87, 1.21, 0) })
            {
                var at = $"at (x, y, n) = ({x}, {y}, {n})";
                var value = f(x, y, n);
                if (!double.IsFinite(value)) continue;
                var (rv, dx, dy) = reverse(x, y, n, 1.0);
                ProgramMismatch.Expect(rv, value, 0, "the value R returns " + at);
                var (fv, t) = forward(x, 2.0, y, -1.0, n);
                ProgramMismatch.Expect(fv, value, 0, "the value T returns " + at);
                ProgramMismatch.Expect(t, 2 * dx - dy, ForwardRounding.Tolerance(2 * dx - dy, s => forward(x, 2.0 * s, y, -s, n).Item2, relative: 1e-10), "the forward tangent along (2, -1) against the reverse gradient " + at);
                counter.Compare(v => f(v, y, n), x, value, dx, "∂x " + at);
                counter.Compare(v => f(x, v, n), y, value, dy, "∂y " + at);
            }
            return counter.Verdict;
        }
    }

    /// <summary>
    /// Compares derivatives with central differences where those are a reference, and counts
    /// what was compared, to tell a checked program from one set aside or one whose gradient is
    /// zero everywhere it was looked at.
    /// </summary>
    public sealed class GradientCounter
    {
        private bool _compared;
        private bool _nonZero;

        /// <summary>Checks <paramref name="derivative"/> = ∂f at <paramref name="at"/> (f(at) = <paramref name="value"/>), unless differences cannot tell there.</summary>
        public void Compare(Func<double, double> f, double at, double value, double derivative, string what)
        {
            if (!FiniteDifferences.IsSmooth(f, at) || !FiniteDifferences.Resolves(value, at, derivative) || !FiniteDifferences.Converges(f, at)) return;
            var expected = FiniteDifferences.Derivative(f, at);
            ProgramMismatch.Expect(derivative, expected, FiniteDifferences.Tolerance(expected, 1e-5), what);
            Count(expected);
        }

        /// <summary>Counts a derivative compared elsewhere, whose reference was <paramref name="expected"/>.</summary>
        public void Count(double expected)
        {
            _compared = true;
            if (Math.Abs(expected) > 1e-9) _nonZero = true;
        }

        public Verdict Verdict => !_compared ? Verdict.SetAside : _nonZero ? Verdict.Compared : Verdict.ZeroGradient;

        /// <summary>
        /// True when some derivative is 10⁶ or more (or not finite): then the step of central
        /// differences (10⁻⁶ of the input) moves the program's inner values by more than a sine's
        /// period, and the differences sample a sine of them at random while still converging.
        /// Programs of memory families that grow an accumulator pass after pass reach this
        /// (Memory seed 480723369: ∂v[3] ≈ 10¹⁰, forward and reverse agree to the last digit,
        /// differences 4% off). Check forward against reverse there; it holds at any size.
        /// </summary>
        public static bool BeyondDifferences(IEnumerable<double> derivatives) => derivatives.Any(g => !(Math.Abs(g) < 1e6));

        /// <summary>
        /// True when a derivative is NaN or infinite: the program's values overflowed. Then forward
        /// and reverse may rightly disagree — a value the result no longer uses grew to ∞ (Matrix seed
        /// 785770470: acc += x·acc² over twelve passes, then acc overwritten), the forward sweep
        /// carries its finite tangent away with it, and the reverse sweep multiplies the zero adjoint
        /// of the dropped value by ∞ (IEEE: NaN), the caveat every reverse-mode tool shares (README).
        /// Such programs are set aside; finite gradients are compared as before.
        /// </summary>
        public static bool Overflowed(IEnumerable<double> derivatives) => derivatives.Any(g => !double.IsFinite(g));
    }
}
