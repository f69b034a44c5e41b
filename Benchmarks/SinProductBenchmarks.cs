using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// f(x) = Σ sin(x_i)·x_{i+1} for n = 100, 1000, 10000: the primal (the baseline of BenchmarkDotNet's
    /// Ratio column), the reverse gradient woven and by hand, the forward tangent woven and by hand.
    /// Each global setup checks the derivatives its benchmark times before anything is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class SinProductBenchmarks
    {
        /// <summary>The names RatioReport reads the summary by.</summary>
        public static class Names
        {
            public const string Primal = nameof(SinProductBenchmarks.Primal);
            public const string GradientByHand = nameof(SinProductBenchmarks.GradientByHand);
            public const string GradientWoven = nameof(SinProductBenchmarks.GradientWoven);
            public const string TangentByHand = nameof(SinProductBenchmarks.TangentByHand);
            public const string TangentWoven = nameof(SinProductBenchmarks.TangentWoven);
        }

        private double[] _x = Array.Empty<double>();
        private double[] _v = Array.Empty<double>();
        private double[] _dx = Array.Empty<double>();

        [Params(100, 1000, 10000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _x = DerivativeChecks.Vector(N, 1);
            _v = DerivativeChecks.Vector(N, 2);
            // The gradient benchmarks add into this shadow on every call (as the contract says);
            // its values grow, which costs nothing: the same arithmetic runs either way.
            _dx = new double[N];
            DerivativeChecks.HandWrittenAgree(_x, _v);
        }

        [GlobalSetup(Target = nameof(GradientWoven))]
        public void SetupGradientWoven()
        {
            Setup();
            Woven(nameof(Functions.SinProductGrad), () => DerivativeChecks.WovenGradientMatches(_x));
        }

        [GlobalSetup(Target = nameof(TangentWoven))]
        public void SetupTangentWoven()
        {
            Setup();
            Woven(nameof(Functions.SinProductTangent), () => DerivativeChecks.WovenTangentMatches(_x, _v));
        }

        [Benchmark(Baseline = true)]
        public double Primal() => Functions.SinProduct(_x);

        [Benchmark]
        public double GradientWoven() => Functions.SinProductGrad(_x, _dx, 1.0);

        [Benchmark]
        public double GradientByHand() => Functions.SinProductGradByHand(_x, _dx, 1.0);

        [Benchmark]
        public double TangentWoven() => Functions.SinProductTangent(_x, _v);

        [Benchmark]
        public double TangentByHand() => Functions.SinProductTangentByHand(_x, _v);

        private static void Woven(string derivative, Action check)
        {
            try
            {
                check();
            }
            catch (AutoDiffNotWovenException e)
            {
                throw new InvalidOperationException(DerivativeChecks.NotWoven(derivative), e);
            }
        }
    }
}
