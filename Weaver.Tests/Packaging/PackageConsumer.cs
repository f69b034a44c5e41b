using System;
using System.IO;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Packaging
{
    /// <summary>
    /// A user's project folder beside a <see cref="LocalFeed"/>: files written as a user writes
    /// them, and the dotnet commands a user types (restoring from the feed only).
    /// </summary>
    public sealed class PackageConsumer
    {
        private readonly LocalFeed _feed;

        public PackageConsumer(LocalFeed feed, string folder)
        {
            _feed = feed;
            Folder = folder;
        }

        public string Folder { get; }

        /// <summary>The project's name: the folder's project file is named after it (see <see cref="WriteProject"/>).</summary>
        public string Name { get; private set; } = "";

        public void Write(string relativePath, string text)
        {
            var path = Path.Combine(Folder, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public void Delete(string relativePath) => File.Delete(Path.Combine(Folder, relativePath));

        /// <summary>A project file as <c>dotnet new console</c> (or classlib) writes it.</summary>
        public void WriteProject(string name, bool exe = true, string extra = "")
        {
            Name = name;
            Write(name + ".csproj", $@"<Project Sdk=""Microsoft.NET.Sdk"">

  <PropertyGroup>
{(exe ? "    <OutputType>Exe</OutputType>\n" : "")}    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
{extra}
</Project>
");
        }

        /// <summary><c>dotnet add package ID --version V</c>, which also restores.</summary>
        public void AddPackage(string id) => AssertSucceeds("add", "package", id, "--version", LocalFeed.Version);

        /// <summary>Runs dotnet here: no build servers or node reuse, which would outlive the test holding its output pipes.</summary>
        public (int Exit, string Output) Dotnet(params string[] args) => DotnetCommand.Run(Folder, _feed.Environment, args);

        public (int Exit, string Output) Build(params string[] options)
        {
            return Dotnet(new[] { "build", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary" }.Concat(options).ToArray());
        }

        public string AssertBuilds(params string[] options) => AssertOk(Build(options), "dotnet build");

        public string AssertSucceeds(params string[] args) => AssertOk(Dotnet(args), "dotnet " + string.Join(" ", args));

        /// <summary>Runs the built program (bin/Debug/net10.0/NAME.dll) or another assembly given by path.</summary>
        public (int Exit, string Output) RunBuilt(string? assembly = null) =>
            Dotnet(assembly ?? Path.Combine("bin", "Debug", "net10.0", Name + ".dll"));

        /// <summary>The compiler's output, which the build weaves in place.</summary>
        public string IntermediateAssembly => Path.Combine(Folder, "obj", "Debug", "net10.0", Name + ".dll");

        public string BuiltAssembly => Path.Combine(Folder, "bin", "Debug", "net10.0", Name + ".dll");

        private static string AssertOk((int Exit, string Output) result, string what)
        {
            Assert.That(result.Exit, Is.Zero, what + " failed:\n" + result.Output);
            return result.Output;
        }
    }
}
