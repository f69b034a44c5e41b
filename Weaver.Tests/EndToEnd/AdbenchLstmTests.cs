using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// ADBench's LSTM input lstm_l2_c1024 (2 layers, 1024 steps, 14 wide) against ADBench's reference
    /// loss and all 266 gradient entries (absolute tolerance 1e-8): a reverse sweep over 1023 steps
    /// of in-place state updates, replayed from the tape.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class AdbenchLstmTests
    {
        private readonly FixtureBuild _build;

        public AdbenchLstmTests(FixtureBuild build) => _build = build;

        private delegate double Grad(int l, int c, int b, double[] main, double[] dmain, double[] extra, double[] dextra,
            double[] state, double[] dstate, double[] sequence, double dret);

        [Test]
        public void LossAndGradientMatchAdbenchReference()
        {
            var root = FixturePaths.Adbench();
            var input = FixturePaths.Numbers(File.ReadAllText(Path.Combine(root, "lstm", "lstm_l2_c1024.txt")));
            int l = (int)input[0], c = (int)input[1], b = (int)input[2];
            int at = 3;
            double[] Take(int count) { var a = input.Skip(at).Take(count).ToArray(); at += count; return a; }
            var main = Take(8 * l * b);
            var extra = Take(3 * b);
            var state = Take(2 * l * b);
            var sequence = Take(c * b);
            Assert.That(at, Is.EqualTo(input.Length));

            var expectedF = FixturePaths.Numbers(File.ReadAllText(Path.Combine(root, "reference", "lstm_l2_c1024_F_expected.txt")))[0];
            var expectedJ = FixturePaths.Numbers(File.ReadAllText(Path.Combine(root, "reference", "lstm_l2_c1024_J_expected.txt")));

            var grad = FixtureAssemblies.Get<Grad>(_build, "Fixtures.Lstm", "ObjectiveGrad");
            var dmain = new double[main.Length];
            var dextra = new double[extra.Length];
            var loss = grad(l, c, b, main, dmain, extra, dextra, state, new double[state.Length], sequence, 1.0);
            Assert.That(loss, Is.EqualTo(expectedF).Within(1e-8));
            var j = dmain.Concat(dextra).ToArray();
            Assert.That(j.Length, Is.EqualTo(expectedJ.Length));
            for (int i = 0; i < j.Length; i++) Assert.That(j[i], Is.EqualTo(expectedJ[i]).Within(1e-8), $"gradient entry {i}");
        }
    }
}
