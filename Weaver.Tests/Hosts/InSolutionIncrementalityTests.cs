using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// The in-solution (Fody) host's builds trust no timestamp about weaving (issue 9, items 3 and
    /// 4), as <see cref="WeaveTaskIncrementalityTests"/> checks for the MSBuild task; here the
    /// builds after the first skip restore, since toggling AutoDiffWeave must not need one. Fody
    /// writes the woven assembly in place, so a killed weave can leave it empty. The project
    /// references Runtime, Generator and Weaver in this repository: each build walks them too.
    /// </summary>
    [TestFixture]
    public sealed class InSolutionIncrementalityTests
    {
        [Test]
        public void Toggling_weaving_without_restore_and_an_empty_intermediate_assembly_rebuild_what_the_setting_asks()
        {
            using var project = TinyProject.WithInSolutionHost(TinyProject.SquareProgram);
            project.AssertBuilds("-p:AutoDiffWeave=false");
            project.AssertRunsUnwoven("AutoDiffWeave=false does not weave");

            Assert.That(project.AssertBuilds("--no-restore"), Does.Contain("AutoDiff: deleted"));
            project.AssertRunsWoven("a build without restore after one with AutoDiffWeave=false weaves");

            project.ReplaceIntermediateAssembly(Array.Empty<byte>());
            project.AssertBuilds("--no-restore");
            project.AssertRunsWoven("an empty intermediate assembly (a Fody weave cut short) is compiled and woven again");

            project.AssertBuilds("--no-restore", "-p:AutoDiffWeave=false");
            project.AssertRunsUnwoven("AutoDiffWeave=false after a woven build must not keep the woven assembly");
        }
    }
}
