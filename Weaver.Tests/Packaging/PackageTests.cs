using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Packaging
{
    /// <summary>
    /// Issue 10: what a new user does, outside this repository's build. The four packages are
    /// packed once (<see cref="LocalFeed"/>) and fresh consumer projects restore them from that
    /// feed, build, publish, test and run, as the README's "Use it in your project" says.
    /// About two minutes in all: one pack, then a few restores and builds per test.
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public sealed class PackageTests
    {
        private LocalFeed _feed = null!;

        [OneTimeSetUp]
        public void Pack() => _feed = LocalFeed.Create();

        [OneTimeTearDown]
        public void DeleteFeed() => _feed?.Dispose();

        [Test]
        public void The_four_packages_have_the_layout_and_metadata_users_rely_on()
        {
            Assert.That(Directory.GetFiles(_feed.Feed, "*.nupkg").Select(Path.GetFileName),
                Is.EquivalentTo(LocalFeed.PackageIds.Select(id => $"{id}.{LocalFeed.Version}.nupkg")));

            AssertPackage("AutoDiff.Weaver.Runtime", new[]
            {
                "lib/netstandard2.0/AutoDiff.Runtime.dll", "lib/net8.0/AutoDiff.Runtime.dll", "lib/net8.0/AutoDiff.Runtime.pdb",
                "analyzers/dotnet/cs/AutoDiff.Generator.dll",
            }, dependencies: new string[0]);
            AssertPackage("AutoDiff.Weaver", new[]
            {
                "build/AutoDiff.Weaver.targets", "buildTransitive/AutoDiff.Weaver.targets",
                "tasks/netstandard2.0/AutoDiff.Build.dll", "tasks/netstandard2.0/AutoDiff.Fody.dll", "tasks/netstandard2.0/Mono.Cecil.dll",
                "tasks/netstandard2.0/AutoDiff.Build.targets", "tasks/netstandard2.0/AutoDiff.WeaveStamp.targets",
            }, dependencies: new[] { "AutoDiff.Weaver.Runtime" });
            AssertPackage("AutoDiff.Fody", new[]
            {
                "weaver/AutoDiff.Fody.dll", "build/AutoDiff.Fody.props", "build/AutoDiff.Fody.targets",
                "build/AutoDiff.FodyHook.targets", "build/AutoDiff.WeaveStamp.targets",
            }, dependencies: new[] { "Fody", "AutoDiff.Weaver.Runtime" });
            AssertPackage("AutoDiff.Weaver.Tool", new[]
            {
                "tools/net10.0/any/autodiff.dll", "tools/net10.0/any/DotnetToolSettings.xml", "tools/net10.0/any/AutoDiff.Fody.dll",
            }, dependencies: new string[0]);

            // Nothing that belongs in the task's or the tool's folder leaks into a user's references.
            Assert.That(Entries("AutoDiff.Weaver").Concat(Entries("AutoDiff.Fody")).Where(e => e.StartsWith("lib/", StringComparison.Ordinal)), Is.Empty);
        }

        [Test]
        public void Packing_the_same_sources_again_gives_the_same_bytes()
        {
            var again = Path.Combine(_feed.Root, "feed-again");
            var pack = Support.DotnetCommand.Run(_feed.Source, null, "pack", Path.Combine("nuget", "Packages.slnf"), "-c", "Release", "-o", again,
                "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.That(pack.Exit, Is.Zero, pack.Output);
            foreach (var id in LocalFeed.PackageIds)
            {
                var name = $"{id}.{LocalFeed.Version}.nupkg";
                Assert.That(File.ReadAllBytes(Path.Combine(again, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_feed.Feed, name))), name);
            }
        }

        [Test]
        public void Every_project_the_package_filter_leaves_out_of_the_solution_is_not_packable()
        {
            var solution = File.ReadAllText(Path.Combine(_feed.Source, "AutoDiff.Weaver.sln"));
            var inSolution = Regex.Matches(solution, @"""([^""]+\.csproj)""").Select(m => m.Groups[1].Value.Replace('\\', '/')).ToList();
            var filter = File.ReadAllText(Path.Combine(_feed.Source, "nuget", "Packages.slnf"));
            var inFilter = Regex.Matches(filter, @"""([^""]+\.csproj)""").Select(m => m.Groups[1].Value.Replace('\\', '/')).ToList();
            Assert.That(inFilter, Is.SubsetOf(inSolution));
            foreach (var project in inSolution.Except(inFilter))
            {
                var (exit, output) = Support.DotnetCommand.Run(_feed.Source, null, "msbuild", project, "-getProperty:IsPackable");
                Assert.That(exit, Is.Zero, output);
                Assert.That(output.Trim(), Is.EqualTo("false"), $"{project} is packable but `dotnet pack nuget/Packages.slnf` leaves it out");
            }
        }

        [Test]
        public void Weaver_package_weaves_the_seed_example_on_build_and_publish_keeps_line_numbers_and_skips_an_unchanged_build()
        {
            var app = _feed.NewConsumer("app");
            app.WriteProject("App");
            app.Write("Program.cs", ConsumerPrograms.Seed);
            app.AddPackage("AutoDiff.Weaver");

            Assert.That(app.AssertBuilds(), Does.Contain("AutoDiff: 1 derivative(s) woven into App.dll."));
            AssertPrintsSeed(app.RunBuilt());

            // Nothing changed: nothing is compiled, so nothing is woven.
            var written = File.GetLastWriteTimeUtc(app.IntermediateAssembly);
            Assert.That(app.AssertBuilds(), Does.Not.Contain("woven into"));
            Assert.That(File.GetLastWriteTimeUtc(app.IntermediateAssembly), Is.EqualTo(written), "an up-to-date build left the assembly alone");

            app.AssertBuilds("-p:AutoDiffWeave=false");
            var unwoven = app.RunBuilt();
            Assert.That(unwoven.Output, Does.Contain("AutoDiff.AutoDiffNotWovenException"), "AutoDiffWeave=false does not weave");
            Assert.That(app.AssertBuilds(), Does.Contain("woven into App.dll"), "turning weaving on again weaves");
            AssertPrintsSeed(app.RunBuilt());

            app.AssertSucceeds("publish", "-o", "published", "--disable-build-servers", "-nodeReuse:false");
            AssertPrintsSeed(app.RunBuilt(Path.Combine("published", "App.dll")));
        }

        [Test]
        public void Weaver_package_fails_the_build_at_the_file_and_line_with_the_code_and_the_fixed_project_builds()
        {
            var app = _feed.NewConsumer("refused");
            app.WriteProject("App");
            app.Write("Program.cs", ConsumerPrograms.Seed);
            app.Write("Refused.cs", ConsumerPrograms.Refused);
            app.AddPackage("AutoDiff.Weaver");

            var (exit, output) = app.Build();
            Assert.That(exit, Is.Not.Zero, output);
            // MSBuild's canonical error format, the code in its code slot (what IDEs and CI annotations read).
            Assert.That(output, Does.Match(@"Refused\.cs\(9,\d+\): error AD2003: "), output);
            Assert.That(File.Exists(app.IntermediateAssembly), Is.False, "a failed weave leaves no assembly a later build could take as done");

            app.Delete("Refused.cs");
            app.AssertBuilds();
            AssertPrintsSeed(app.RunBuilt());
        }

        [Test]
        public void Weaver_package_in_a_test_project_weaves_for_dotnet_test()
        {
            var tests = _feed.NewConsumer("tests");
            tests.WriteProject("Seed.Tests", exe: false, extra: ConsumerPrograms.TestProjectItems);
            tests.Write("SeedTests.cs", ConsumerPrograms.SeedTest);
            tests.AddPackage("AutoDiff.Weaver");

            var output = tests.AssertSucceeds("test", "--disable-build-servers", "-nodeReuse:false");
            Assert.That(output, Does.Match(@"Passed!|total: 1.*succeeded: 1|Passed:\s+1"), output);
        }

        [Test]
        public void A_project_that_references_another_using_the_package_gets_each_assembly_woven_once()
        {
            var library = _feed.NewConsumer("two");
            var root = library.Folder;
            var lib = new PackageConsumer(_feed, Path.Combine(root, "Lib"));
            lib.WriteProject("Lib", exe: false);
            lib.Write("Squares.cs", ConsumerPrograms.Library);
            lib.AddPackage("AutoDiff.Weaver");
            var app = new PackageConsumer(_feed, Path.Combine(root, "App"));
            app.WriteProject("App");
            app.Write("Program.cs", ConsumerPrograms.UsesLibrary);
            app.AssertSucceeds("add", "reference", Path.Combine("..", "Lib", "Lib.csproj"));
            app.AddPackage("AutoDiff.Weaver");

            var build = app.AssertBuilds();
            Assert.That(Regex.Matches(build, @"woven into Lib\.dll").Count, Is.EqualTo(1), build);
            Assert.That(Regex.Matches(build, @"woven into App\.dll").Count, Is.EqualTo(1), build);
            var run = app.RunBuilt();
            Assert.That(run.Exit, Is.Zero, run.Output);
            Assert.That(Lines(run.Output), Is.EqualTo(new[] { "(9, 6)", "(8, 12)" }), "x² at 3 and x·x² at 2 (whose body calls the library's primal)");
        }

        [Test]
        public void Fody_package_with_FodyWeavers_xml_weaves_the_seed_example()
        {
            var app = _feed.NewConsumer("fody");
            app.WriteProject("App");
            app.Write("Program.cs", ConsumerPrograms.Seed);
            app.Write("FodyWeavers.xml", "<Weavers>\n  <AutoDiff />\n</Weavers>\n");
            app.AddPackage("AutoDiff.Fody");

            app.AssertBuilds();
            AssertPrintsSeed(app.RunBuilt());

            // Fody prints the location and the message but has no code slot: the code leads the message.
            app.Write("Refused.cs", ConsumerPrograms.Refused);
            var (exit, output) = app.Build();
            Assert.That(exit, Is.Not.Zero, output);
            Assert.That(output, Does.Match(@"Refused\.cs\(9,[\d,]+\): error : Fody/AutoDiff: AD2003: "), output);
            Assert.That(File.Exists(app.IntermediateAssembly), Is.False, "a failed weave leaves no assembly a later build could take as done");
        }

        [TestCase("AutoDiff.Weaver")]
        [TestCase("AutoDiff.Fody")]
        public void A_strong_named_project_is_woven_and_signed_again_with_its_key(string package)
        {
            var app = _feed.NewConsumer("signed");
            app.WriteProject("App", extra: @"  <PropertyGroup>
    <SignAssembly>true</SignAssembly>
    <AssemblyOriginatorKeyFile>key.snk</AssemblyOriginatorKeyFile>
  </PropertyGroup>");
            app.Write("Program.cs", ConsumerPrograms.Seed);
            if (package == "AutoDiff.Fody") app.Write("FodyWeavers.xml", "<Weavers>\n  <AutoDiff />\n</Weavers>\n");
            Support.StrongNameKeys.WriteFile(app.Folder, "key.snk", Support.StrongNameKeys.NewKeyPair());
            app.AddPackage(package);

            app.AssertBuilds();
            AssertPrintsSeed(app.RunBuilt());
            // .NET does not check strong names when it loads an assembly: check the signature itself.
            var image = File.ReadAllBytes(app.BuiltAssembly);
            using var module = Mono.Cecil.ModuleDefinition.ReadModule(new MemoryStream(image));
            Assert.That(module.Assembly.Name.PublicKey, Is.Not.Empty, "still strong-named");
            Assert.That(StrongNameSignature.IsValid(image, module.Assembly.Name.PublicKey), Is.True, "the woven assembly's signature verifies against its public key");
        }

        [Test]
        public void Runtime_package_alone_throws_until_the_tool_weaves_then_show_prints_the_body_as_CSharp_and_check_passes()
        {
            var app = _feed.NewConsumer("runtime");
            app.WriteProject("App");
            app.Write("Program.cs", ConsumerPrograms.Seed);
            app.AddPackage("AutoDiff.Weaver.Runtime");
            app.AssertBuilds();

            var unwoven = app.RunBuilt();
            Assert.That(unwoven.Exit, Is.Not.Zero);
            Assert.That(unwoven.Output, Does.Contain("AutoDiff.AutoDiffNotWovenException").And.Contain("autodiff weave"), "the message says how to weave");

            var tools = Path.Combine(app.Folder, "tools");
            app.AssertSucceeds("tool", "install", "AutoDiff.Weaver.Tool", "--version", LocalFeed.Version, "--tool-path", tools);
            var autodiff = Path.Combine(tools, "autodiff");

            var weave = Autodiff(app, autodiff, "weave", app.BuiltAssembly);
            Assert.That(weave.Output, Does.Contain("1 derivative(s) woven"));
            AssertPrintsSeed(app.RunBuilt());

            var show = Autodiff(app, autodiff, "show", app.BuiltAssembly);
            Assert.That(show.Output, Does.Contain("Functions.Bar"));
            Assert.That(show.Output, Does.Contain("public static (float, float) Bar(float x, float dret)"), "the derivative's body, decompiled to C#");

            var check = Autodiff(app, autodiff, "check", app.BuiltAssembly);
            Assert.That(check.Output, Does.Contain("Bar").And.Contain("pass"));
        }

        private static (int Exit, string Output) Autodiff(PackageConsumer where, string tool, params string[] args)
        {
            var result = Support.DotnetCommand.RunProgram(tool, where.Folder, null, TimeSpan.FromMinutes(2), args);
            Assert.That(result.Exit, Is.Zero, $"autodiff {string.Join(" ", args)}:\n{result.Output}");
            return result;
        }

        private static void AssertPrintsSeed((int Exit, string Output) run)
        {
            Assert.That(run.Exit, Is.Zero, run.Output);
            Assert.That(Lines(run.Output), Is.EqualTo(new[] { "(9, 6)", "line " + ConsumerPrograms.WhereLine }),
                "Bar(3, 1) is (x², 2x) at 3, and the woven PDB still gives Where's source line");
        }

        private static string[] Lines(string output) =>
            output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

        private string[] Entries(string id)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(_feed.Feed, $"{id}.{LocalFeed.Version}.nupkg"));
            return zip.Entries.Select(e => e.FullName).ToArray();
        }

        private void AssertPackage(string id, string[] files, string[] dependencies)
        {
            var entries = Entries(id);
            Assert.That(entries, Is.SupersetOf(files.Append("README.md")), id);
            using var zip = ZipFile.OpenRead(Path.Combine(_feed.Feed, $"{id}.{LocalFeed.Version}.nupkg"));
            using var stream = zip.GetEntry(id + ".nuspec")!.Open();
            var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.That(Value("id"), Is.EqualTo(id));
            Assert.That(Value("version"), Is.EqualTo(LocalFeed.Version));
            Assert.That(Value("license"), Is.EqualTo("MIT"), id + ": licence expression");
            Assert.That(Value("readme"), Is.EqualTo("README.md"), id);
            Assert.That(Value("description"), Is.Not.Empty.And.Not.EqualTo("Package Description"), id);
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.That(repository.Attribute("url")?.Value, Does.StartWith("https://"), id + ": repository metadata");
            var declared = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).ToArray();
            Assert.That(declared, Is.EquivalentTo(dependencies), id + ": dependencies");
            foreach (var ours in metadata.Descendants().Where(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value.StartsWith("AutoDiff.", StringComparison.Ordinal)))
            {
                Assert.That(ours.Attribute("version")!.Value, Is.EqualTo($"[{LocalFeed.Version}]"), id + ": versioned together");
                Assert.That(ours.Attribute("exclude"), Is.Null, id + ": the runtime's analyzers (the generator) must reach the user's project");
            }
        }
    }
}
