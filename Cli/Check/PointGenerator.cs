using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// Random points, seeds and tangents, reproducible from <c>--seed</c>. Every scalar is
    /// ±[0.5, 2]: away from 0 (where |x|, or a division, has a kink or a pole) and from large
    /// magnitudes, with both signs. Points of one primal depend only on the seed and the primal's
    /// name, so all of its derivatives (and the forward/reverse comparison) see the same points,
    /// whatever <c>--method</c> selected.
    /// </summary>
    internal sealed class PointGenerator
    {
        private readonly Random _random;

        public PointGenerator(int seed, string name)
        {
            _random = new Random(seed ^ StableHash(name));
        }

        /// <summary>A point for these parameters, float parameters holding float values, arrays and spans <paramref name="size"/> long.</summary>
        public Point Next(IReadOnlyList<ParameterPlan> parameters, int size) =>
            new Point(parameters.Select(p => Enumerable.Range(0, p.Length(size)).Select(_ => Values.Round(p.Element, Scalar())).ToArray()).ToArray());

        /// <summary>A seed for each output (reverse mode's dret and memory shadows).</summary>
        public double[] Weights(int count) => Enumerable.Range(0, count).Select(_ => Scalar()).ToArray();

        private double Scalar()
        {
            var magnitude = 0.5 + 1.5 * _random.NextDouble();
            return _random.Next(2) == 0 ? magnitude : -magnitude;
        }

        /// <summary>FNV-1a: string.GetHashCode differs from run to run, and the points must not.</summary>
        public static int StableHash(string text)
        {
            unchecked
            {
                uint hash = 2166136261;
                foreach (var c in text) hash = (hash ^ c) * 16777619;
                return (int)hash;
            }
        }
    }
}
