using System;
using System.IO;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Samples
{
    /// <summary>A folder of its own for the charts a sample test writes, and the check that a chart is a PNG.</summary>
    internal static class SampleCharts
    {
        public static string TempPath(string name)
        {
            var folder = Path.Combine(Path.GetTempPath(), "autodiff-sample-charts", TestContext.CurrentContext.Test.ID);
            Directory.CreateDirectory(folder);
            return Path.Combine(folder, name);
        }

        /// <summary>The file exists, starts with PNG's signature and holds more than a blank header.</summary>
        public static void AssertPng(string path)
        {
            Assert.That(File.Exists(path), Is.True, path);
            var bytes = File.ReadAllBytes(path);
            Assert.That(bytes.Length, Is.GreaterThan(10_000), "a chart with lines in it, not an empty image");
            Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
        }
    }
}
