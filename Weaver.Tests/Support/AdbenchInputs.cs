extern alias FixturesUnwoven;

using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>ADBench's GMM input: sizes, parameters, points, the Wishart prior's γ and m, and the prior's constant.</summary>
    public sealed record GmmInput(int D, int K, int N, double[] Alphas, double[] Means, double[] Icf, double[] X, double Gamma, int M, double WishartConstant);

    /// <summary>ADBench's LSTM input: layers, characters, width, parameters, initial state, sequence.</summary>
    public sealed record LstmInput(int L, int C, int B, double[] Main, double[] Extra, double[] State, double[] Sequence);

    /// <summary>ADBench's bundle-adjustment input: n cameras, m points, p observations, and the one camera, point, weight and feature the file gives.</summary>
    public sealed record BaInput(int N, int M, int P, double[] Cam, double[] X, double W, double[] Feat);

    /// <summary>Readers for ADBench's input files (shared/adbench; formats in its reference/README.md), and its tests' relative tolerance.</summary>
    public static class AdbenchInputs
    {
        /// <summary>A GMM file (d K n, α, μ, icf, the points, γ m), with the first <paramref name="points"/> points when given.</summary>
        public static GmmInput Gmm(string relativePath, int? points = null)
        {
            var input = FixturePaths.Numbers(File.ReadAllText(Path.Combine(FixturePaths.Adbench(), relativePath)));
            int d = (int)input[0], k = (int)input[1], n = (int)input[2];
            int at = 3;
            double[] Take(int count) { var a = input.Skip(at).Take(count).ToArray(); at += count; return a; }
            var alphas = Take(k);
            var means = Take(k * d);
            var icf = Take(k * d * (d + 1) / 2);
            var x = Take(n * d);
            double gamma = input[at];
            int m = (int)input[at + 1];
            Assert.That(at + 2, Is.EqualTo(input.Length), relativePath);
            if (points is int used) (n, x) = (used, x.Take(used * d).ToArray());
            return new GmmInput(d, k, n, alphas, means, icf, x, gamma, m, FixturesUnwoven::Fixtures.GmmPrior.WishartConstant(d, gamma, m));
        }

        /// <summary>An LSTM file (l c b, main parameters, extra parameters, state, sequence).</summary>
        public static LstmInput Lstm(string relativePath)
        {
            var input = FixturePaths.Numbers(File.ReadAllText(Path.Combine(FixturePaths.Adbench(), relativePath)));
            int l = (int)input[0], c = (int)input[1], b = (int)input[2];
            int at = 3;
            double[] Take(int count) { var a = input.Skip(at).Take(count).ToArray(); at += count; return a; }
            var result = new LstmInput(l, c, b, Take(8 * l * b), Take(3 * b), Take(2 * l * b), Take(c * b));
            Assert.That(at, Is.EqualTo(input.Length), relativePath);
            return result;
        }

        /// <summary>A bundle-adjustment file (n m p, one camera, one point, one weight, one feature; ADBench replicates them).</summary>
        public static BaInput Ba(string relativePath)
        {
            var lines = File.ReadAllLines(Path.Combine(FixturePaths.Adbench(), relativePath)).Where(l => l.Trim().Length > 0).ToArray();
            var sizes = FixturePaths.Numbers(lines[0]);
            return new BaInput((int)sizes[0], (int)sizes[1], (int)sizes[2],
                FixturePaths.Numbers(lines[1]), FixturePaths.Numbers(lines[2]), FixturePaths.Numbers(lines[3])[0], FixturePaths.Numbers(lines[4]));
        }

        /// <summary>|actual − expected| / max(1, |actual| + |expected|) at most <paramref name="tolerance"/>.</summary>
        public static void AssertNear(double actual, double expected, double tolerance, string what)
        {
            var error = Math.Abs(actual - expected) / Math.Max(1, Math.Abs(actual) + Math.Abs(expected));
            if (!(error <= tolerance)) Assert.Fail($"{what}: {actual:R}, expected {expected:R} (relative error {error:G3} > {tolerance:G3})");
        }

        /// <summary><see cref="AssertNear(double, double, double, string)"/> entry by entry, lengths equal.</summary>
        public static void AssertNear(double[] actual, double[] expected, double tolerance, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + " length");
            for (int i = 0; i < actual.Length; i++) AssertNear(actual[i], expected[i], tolerance, $"{what}[{i}]");
        }
    }
}
