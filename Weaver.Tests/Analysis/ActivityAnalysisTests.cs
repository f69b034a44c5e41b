using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Analysis
{
    /// <summary>Activity on real compiler output: active = depends on an active input and reaches an active output.</summary>
    [TestFixture]
    public sealed class ActivityAnalysisTests
    {
        private static (Function F, ActivityInfo Info) Analyse(string body, ISet<int> active, bool returnActive, bool optimize)
        {
            using var fixture = new LoadedFixture("public static class C { " + body + " }", optimize);
            var f = PrimalReader.Read(fixture.Method("C", "F"));
            return (f, ActivityAnalysis.Run(f, active, returnActive));
        }

        /// <summary>The active instructions, printed as the IR dump prints them, in block order.</summary>
        private static List<string> ActiveOps(Function f, ActivityInfo info) =>
            f.Blocks.SelectMany(b => b.Instructions).Where(info.IsActive)
                .Select(i => i.Op == Op.Call ? "call " + i.Method!.Name : i.Op.ToString().ToLowerInvariant()).ToList();

        [TestCase(false), TestCase(true)]
        public void OnlyValuesBetweenActiveInputsAndTheOutputAreActive(bool optimize)
        {
            // y is Const: y*y is varied by nothing; Math.Cos(x) never reaches the return.
            var (f, info) = Analyse(@"public static double F(double x, double y)
                { double unused = System.Math.Cos(x); return System.Math.Sin(x) * 2 + y * y; }", new HashSet<int> { 0 }, true, optimize);
            Assert.That(info.IsActive(f.Parameters[0]), Is.True);
            Assert.That(info.IsActive(f.Parameters[1]), Is.False);
            Assert.That(ActiveOps(f, info), Is.EqualTo(new[] { "call Sin", "mul", "add" }));
        }

        [TestCase(false), TestCase(true)]
        public void IntegersAndComparisonsAreNeverActive(bool optimize)
        {
            var (f, info) = Analyse(@"public static double F(double x)
                { int n = (int)(x * 3); return n > 1 ? x * n : x; }", new HashSet<int> { 0 }, true, optimize);
            var inactive = f.Blocks.SelectMany(b => b.Instructions).Where(i => i.Op is Op.Conv or Op.Compare).ToList();
            Assert.That(inactive, Is.Not.Empty);
            Assert.That(inactive.Any(info.IsActive), Is.False);
            Assert.That(info.IsVaried(inactive.First(i => i.Op == Op.Conv).Operands[0]), Is.True, "x*3 depends on x");
            Assert.That(ActiveOps(f, info), Does.Contain("mul"));
        }

        [Test]
        public void NothingIsActiveWhenTheReturnIsConst()
        {
            var (_, info) = Analyse("public static double F(double x) => x * x + 1;", new HashSet<int> { 0 }, false, true);
            Assert.That(info.ActiveCount, Is.EqualTo(0));
        }

        [Test]
        public void PhisJoinActivityFromEveryPath()
        {
            var (f, info) = Analyse("public static double F(double x, bool c) { double t = 1; if (c) t = x * 2; return t + 3; }",
                new HashSet<int> { 0 }, true, optimize: true);
            var phis = f.Blocks.SelectMany(b => b.Phis).Where(p => p.Type.IsFloat).ToList();
            Assert.That(phis, Is.Not.Empty);
            Assert.That(phis.All(info.IsActive), Is.True);
        }

        [Test]
        public void TheRuntimeAndTheWeaverAgreeOnActivityNumbers()
        {
            // The weaver reads activities from attribute blobs as numbers, through its own mirror of the enum.
            foreach (var name in System.Enum.GetNames(typeof(AutoDiff.Activity)))
            {
                var runtime = (int)System.Enum.Parse(typeof(AutoDiff.Activity), name);
                var weaver = (int)System.Enum.Parse(typeof(Weaver.Differentiation.Activity), name);
                Assert.That(weaver, Is.EqualTo(runtime), name);
            }
            Assert.That(System.Enum.GetNames(typeof(Weaver.Differentiation.Activity)), Is.EquivalentTo(System.Enum.GetNames(typeof(AutoDiff.Activity))));
        }

        [TestCase(false), TestCase(true)]
        public void ForLoopsAreSimpleAndTheirCounterIsAnInductionVariable(bool optimize)
        {
            using var fixture = new LoadedFixture(@"public static class C { public static double F(double[] x)
                { double s = 0; for (int i = 0; i < x.Length; i++) for (int j = 2; j < 9; j += 3) s += x[i] * j; return s; } }", optimize);
            var f = PrimalReader.Read(fixture.Method("C", "F"));
            var loops = LoopAnalysis.Find(f);
            Assert.That(loops, Has.Count.EqualTo(2));
            Assert.That(RepeatingBlocks.Find(f).SetEquals(loops.SelectMany(l => l.Body)), Is.True);
            foreach (var loop in loops)
            {
                var inductions = loop.Header.Phis.Where(p => loop.IsInductionVariable(p, out _, out _)).ToList();
                Assert.That(inductions, Has.Count.EqualTo(1), "i and j, not s");
            }
        }

        [Test]
        public void ALoopWithTwoLatchesIsNotSimple()
        {
            using var fixture = new LoadedFixture(@"public static class C { public static double F(double x, int n)
                { int i = 0; double s = 0; while (i < n) { i++; if (i % 3 == 0) continue; s += x; } return s; } }", optimize: true);
            var f = PrimalReader.Read(fixture.Method("C", "F"));
            Assert.That(LoopAnalysis.Find(f), Is.Empty);
            Assert.That(RepeatingBlocks.Find(f), Is.Not.Empty);
        }
    }
}
