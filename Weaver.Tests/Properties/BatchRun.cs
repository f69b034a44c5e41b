using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>How a program failed: it did not compile (a generator bug), the weaver refused or crashed, a derivative disagreed with its reference, or a call threw.</summary>
    public enum FailureKind { Compile, Weave, Mismatch, Crash }

    public sealed record Failure(FailureKind Kind, string Message)
    {
        public override string ToString() => $"{Kind}: {Message}";
    }

    /// <summary>One batch of a family's programs, compiled as one assembly, woven, loaded and checked program by program.</summary>
    public sealed class BatchRun
    {
        private readonly Dictionary<Verdict, int> _verdicts = new Dictionary<Verdict, int>();

        public List<(int Program, Failure Failure)> Failures { get; } = new List<(int, Failure)>();

        public int Count(Verdict verdict) => _verdicts.TryGetValue(verdict, out var n) ? n : 0;

        public static BatchRun Run(ProgramFamily family, IReadOnlyList<string> bodies, bool optimize)
        {
            var run = new BatchRun();
            var firstLines = new List<int>();
            var source = family.Source(bodies, firstLines);
            int ProgramAt(int? line) => line is int l ? Math.Max(0, firstLines.FindLastIndex(first => first <= l)) : 0;

            var compiled = TestCompiler.TryCompile(source, optimize);
            if (compiled.Errors.Count > 0)
            {
                foreach (var e in compiled.Errors.GroupBy(e => ProgramAt(e.Location.GetLineSpan().StartLinePosition.Line + 1)))
                    run.Failures.Add((e.Key, new Failure(FailureKind.Compile, string.Join("; ", e.Select(x => x.ToString())))));
                return run;
            }
            var module = compiled.ReadModule();
            var sink = new CollectingSink();
            try
            {
                new WeaverEngine(module, sink).Run();
            }
            catch (Exception e)
            {
                run.Failures.Add((0, new Failure(FailureKind.Weave, "the weaver threw " + e)));
                return run;
            }
            if (sink.Diagnostics.Count > 0)
            {
                foreach (var d in sink.Diagnostics.GroupBy(d => ProgramAt(d.Location?.Line)))
                    run.Failures.Add((d.Key, new Failure(FailureKind.Weave, string.Join("; ", d))));
                return run;
            }

            // Not every method is forced through the JIT up front: each is called below, and a
            // body the JIT rejects throws InvalidProgramException on that call, a failure here.
            using var woven = WovenAssembly.Load(module, prepareEveryMethod: false);
            for (int k = 0; k < bodies.Count; k++)
            {
                try
                {
                    var verdict = family.Check(woven.Assembly, k);
                    run._verdicts[verdict] = run.Count(verdict) + 1;
                }
                catch (ProgramMismatch m)
                {
                    run.Failures.Add((k, new Failure(FailureKind.Mismatch, m.Message)));
                }
                catch (Exception e)
                {
                    var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
                    run.Failures.Add((k, new Failure(FailureKind.Crash, inner.GetType().Name + ": " + inner.Message)));
                }
            }
            return run;
        }
    }
}
