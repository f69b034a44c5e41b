extern alias FixturesUnwoven;

using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using Primal = FixturesUnwoven::Fixtures.Loops;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Loops on scalars in both modes, on the Fody-woven fixtures (Debug and Release IL): exact
    /// values where the math gives them, central differences otherwise, and forward against
    /// reverse. Reverse mode replays each loop backwards from its tape.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class LoopTests
    {
        private const string Type = "Fixtures.Loops";
        private readonly FixtureBuild _build;

        public LoopTests(FixtureBuild build) => _build = build;

        private T Get<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, Type, name);

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        [Test]
        public void HundredIterationsGiveAHundredEach()
        {
            Assert.That(Get<Func<double, double, double, (double, double, double)>>("SumRev")(0.3, 0.4, 1), Is.EqualTo((Primal.Sum100(0.3, 0.4), 100.0, 100.0)));
            Assert.That(Get<Func<double, double, double, double, (double, double)>>("SumFwd")(0.3, 1, 0.4, 0).Item2, Is.EqualTo(100.0));
        }

        [Test]
        public void NestedLoopsGiveTenThousandEach()
        {
            var (value, da, db) = Get<Func<double, double, double, (double, double, double)>>("NestedRev")(0.3, 0.4, 1);
            Assert.That(value, Is.EqualTo(Primal.Nested(0.3, 0.4)));
            Assert.That((da, db), Is.EqualTo((10000.0, 10000.0)));
            Assert.That(Get<Func<double, double, double, double, (double, double)>>("NestedFwd")(0.3, 0, 0.4, 1).Item2, Is.EqualTo(10000.0));
        }

        [Test]
        public void TripCountKnownOnlyAtRunTime()
        {
            var rev = Get<Func<double, int, double, (double, double)>>("PowerRev");
            var fwd = Get<Func<double, double, int, (double, double)>>("PowerFwd");
            foreach (var n in new[] { 0, 1, 2, 5, 13 })
            {
                var (value, dx) = rev(1.1, n, 1);
                Assert.That(value, Is.EqualTo(Primal.Power(1.1, n)));
                Near(dx, n * Math.Pow(1.1, n - 1), $"n={n}", 1e-12);
                Near(fwd(1.1, 1, n).Item2, dx, $"forward n={n}", 1e-12);
            }
        }

        [Test]
        public void DataDependentExit()
        {
            var rev = Get<Func<double, double, (double, double)>>("UntilRev");
            var fwd = Get<Func<double, double, (double, double)>>("UntilFwd");
            foreach (var x in new[] { 0.7, 1.3, 3.1 })
            {
                var (value, dx) = rev(x, 1);
                Assert.That(value, Is.EqualTo(Primal.Until(x)));
                Near(dx, FiniteDifferences.Derivative(Primal.Until, x), $"x={x}");
                Near(fwd(x, 1).Item2, dx, "forward", 1e-12);
            }
        }

        [Test]
        public void ReturnFromInsideTheLoop()
        {
            var rev = Get<Func<double, double, (double, double)>>("NewtonRev");
            var fwd = Get<Func<double, double, (double, double)>>("NewtonFwd");
            foreach (var a in new[] { 0.5, 2.0, 9.0 })
            {
                var (value, da) = rev(a, 1);
                Assert.That(value, Is.EqualTo(Primal.Newton(a)));
                Near(da, 0.5 / Math.Sqrt(a), $"a={a}", 1e-6);
                Near(fwd(a, 1).Item2, da, "forward", 1e-12);
            }
        }

        [Test]
        public void LoopCarriedSwapContinueAndDoWhile()
        {
            var rev = Get<Func<double, double, int, double, (double, double, double)>>("FibRev");
            var fwd = Get<Func<double, double, double, double, int, (double, double)>>("FibFwd");
            foreach (var n in new[] { 1, 4, 9 })
            {
                var g = FiniteDifferences.Gradient(p => Primal.Fib(p[0], p[1], n), 0.6, 1.1);
                var (value, da, db) = rev(0.6, 1.1, n, 1);
                Assert.That(value, Is.EqualTo(Primal.Fib(0.6, 1.1, n)));
                Near(da, g[0], $"∂a n={n}");
                Near(db, g[1], $"∂b n={n}");
                Near(fwd(0.6, 2, 1.1, -1, n).Item2, 2 * da - db, "⟨ẋ, ∇f⟩", 1e-12);
            }
        }

        [TestCase("TwoLatches")]
        [TestCase("Irreducible")]
        public void CyclesThatAreNotSimpleLoopsUseTheGenericTape(string name)
        {
            var rev = Get<Func<double, int, double, (double, double)>>(name + "Rev");
            var fwd = Get<Func<double, double, int, (double, double)>>(name + "Fwd");
            Func<double, int, double> primal = name == "TwoLatches" ? Primal.TwoLatches : Primal.Irreducible;
            foreach (var n in new[] { 1, 2, 5, 8 })
            {
                var (value, dx) = rev(0.7, n, 1);
                Assert.That(value, Is.EqualTo(primal(0.7, n)), $"n={n}");
                Near(dx, FiniteDifferences.Derivative(v => primal(v, n), 0.7), $"n={n}");
                Near(fwd(0.7, 1, n).Item2, dx, $"forward n={n}", 1e-12);
            }
        }

        [Test]
        public void RepeatedCallsAllocateNothingInSteadyState()
        {
            var power = Get<Func<double, int, double, (double, double)>>("PowerRev");
            var until = Get<Func<double, double, (double, double)>>("UntilRev");
            double sink = 0;
            for (int k = 0; k < 300; k++) sink += power(1.01, 50, 1).Item2 + until(1.3, 1).Item2;
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 1000; k++) sink += power(1.01, 50, 1).Item2 + until(1.3, 1).Item2;
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0), $"checksum {sink}");
        }
    }
}
