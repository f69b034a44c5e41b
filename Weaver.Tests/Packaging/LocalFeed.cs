using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Packaging
{
    /// <summary>
    /// The four packages, packed once from a copy of this repository's sources into a folder feed,
    /// and a place for consumer projects that see only that feed: a temporary root holding
    /// <c>source/</c> (the copy: bin/ and obj/ left out, so nothing built here leaks in),
    /// <c>feed/</c>, <c>nuget.config</c> and the consumers' folders.
    ///
    /// The nuget.config lists the feed and, as "the usual package source", this machine's global
    /// packages folder (a folder feed too): tests run offline, and it holds every other package a
    /// consumer needs (Fody, the test SDK). Consumers restore into their own packages folder
    /// (NUGET_PACKAGES), so a package of this run's version left in the global folder by an
    /// earlier run can never be taken for this run's.
    /// </summary>
    public sealed class LocalFeed : IDisposable
    {
        public const string Version = "0.1.0";

        public static readonly string[] PackageIds = { "AutoDiff.Weaver", "AutoDiff.Weaver.Runtime", "AutoDiff.Fody", "AutoDiff.Weaver.Tool" };

        private LocalFeed(string root)
        {
            Root = root;
            Source = Path.Combine(root, "source");
            Feed = Path.Combine(root, "feed");
            Packages = Path.Combine(root, "packages");
        }

        public string Root { get; }

        public string Source { get; }

        public string Feed { get; }

        /// <summary>The consumers' NuGet packages folder.</summary>
        public string Packages { get; }

        public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

        /// <summary>Copies the sources, writes nuget.config and packs: <c>dotnet pack nuget/Packages.slnf -c Release -o feed</c>.</summary>
        public static LocalFeed Create()
        {
            var feed = new LocalFeed(Path.Combine(Path.GetTempPath(), "autodiff-packages-" + Guid.NewGuid().ToString("N")));
            try
            {
                CopySources(RepositoryRoot(), feed.Source);
                Directory.CreateDirectory(feed.Feed);
                File.WriteAllText(Path.Combine(feed.Root, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""autodiff-local"" value=""{feed.Feed}"" />
    <add key=""machine-packages"" value=""{GlobalPackagesFolder()}"" />
  </packageSources>
</configuration>
");
                var pack = DotnetCommand.Run(feed.Source, null, "pack", Path.Combine("nuget", "Packages.slnf"), "-c", "Release", "-o", feed.Feed,
                    "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
                Assert.That(pack.Exit, Is.Zero, "dotnet pack failed:\n" + pack.Output);
                return feed;
            }
            catch
            {
                feed.Dispose();
                throw;
            }
        }

        /// <summary>A new, empty consumer folder under the root (so it sees nuget.config).</summary>
        public PackageConsumer NewConsumer(string name)
        {
            var folder = Path.Combine(Root, "consumers", name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            return new PackageConsumer(this, folder);
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static string RepositoryRoot() =>
            Path.GetFullPath(typeof(LocalFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AutoDiffRepositoryRoot").Value!);

        /// <summary>Where this machine's restores put packages (NUGET_PACKAGES or ~/.nuget/packages), as dotnet reports it.</summary>
        private static string GlobalPackagesFolder()
        {
            var (exit, output) = DotnetCommand.Run(Path.GetTempPath(), null, "nuget", "locals", "global-packages", "--list");
            Assert.That(exit, Is.Zero, output);
            var line = output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("global-packages:", StringComparison.Ordinal));
            return line.Substring("global-packages:".Length).Trim();
        }

        /// <summary>What the sources are: everything but build output, git's store and scratch folders.</summary>
        private static readonly HashSet<string> SkippedFolders = new HashSet<string>(StringComparer.Ordinal)
        {
            "bin", "obj", ".git", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts",
        };

        private static void CopySources(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from))
            {
                if (file.EndsWith(".autodiff-tmp", StringComparison.Ordinal)) continue;
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
            foreach (var folder in Directory.GetDirectories(from))
            {
                if (SkippedFolders.Contains(Path.GetFileName(folder))) continue;
                CopySources(folder, Path.Combine(to, Path.GetFileName(folder)));
            }
        }
    }
}
