using System;
using System.IO;
using System.Linq;
using System.Reflection;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// A one-file console project in a temporary folder outside this repository, built with a real
    /// <c>dotnet build</c> through one of the two build hosts, as a user's project would be: the
    /// MSBuild task (AutoDiff.Build.targets from the task's output folder; no package references,
    /// so its restore needs no network) or in-solution Fody (AutoDiff.InSolution.props/.targets of
    /// this repository; Fody comes from the local package cache). Each build takes a few seconds.
    /// </summary>
    public sealed class TinyProject : IDisposable
    {
        /// <summary>Prints "9 6" when woven (x² and its derivative at 3); throws AutoDiffNotWovenException when not.</summary>
        public const string SquareProgram = @"using AutoDiff;
using static AutoDiff.Activity;

var (y, dx) = Functions.Bar(3f, 1f);
System.Console.WriteLine($""{y} {dx}"");

public static partial class Functions
{
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static float Foo(float x) => x * x;
}
";

        private TinyProject(string folder) => Folder = folder;

        public string Folder { get; }

        /// <summary>The compiler's output, which the hosts weave in place: obj/Debug/net10.0/Tiny.dll.</summary>
        public string IntermediateAssembly => Path.Combine(Folder, "obj", "Debug", "net10.0", "Tiny.dll");

        /// <summary>A project that imports the MSBuild task's AutoDiff.Build.targets at its end and references the runtime and generator files directly.</summary>
        public static TinyProject WithTaskHost(string program)
        {
            var project = Create(program);
            File.WriteAllText(Path.Combine(project.Folder, "Tiny.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include=""{typeof(AutoDiff.Activity).Assembly.Location}"" />
    <Analyzer Include=""{Metadata("AutoDiffGeneratorAssembly")}"" />
  </ItemGroup>
  <Import Project=""{Path.Combine(Metadata("AutoDiffBuildTaskFolder"), "AutoDiff.Build.targets")}"" />
</Project>
");
            return project;
        }

        /// <summary>A project wired like this repository's samples: AutoDiff.InSolution.props at its top, .targets at its end (Fody, and project references to Runtime, Generator and Weaver).</summary>
        public static TinyProject WithInSolutionHost(string program)
        {
            var project = Create(program);
            var build = Path.Combine(Metadata("AutoDiffRepositoryRoot"), "build");
            File.WriteAllText(Path.Combine(project.Folder, "Tiny.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <Import Project=""{Path.Combine(build, "AutoDiff.InSolution.props")}"" />
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <Import Project=""{Path.Combine(build, "AutoDiff.InSolution.targets")}"" />
</Project>
");
            return project;
        }

        private static TinyProject Create(string program)
        {
            var folder = Path.Combine(Path.GetTempPath(), "autodiff-tiny-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
            return new TinyProject(folder);
        }

        /// <summary><c>dotnet build Tiny.csproj</c> with <paramref name="options"/> (e.g. <c>-p:AutoDiffWeave=false</c>, <c>--no-restore</c>).</summary>
        public (int Exit, string Output) Build(params string[] options) =>
            Dotnet(new[] { "build", "Tiny.csproj", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary" }.Concat(options).ToArray());

        /// <summary>Runs the built program from bin/.</summary>
        public (int Exit, string Output) Run() => Dotnet(Path.Combine("bin", "Debug", "net10.0", "Tiny.dll"));

        /// <summary>
        /// Runs dotnet in the project folder. No build servers and no node reuse (see
        /// <see cref="Build"/>): a compiler server or MSBuild node left running would inherit the
        /// output pipes and outlive the test.
        /// </summary>
        public (int Exit, string Output) Dotnet(params string[] args) => DotnetCommand.Run(Folder, null, args);

        /// <summary>Builds with <paramref name="options"/>, asserts success, and returns the build's output.</summary>
        public string AssertBuilds(params string[] options)
        {
            var build = Build(options);
            Assert.That(build.Exit, Is.Zero, build.Output);
            return build.Output;
        }

        /// <summary>The program in bin/ prints the woven derivative.</summary>
        public void AssertRunsWoven(string because)
        {
            var run = Run();
            Assert.That(run.Output.Trim(), Is.EqualTo("9 6"), because);
            Assert.That(run.Exit, Is.Zero, run.Output);
        }

        /// <summary>The program in bin/ stops at the derivative's stub, as an unwoven build must.</summary>
        public void AssertRunsUnwoven(string because)
        {
            var run = Run();
            Assert.That(run.Output, Does.Contain("AutoDiff.AutoDiffNotWovenException"), because);
            Assert.That(run.Exit, Is.Not.Zero, run.Output);
        }

        /// <summary>Puts <paramref name="image"/> where the compiler writes, newer than every source: what an interrupted build leaves there.</summary>
        public void ReplaceIntermediateAssembly(byte[] image) => File.WriteAllBytes(IntermediateAssembly, image);

        public void Dispose()
        {
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static string Metadata(string key) =>
            Path.GetFullPath(typeof(TinyProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);
    }
}
