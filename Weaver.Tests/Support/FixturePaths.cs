using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>Data that lives outside the repository: ADBench's inputs and references in shared/adbench beside it.</summary>
    public static class FixturePaths
    {
        /// <summary>shared/adbench, found beside the repository (CI lays a copy of shared/ there).</summary>
        public static string Adbench()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AutoDiff.Weaver.sln")))
                {
                    var path = Path.Combine(dir.Parent!.FullName, "shared", "adbench");
                    Assert.That(Directory.Exists(path), Is.True, $"ADBench data expected at {path}");
                    return path;
                }
            }
            throw new DirectoryNotFoundException("repository root not found above " + AppContext.BaseDirectory);
        }

        /// <summary>The numbers of an ADBench text file or line, in order.</summary>
        public static double[] Numbers(string text) =>
            text.Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
