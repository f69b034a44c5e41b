using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Random programs at scale: every family's programs (10,000 in a CI run), compiled in batches
    /// of <see cref="BatchSize"/>, each batch woven from Debug and from Release IL, loaded, and
    /// every program checked by its family (reverse gradient against central differences, forward
    /// tangent against the reverse gradient). A batch fails if any program in it fails: the report
    /// gives each failing program's seed, how to replay it, its source, and the smallest variant
    /// of the first one that still fails. Programs whose gradient is zero at every test point are
    /// not counted; the counts are printed per batch.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Children)]
    public sealed class RandomPrograms
    {
        public const int BatchSize = 250;

        private static readonly ProgramFamily[] Families =
        {
            new ScalarPrograms(), new CallPrograms(), new MemoryPrograms(), new StructPrograms(), new FloatPrograms(), new MatrixPrograms(), new SumPrograms(),
        };

        public static IEnumerable<TestCaseData> Batches()
        {
            if (Soak.Replay is { } replay)
            {
                foreach (var optimize in new[] { false, true })
                    yield return new TestCaseData(replay.Family, -1, optimize).SetName($"Replay_{replay.Family}_{replay.Seed}_{Build(optimize)}");
                yield break;
            }
            foreach (var family in Families)
            {
                var count = Soak.Count(family.CiCount);
                for (int b = 0; b * BatchSize < count; b++)
                    foreach (var optimize in new[] { false, true })
                        yield return new TestCaseData(family.Name, b, optimize).SetName($"{family.Name}_batch{b}_{Build(optimize)}");
            }
        }

        [TestCaseSource(nameof(Batches))]
        public void Every_program_of_the_batch_has_the_derivatives_its_references_give(string familyName, int batch, bool optimize)
        {
            var family = Families.Single(f => f.Name == familyName);
            var seeds = batch < 0
                ? new[] { Soak.Replay!.Value.Seed }
                : Enumerable.Range(batch * BatchSize, Math.Min(BatchSize, Soak.Count(family.CiCount) - batch * BatchSize))
                    .Select(k => Soak.Seed(family.BaseSeed, k, Soak.Count(family.CiCount))).ToArray();
            var bodies = seeds.Select(family.Generate).ToList();
            var run = BatchRun.Run(family, bodies, optimize);

            TestContext.Progress.WriteLine($"random programs, {family.Name} batch {batch} ({Build(optimize)}): {bodies.Count} made, " +
                $"{run.Count(Verdict.Compared)} compared, {run.Count(Verdict.ZeroGradient)} with a zero gradient (not counted), " +
                $"{run.Count(Verdict.SetAside)} set aside, {run.Failures.Count} failed");
            if (run.Failures.Count == 0) return;

            var report = new StringBuilder($"{run.Failures.Count} of {bodies.Count} {family.Name} programs ({Build(optimize)} IL) fail:\n");
            foreach (var (k, failure) in run.Failures.Take(3))
            {
                report.AppendLine($"--- program seed {seeds[k]}: {failure}");
                report.AppendLine(Soak.HowToReplay(family.Name, seeds[k]));
                report.AppendLine(bodies[k]);
            }
            var (first, firstFailure) = run.Failures[0];
            var shrunk = Shrinker.Shrink(bodies[first], body => BatchRun.Run(family, new[] { body }, optimize).Failures.FirstOrDefault().Failure?.Kind == firstFailure.Kind);
            if (shrunk != bodies[first]) report.AppendLine($"--- the first, shrunk to a program that still fails ({firstFailure.Kind}):\n{shrunk}");
            Assert.Fail(report.ToString());
        }

        private static string Build(bool optimize) => optimize ? "Release" : "Debug";
    }
}
