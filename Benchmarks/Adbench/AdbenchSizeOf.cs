using System;
using System.IO;
using System.Text.RegularExpressions;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// The problem size a chart puts on its x axis, for a case name of an objective, and the line
    /// the case belongs to ("" when an objective has one line per tool; GMM has one per d, since d
    /// and K both change the size and mixing them on one line zigzags).
    /// </summary>
    internal static class AdbenchSizeOf
    {
        public static (double Value, string Axis, string Series) Of(string objective, string name)
        {
            switch (objective)
            {
                case "GMM 1k":
                case "GMM 10k":
                {
                    var m = Regex.Match(name, @"d(\d+)_K(\d+)");
                    int d = int.Parse(m.Groups[1].Value), k = int.Parse(m.Groups[2].Value);
                    var n = objective == "GMM 1k" ? "1000" : "10,000";
                    return (k * (1 + d + d * (d + 1) / 2), $"parameters, K·(1 + d + d(d+1)/2), n = {n}", $"d = {d}");
                }
                case "BA":
                {
                    var file = Path.GetFileName(AdbenchSizes.BaFile(name) ?? "");
                    var m = Regex.Match(file, @"_p(\d+)");
                    return (m.Success ? double.Parse(m.Groups[1].Value) : 0, "observations p", "");
                }
                case "LSTM":
                {
                    var m = Regex.Match(name, @"l(\d+)_c(\d+)");
                    return (int.Parse(m.Groups[1].Value) * int.Parse(m.Groups[2].Value), "layers × characters", "");
                }
                default:
                {
                    var m = Regex.Match(name, @"^c(\d+)$");
                    return (m.Success ? double.Parse(m.Groups[1].Value) : 0, "correspondences", "");
                }
            }
        }
    }
}
