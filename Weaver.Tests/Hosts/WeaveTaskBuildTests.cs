using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// The MSBuild task end to end: a real <c>dotnet build</c> of a small project, outside this
    /// repository, that references the runtime and the generator and imports the task's
    /// AutoDiff.Build.targets from its build output, as a user's project would. The project has no
    /// package references, so its restore needs no network. Each build takes a few seconds.
    /// </summary>
    [TestFixture]
    public sealed class WeaveTaskBuildTests
    {
        private const string Program = @"using AutoDiff;
using static AutoDiff.Activity;

var (y, dx) = Functions.Bar(3f, 1f);
System.Console.WriteLine($""{y} {dx}"");

public static partial class Functions
{
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static float Foo(float x) => x * x;
}
";

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

        private string _folder = "";

        [SetUp]
        public void CreateProjectFolder()
        {
            _folder = Path.Combine(Path.GetTempPath(), "autodiff-task-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
        }

        [TearDown]
        public void DeleteProjectFolder()
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }

        [Test]
        public void Build_weaves_the_intermediate_assembly_and_the_program_runs()
        {
            WriteProject(Program);

            var build = Dotnet("build", "Tiny.csproj");

            Assert.That(build.Exit, Is.Zero, build.Output);
            Assert.That(build.Output, Does.Contain("AutoDiff: 1 derivative(s) woven into Tiny.dll."));
            var run = Dotnet(Path.Combine("bin", "Debug", "net10.0", "Tiny.dll"));
            Assert.That(run.Exit, Is.Zero, run.Output);
            Assert.That(run.Output.Trim(), Is.EqualTo("9 6"));
        }

        [Test]
        public void A_diagnostic_fails_the_build_in_canonical_form_and_deletes_the_intermediate_assembly()
        {
            WriteProject(RefusedProgram);

            var build = Dotnet("build", "Tiny.csproj");

            Assert.That(build.Exit, Is.Not.Zero, build.Output);
            Assert.That(build.Output, Does.Match(@"Program\.cs\(11,\d+\): error AD2001: "));
            Assert.That(File.Exists(Path.Combine(_folder, "obj", "Debug", "net10.0", "Tiny.dll")), Is.False,
                "a failed weave deletes the intermediate assembly so the next build cannot take it as up to date");
        }

        private void WriteProject(string program)
        {
            var runtime = typeof(AutoDiff.Activity).Assembly.Location;
            File.WriteAllText(Path.Combine(_folder, "Program.cs"), program);
            File.WriteAllText(Path.Combine(_folder, "Tiny.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include=""{runtime}"" />
    <Analyzer Include=""{Metadata("AutoDiffGeneratorAssembly")}"" />
  </ItemGroup>
  <Import Project=""{Path.Combine(Metadata("AutoDiffBuildTaskFolder"), "AutoDiff.Build.targets")}"" />
</Project>
");
        }

        private static string Metadata(string key) =>
            Path.GetFullPath(typeof(WeaveTaskBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);

        /// <summary>
        /// Runs dotnet in the project folder. No build servers and no node reuse: a compiler
        /// server or MSBuild node left running would inherit the output pipes and outlive the test.
        /// MSBuild's own variables from the test run are not passed on.
        /// </summary>
        private (int Exit, string Output) Dotnet(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            if (args[0] == "build")
            {
                foreach (var a in new[] { "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary" }) start.ArgumentList.Add(a);
            }
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = System.Diagnostics.Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
    }
}
