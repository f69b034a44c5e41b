using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// Which ADBench inputs a run times. A full run takes ADBench's sizes that exist in
    /// shared/adbench (GMM: 1k and 10k points, d ∈ {2, 10, 20, 32, 64}, K ∈ {5, 10, 25, 50, 100, 200};
    /// BA 1–5; LSTM l2/l4 × c1024/c4096); a smoke run (--smoke, what CI runs) the smallest of each,
    /// so the code cannot rot. BenchmarkDotNet reads these through [ParamsSource].
    /// </summary>
    internal static class AdbenchSizes
    {
        /// <summary>Set by Program from the command line, and passed to BenchmarkDotNet's child processes through the environment.</summary>
        public static bool Smoke => Environment.GetEnvironmentVariable(SmokeVariable) == "1";

        public const string SmokeVariable = "AUTODIFF_ADBENCH_SMOKE";

        /// <summary>
        /// AUTODIFF_ADBENCH_ONLY=1k_d32_K100,ba1 (with --smoke) runs just those cases: to look at one
        /// size again. A full run always takes every size, so the page never mixes runs.
        /// </summary>
        public static IEnumerable<string> Only(IEnumerable<string> all)
        {
            var only = Environment.GetEnvironmentVariable("AUTODIFF_ADBENCH_ONLY");
            if (string.IsNullOrEmpty(only) || !Smoke) return Smoke ? all.Take(1) : all;
            var wanted = only.Split(',');
            return all.Where(c => wanted.Contains(c));
        }

        /// <summary>GMM cases are "set_dD_KK" ("1k_d2_K5", "10k_d10_K200"): gmm/set/gmm_dD_KK.txt.</summary>
        public static IEnumerable<string> Gmm()
        {
            var all = from set in new[] { "1k", "10k" }
                      from d in new[] { 2, 10, 20, 32, 64 }
                      from k in new[] { 5, 10, 25, 50, 100, 200 }
                      let name = $"{set}_d{d}_K{k}"
                      where AdbenchData.Folder != null && File.Exists(GmmFile(name))
                      select name;
            return Only(all);
        }

        public static string GmmFile(string name)
        {
            var set = name.Substring(0, name.IndexOf('_'));
            return AdbenchData.Path("gmm", set, $"gmm_{name.Substring(set.Length + 1)}.txt");
        }

        public static IEnumerable<string> Ba()
        {
            var all = Enumerable.Range(1, 5).Select(i => $"ba{i}").Where(name => AdbenchData.Folder != null && BaFile(name) != null);
            return Only(all);
        }

        public static IEnumerable<string> Lstm()
        {
            var all = new[] { "l2_c1024", "l2_c4096", "l4_c1024", "l4_c4096" }
                .Where(name => AdbenchData.Folder != null && File.Exists(AdbenchData.Path("lstm", $"lstm_{name}.txt")));
            return Only(all);
        }

        /// <summary>ba/baN_n…_m…_p….txt for "baN".</summary>
        public static string? BaFile(string name) =>
            Directory.GetFiles(AdbenchData.Path("ba"), name + "_n*.txt").SingleOrDefault();
    }
}
