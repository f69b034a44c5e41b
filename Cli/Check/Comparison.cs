using System;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// Compares derivative values with what they should be, keeping the largest relative error
    /// |a − b| / max(1, |a|, |b|) (relative for large values, absolute below 1, so a derivative
    /// of 0 is not divided by 0) and the comparison that gave it. A NaN or infinity on one side
    /// only is an infinite error. The tolerance is 1e-6 when everything differentiated is double,
    /// 1e-2 when a float is involved (the float primal's central differences are coarse).
    /// </summary>
    internal sealed class Comparison
    {
        public const double DoubleTolerance = 1e-6;
        public const double FloatTolerance = 1e-2;

        public Comparison(Scalar precision)
        {
            Tolerance = precision == Scalar.Float ? FloatTolerance : DoubleTolerance;
        }

        public double Tolerance { get; }

        public double MaxError { get; private set; }

        /// <summary>What the largest error came from: "what: derivative a, expected b".</summary>
        public string? Worst { get; private set; }

        public bool Passed => MaxError <= Tolerance;

        public void Add(double actual, double expected, string expectedFrom, Func<string> what)
        {
            var error = RelativeError(actual, expected);
            if (error <= MaxError && Worst != null) return;
            MaxError = error;
            Worst = $"{what()}: derivative {Point.Format(actual)}, {expectedFrom} {Point.Format(expected)}";
        }

        public static double RelativeError(double a, double b)
        {
            if (a.Equals(b)) return 0; // equal infinities, and NaN == NaN: both sides agree
            if (!double.IsFinite(a) || !double.IsFinite(b)) return double.PositiveInfinity;
            return Math.Abs(a - b) / Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
        }
    }
}
