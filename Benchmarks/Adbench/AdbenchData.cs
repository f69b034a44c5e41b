using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// ADBench's inputs (github.com/microsoft/ADBench, MIT), which live beside the repository in
    /// shared/adbench: found by walking up from the program and from the working folder.
    /// </summary>
    internal static class AdbenchData
    {
        /// <summary>shared/adbench, or null when it is not beside the repository here.</summary>
        public static string? Folder { get; } = Find();

        public static string Path(params string[] parts) =>
            System.IO.Path.Combine(new[] { Folder ?? throw new InvalidOperationException("shared/adbench is not beside the repository") }.Concat(parts).ToArray());

        /// <summary>The numbers of a file, in order (ADBench's text formats are whitespace-separated numbers).</summary>
        public static double[] Numbers(string path) =>
            File.ReadAllText(path).Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        private static string? Find()
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    var path = System.IO.Path.Combine(dir.FullName, "shared", "adbench");
                    if (Directory.Exists(path)) return path;
                }
            }
            return null;
        }
    }

    /// <summary>Reads numbers from an ADBench file front to back.</summary>
    internal sealed class NumberReader
    {
        private readonly double[] _numbers;
        private int _at;

        public NumberReader(string path) => _numbers = AdbenchData.Numbers(path);

        public int Int() => (int)_numbers[_at++];

        public double Double() => _numbers[_at++];

        public double[] Doubles(int count)
        {
            var a = new double[count];
            Array.Copy(_numbers, _at, a, 0, count);
            _at += count;
            return a;
        }
    }
}
