using System.IO;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// The MSBuild task end to end: a real <c>dotnet build</c> of a small project that imports the
    /// task's AutoDiff.Build.targets from its build output, as a user's project would (see
    /// <see cref="TinyProject"/>).
    /// </summary>
    [TestFixture]
    public sealed class WeaveTaskBuildTests
    {
        // Line 11 reads a mutable static field inside the differentiated method: AD2001.
        private const string RefusedProgram = @"using AutoDiff;
using static AutoDiff.Activity;

var (y, dx) = Functions.Bar(3.0, 1.0);
System.Console.WriteLine($""{y} {dx}"");

public static partial class Functions
{
    static double _k = 2;
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static double Foo(double x) => x * _k;
}
";

        [Test]
        public void Build_weaves_the_intermediate_assembly_and_the_program_runs()
        {
            using var project = TinyProject.WithTaskHost(TinyProject.SquareProgram);

            var build = project.Build();

            Assert.That(build.Exit, Is.Zero, build.Output);
            Assert.That(build.Output, Does.Contain("AutoDiff: 1 derivative(s) woven into Tiny.dll."));
            var run = project.Run();
            Assert.That(run.Exit, Is.Zero, run.Output);
            Assert.That(run.Output.Trim(), Is.EqualTo("9 6"));
        }

        [Test]
        public void A_diagnostic_fails_the_build_in_canonical_form_and_deletes_the_intermediate_assembly()
        {
            using var project = TinyProject.WithTaskHost(RefusedProgram);

            var build = project.Build();

            Assert.That(build.Exit, Is.Not.Zero, build.Output);
            Assert.That(build.Output, Does.Match(@"Program\.cs\(11,\d+\): error AD2001: "));
            Assert.That(File.Exists(project.IntermediateAssembly), Is.False,
                "a failed weave deletes the intermediate assembly so the next build cannot take it as up to date");
        }
    }
}
