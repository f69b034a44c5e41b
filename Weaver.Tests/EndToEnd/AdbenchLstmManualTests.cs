extern alias FixturesRelease;
extern alias FixturesUnwoven;

using System;
using System.IO;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.AdbenchInputs;
using Primal = FixturesUnwoven::Fixtures.Lstm;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// The hand-written LSTM gradient (Fixtures.LstmManual, backpropagation through time, ADBench's
    /// "Manual" baseline) against ADBench's reference on lstm_l2_c1024, against the woven
    /// Lstm.ObjectiveGrad (gradient, final state, and the state's shadow: seed of the final state
    /// in, derivative with respect to the initial state out) on ADBench's l2 and l4 inputs, and
    /// against central differences.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class AdbenchLstmManualTests
    {
        private readonly FixtureBuild _build;

        public AdbenchLstmManualTests(FixtureBuild build) => _build = build;

        private delegate double Grad(int l, int c, int b, double[] main, double[] dmain, double[] extra, double[] dextra,
            double[] state, double[] dstate, double[] sequence, double dret);

        private Grad Manual => FixtureAssemblies.Get<Grad>(_build, "Fixtures.LstmManual", "ObjectiveGrad");

        private sealed record Result(double Loss, double[] DMain, double[] DExtra, double[] State, double[] DState);

        private static Result Run(Grad grad, LstmInput s, double dret = 1, double[]? dstate = null, int? seed = null)
        {
            var random = seed is int value ? new Random(value) : null;
            double[] Start(int length) => random == null ? new double[length] : Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
            var (dmain, dextra) = (Start(s.Main.Length), Start(s.Extra.Length));
            var state = (double[])s.State.Clone();
            var shadow = dstate != null ? (double[])dstate.Clone() : new double[s.State.Length];
            var loss = grad(s.L, s.C, s.B, s.Main, dmain, s.Extra, dextra, state, shadow, s.Sequence, dret);
            return new Result(loss, dmain, dextra, state, shadow);
        }

        [Test]
        public void GradientMatchesAdbenchReference()
        {
            var s = Lstm(Path.Combine("lstm", "lstm_l2_c1024.txt"));
            var reference = Path.Combine(FixturePaths.Adbench(), "reference");
            var expectedF = FixturePaths.Numbers(File.ReadAllText(Path.Combine(reference, "lstm_l2_c1024_F_expected.txt")))[0];
            var expectedJ = FixturePaths.Numbers(File.ReadAllText(Path.Combine(reference, "lstm_l2_c1024_J_expected.txt")));
            var result = Run(Manual, s);
            AssertNear(result.Loss, expectedF, 1e-8, "loss");
            AssertNear(result.DMain.Concat(result.DExtra).ToArray(), expectedJ, 1e-8, "gradient");
        }

        [TestCase("lstm_l2_c1024.txt")]
        [TestCase("lstm_l4_c1024.txt")]
        public void GradientAndStateMatchWoven(string file)
        {
            var s = Lstm(Path.Combine("lstm", file));
            var random = new Random(3);
            var dstate = Enumerable.Range(0, s.State.Length).Select(_ => random.NextDouble() - 0.5).ToArray();
            var manual = Run(Manual, s, 1.7, dstate, seed: 5);
            var woven = Run(FixtureAssemblies.Get<Grad>(_build, "Fixtures.Lstm", "ObjectiveGrad"), s, 1.7, dstate, seed: 5);
            AssertNear(manual.Loss, woven.Loss, 1e-12, "loss");
            AssertNear(manual.State, woven.State, 1e-12, "final state");
            AssertNear(manual.DMain, woven.DMain, 1e-10, "main parameters' gradient");
            AssertNear(manual.DExtra, woven.DExtra, 1e-10, "extra parameters' gradient");
            AssertNear(manual.DState, woven.DState, 1e-10, "state's shadow");
        }

        [Test]
        public void SampledEntriesMatchCentralDifferences()
        {
            // The first 64 characters: a shorter sequence keeps the differences' rounding small.
            var full = Lstm(Path.Combine("lstm", "lstm_l2_c1024.txt"));
            var s = full with { C = 64, Sequence = full.Sequence.Take(64 * full.B).ToArray() };
            var result = Run(Manual, s);
            double Loss(double[] main, double[] extra, double[] state) => Primal.Objective(s.L, s.C, s.B, main, extra, (double[])state.Clone(), s.Sequence);
            foreach (var i in new[] { 0, 15, 44, 62, 100, 131, 200, 223 })
            {
                var fd = FiniteDifferences.Derivative(v => { var p = (double[])s.Main.Clone(); p[i] = v; return Loss(p, s.Extra, s.State); }, s.Main[i]);
                AssertNear(result.DMain[i], fd, 1e-6, $"main[{i}] against central differences");
            }
            foreach (var i in new[] { 0, 20, 41 })
            {
                var fd = FiniteDifferences.Derivative(v => { var p = (double[])s.Extra.Clone(); p[i] = v; return Loss(s.Main, p, s.State); }, s.Extra[i]);
                AssertNear(result.DExtra[i], fd, 1e-6, $"extra[{i}] against central differences");
            }
            // With a zero seed on the final state, the state's shadow is the loss's derivative with respect to the initial state.
            foreach (var i in new[] { 0, 13, 20, 41, 55 })
            {
                var fd = FiniteDifferences.Derivative(v => { var p = (double[])s.State.Clone(); p[i] = v; return Loss(s.Main, s.Extra, p); }, s.State[i]);
                AssertNear(result.DState[i], fd, 1e-6, $"state[{i}] against central differences");
            }
        }

        [Test]
        public void AReusedWorkspaceGivesTheSameGradient()
        {
            var s = Lstm(Path.Combine("lstm", "lstm_l2_c1024.txt"));
            var workspace = new FixturesRelease::Fixtures.LstmManual.Workspace(s.L, s.C, s.B);
            double[] Once()
            {
                var (dmain, dextra, dstate) = (new double[s.Main.Length], new double[s.Extra.Length], new double[s.State.Length]);
                var loss = FixturesRelease::Fixtures.LstmManual.ObjectiveGrad(s.L, s.C, s.B, s.Main, dmain, s.Extra, dextra, (double[])s.State.Clone(), dstate, s.Sequence, 1.0, workspace);
                return dmain.Concat(dextra).Concat(dstate).Append(loss).ToArray();
            }
            var first = Once();
            Assert.That(Once(), Is.EqualTo(first));
        }
    }
}
