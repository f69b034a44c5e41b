using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Engine
{
    /// <summary>
    /// The pass list: its order, that the tests run with the IR verified after every pass, that
    /// every fixture derivative is woven so (and the same as without), and that a pass breaking
    /// the IR is caught right after it and named, with the function it broke.
    /// </summary>
    [TestFixture]
    public sealed class PipelineTests
    {
        [Test]
        public void The_passes_run_in_this_order()
        {
            var lines = Pipeline.Standard.Steps.Select(s => $"{s.Stage} {s.Pass.Name}" + (s.OnlyIn == null ? "" : $" ({s.OnlyIn})"));

            Assert.That(lines, Is.EqualTo(new[]
            {
                "Inlining CallInliner",
                "Frontend CfgBuilder",
                "Frontend SsaBuilder",
                "Frontend RemoveTrivialPhis",
                "Frontend RemoveDeadStructValues",
                "Frontend RemoveRedundantLoads",
                "Analysis MarkCalls",
                "Analysis ShadowAnalysis",
                "Analysis ActivityAnalysis",
                "Analysis LostDerivativeCheck",
                "Analysis ReturnedArrayCheck",
                "Differentiation ForwardEmitter (Forward)",
                "Differentiation ReverseEmitter (Reverse)",
                "Optimisation AdjointZeroAdds (Reverse)",
                "Optimisation ShadowSlotForwarding (Reverse)",
                "Optimisation AdjointZeroAdds (Reverse)",
                "Backend PublicFieldAccess",
                "Backend IlEmitter",
                "Backend AccessWidening",
            }));
        }

        [Test]
        public void The_tests_verify_the_IR_after_every_pass()
        {
            Assert.That(Pipeline.Standard.Verifies, Is.True, $"the test assembly sets {Pipeline.VerifyVariable}=1 before the engine is reached (Support/VerifyIrAfterEveryPass.cs)");
        }

        [Test]
        public void Every_fixture_derivative_is_woven_with_the_IR_verified_after_every_pass_and_the_same_as_without()
        {
            using var unwoven = AssemblyFile.Read(FixtureAssemblies.PathOf(FixtureBuild.Unwoven));
            var sink = new CollectingSink();

            var result = new WeaverEngine(unwoven.Module, sink, Pipeline.Standard.WithVerification(true)).Run();

            Assert.That(sink.Diagnostics, Is.Empty, string.Join("\n", sink.Diagnostics));
            Assert.That(result.DerivativesWritten, Is.GreaterThan(100));
            // The Release fixture is the same IL, woven by Fody in the build, where nothing sets the
            // variable. Compared as written (a reference made in memory prints its generic
            // parameters by name, one read back by position).
            using var release = ModuleDefinition.ReadModule(FixtureAssemblies.PathOf(FixtureBuild.Release));
            var image = new System.IO.MemoryStream();
            unwoven.Module.Write(image);
            image.Position = 0;
            using var verified = ModuleDefinition.ReadModule(image);
            var compared = 0;
            foreach (var type in release.Types)
            {
                foreach (var method in type.Methods.Where(m => m.HasBody))
                {
                    var twin = verified.GetType(type.FullName).Methods.Single(m => m.FullName == method.FullName);
                    Assert.That(Il(twin), Is.EqualTo(Il(method)), method.FullName);
                    compared++;
                }
            }
            Assert.That(compared, Is.GreaterThan(result.DerivativesWritten));
        }

        private static string Il(MethodDefinition m) =>
            string.Join("\n", m.Body.Instructions.Select(i => i.ToString())) + "\nlocals: " + string.Join(", ", m.Body.Variables.Select(v => v.VariableType.FullName));

        private const string Source = @"using AutoDiff; using static AutoDiff.Activity;
namespace Demo {
public static partial class Functions {
    [AutoDiffReverse(""DSquare"", Active, Active)]
    public static double Square(double x) => x > 0 ? x * x : -x;
}
}";

        /// <summary>Adds a block without a terminator, which nothing jumps to.</summary>
        private static IPass Stray(string name, bool inDerivative) =>
            new Pass(name, c => (inDerivative ? c.Derivative : c.Primal).AddBlock("stray"));

        private static List<Weaver.Diagnostics.Diagnostic> WeaveWith(Pipeline pipeline)
        {
            var module = TestCompiler.Compile(Source, optimize: true).ReadModule();
            var sink = new CollectingSink();
            new WeaverEngine(module, sink, pipeline).Run();
            return sink.Diagnostics;
        }

        [Test]
        public void A_pass_that_breaks_the_primal_is_named_with_the_primal()
        {
            var broken = Pipeline.Standard.WithVerification(true).InsertAfter("RemoveTrivialPhis", Stray("BreakPrimal", inDerivative: false));

            var diagnostics = WeaveWith(broken);

            Assert.That(diagnostics, Has.Count.EqualTo(1), string.Join("\n", diagnostics));
            Assert.That(diagnostics[0].Code, Is.EqualTo("AD9001"));
            Assert.That(diagnostics[0].Message, Does.Contain("IR verification failed after pass 5 BreakPrimal: the primal 'System.Double Demo.Functions::Square(System.Double)' is malformed: ").And.Contain("has no terminator"));
        }

        [Test]
        public void The_same_broken_pass_goes_unnoticed_without_verification()
        {
            var broken = Pipeline.Standard.WithVerification(false).InsertAfter("RemoveTrivialPhis", Stray("BreakPrimal", inDerivative: false));

            Assert.That(WeaveWith(broken), Is.Empty, "what the verifier catches above, nothing else in the engine would");
        }

        [Test]
        public void A_pass_that_breaks_the_derivative_is_named_with_the_derivative()
        {
            var broken = Pipeline.Standard.WithVerification(true).InsertAfter("ShadowSlotForwarding", Stray("BreakDerivative", inDerivative: true));

            var diagnostics = WeaveWith(broken);

            Assert.That(diagnostics, Has.Count.EqualTo(1), string.Join("\n", diagnostics));
            Assert.That(diagnostics[0].Code, Is.EqualTo("AD9001"));
            Assert.That(diagnostics[0].Message, Does.Contain("IR verification failed after pass 16 BreakDerivative: the derivative 'DSquare' of 'System.Double Demo.Functions::Square(System.Double)' is malformed: ").And.Contain("has no terminator"));
        }

        [Test]
        public void A_pass_that_reads_what_no_pass_made_yet_says_so()
        {
            var early = new Pipeline(new[] { new PipelineStep(PassStage.Frontend, new Pass("TooEarly", c => _ = c.Activity), "reads activity in the frontend") }, verifies: false);
            var method = TestCompiler.Compile(Source, optimize: true).ReadModule().GetType("Demo.Functions").Methods.Single(m => m.Name == "Square");

            Assert.That(() => early.Run(new PassContext(method), PassStage.Frontend, PassStage.Frontend),
                Throws.InvalidOperationException.With.Message.Contains("the activity analysis is not made yet"));
        }
    }
}
