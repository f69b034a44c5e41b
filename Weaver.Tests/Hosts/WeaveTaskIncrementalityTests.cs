using System;
using System.IO;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// The MSBuild task's builds trust no timestamp about weaving (issue 9, items 3 and 4): an
    /// intermediate assembly left unwoven or empty by an interrupted build, or built with the other
    /// AutoDiffWeave setting, is compiled (and woven) again by the next build; a build that has
    /// nothing to do still compiles nothing. Interruptions are simulated by putting what they leave
    /// in place (see scripts/kill-builds.sh for the real thing).
    /// </summary>
    [TestFixture]
    public sealed class WeaveTaskIncrementalityTests
    {
        [Test]
        public void An_unwoven_or_empty_intermediate_assembly_left_by_an_interrupted_build_is_compiled_and_woven_again()
        {
            using var project = TinyProject.WithTaskHost(TinyProject.SquareProgram);
            // The compiler's output before any weave: what a build killed between the two leaves.
            project.AssertBuilds("-p:AutoDiffWeave=false");
            var unwoven = File.ReadAllBytes(project.IntermediateAssembly);
            project.AssertBuilds();
            project.AssertRunsWoven("a build after one with AutoDiffWeave=false weaves");

            project.ReplaceIntermediateAssembly(unwoven);
            Assert.That(project.AssertBuilds(), Does.Contain("AutoDiff: deleted"));
            project.AssertRunsWoven("an unwoven intermediate assembly newer than the sources is compiled and woven again");

            project.ReplaceIntermediateAssembly(Array.Empty<byte>());
            project.AssertBuilds();
            project.AssertRunsWoven("an empty intermediate assembly (a weave cut short) is compiled and woven again");
        }

        [Test]
        public void Turning_weaving_off_compiles_again_unwoven_and_the_next_build_compiles_nothing()
        {
            using var project = TinyProject.WithTaskHost(TinyProject.SquareProgram);
            project.AssertBuilds();
            project.AssertRunsWoven("weaving is on by default");

            project.AssertBuilds("-p:AutoDiffWeave=false");
            project.AssertRunsUnwoven("AutoDiffWeave=false after a woven build must not keep the woven assembly");

            var compiled = File.GetLastWriteTimeUtc(project.IntermediateAssembly);
            Assert.That(project.AssertBuilds("-p:AutoDiffWeave=false"), Does.Not.Contain("AutoDiff: deleted"));
            Assert.That(File.GetLastWriteTimeUtc(project.IntermediateAssembly), Is.EqualTo(compiled), "an up-to-date build does not compile again");
            project.AssertRunsUnwoven("the setting holds from one build to the next");
        }
    }
}
