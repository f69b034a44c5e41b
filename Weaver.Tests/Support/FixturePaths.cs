using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>Data that lives outside the repository: ADBench's inputs and references in shared/adbench beside it.</summary>
    public static class FixturePaths
    {
        /// <summary>
        /// shared/adbench, found beside the repository (CI lays a copy of shared/ there) or beside
        /// any folder above it. These are the only tests against outside reference data, so in CI
        /// (CI=true, as .ci/run is run there) missing data fails them; a developer's clone with no
        /// shared/ near it skips them, saying so.
        /// </summary>
        public static string Adbench()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "shared", "adbench");
                if (Directory.Exists(path)) return path;
            }
            const string missing = "ADBench data (shared/adbench) is not beside the repository here; the ADBench reference tests need it.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(missing + " In CI they must run.");
            Assert.Ignore(missing);
            throw new DirectoryNotFoundException("unreachable");
        }

        /// <summary>The numbers of an ADBench text file or line, in order.</summary>
        public static double[] Numbers(string text) =>
            text.Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
