using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Environments;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// What the pages a run rewrites (docs/benchmarks.md for ADBench, docs/kernels.md for the
    /// kernels) share: the line saying where and when they were measured, the cell and ratio
    /// formats, and the splicing of the results between the markers, so the text written by hand
    /// around them stays.
    /// </summary>
    internal static class ResultsPage
    {
        public const string End = "<!-- results:end -->";

        /// <summary>The opening marker, naming the command that writes what follows.</summary>
        public static string Begin(string command) => $"<!-- results:begin (written by `{command}`; edit outside these markers) -->";

        /// <summary>"Measured {date} on {CPU} ({n} logical cores), {OS}, {runtime}", and a warning for a smoke run.</summary>
        public static string Measured(HostEnvironmentInfo host, bool smoke, string smokeNote) =>
            $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {ProcessorName()} " +
            $"({Environment.ProcessorCount} logical cores), {RuntimeInformation.OSDescription}, {host.RuntimeVersion}" +
            (smoke ? $", **smoke run** ({smokeNote}: rough numbers)." : ".");

        public static double? Ratio(double? top, double? bottom) =>
            top is double t && bottom is double b && b > 0 ? t / b : null;

        /// <summary>The ratio to two decimals, ✗ after it when it misses <paramref name="target"/> (none: no mark).</summary>
        public static string Mark(double? ratio, double? target = null) =>
            ratio is double r ? r.ToString("0.00", CultureInfo.InvariantCulture) + (r > target ? " ✗" : "") : "—";

        /// <summary>"12.3 µs, 0 B": mean time and bytes allocated per call; "failed" without a mean.</summary>
        public static string Time(double? nanoseconds, long bytes)
        {
            if (nanoseconds is not double ns) return "failed";
            string time = ns >= 1e9 ? $"{ns / 1e9:0.00} s" : ns >= 1e6 ? $"{ns / 1e6:0.00} ms" : ns >= 1e3 ? $"{ns / 1e3:0.0} µs" : $"{ns:0} ns";
            string size = bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.0} KB" : $"{bytes} B";
            return $"{time.ToString(CultureInfo.InvariantCulture)}, {size}";
        }

        /// <summary>
        /// Puts <paramref name="results"/> (which start with <paramref name="begin"/> and end with
        /// <see cref="End"/>) in place of the part between the markers of <paramref name="page"/>;
        /// a page that does not exist yet is made with <paramref name="heading"/> and the markers.
        /// </summary>
        public static void Splice(string page, string begin, string heading, string results)
        {
            var old = File.Exists(page) ? File.ReadAllText(page) : heading + "\n\n" + begin + "\n" + End + "\n";
            int first = old.IndexOf(begin, StringComparison.Ordinal), last = old.IndexOf(End, StringComparison.Ordinal);
            if (first < 0 || last < first) throw new InvalidOperationException($"{page} has no results markers ({begin} … {End}); put them where the results go.");
            File.WriteAllText(page, old.Substring(0, first) + results + old.Substring(last + End.Length).TrimStart('\n', '\r').Insert(0, "\n"));
        }

        /// <summary>The repository's root (where AutoDiff.Weaver.sln is), above the current folder: docs/ is written there.</summary>
        public static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AutoDiff.Weaver.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("Run from inside the repository: the results pages in docs/ are written there.");
        }

        /// <summary>The CPU's model name (Linux: /proc/cpuinfo), or what the runtime knows.</summary>
        private static string ProcessorName()
        {
            const string cpuinfo = "/proc/cpuinfo";
            var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line != null ? line.Substring(line.IndexOf(':') + 1).Trim() : RuntimeInformation.ProcessArchitecture + " CPU";
        }
    }
}
