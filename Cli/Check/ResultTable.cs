using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// Prints check's rows as a table (derivative, points, max relative error, tolerance, result),
    /// then, for each failure, where it was worst, and a closing count.
    /// </summary>
    internal static class ResultTable
    {
        public static void Write(IReadOnlyList<CheckRow> rows, CheckOptions options, TextWriter stdout)
        {
            var header = new[] { "derivative", "points", "max rel. error", "tolerance", "result" };
            var cells = rows.Select(r => new[]
            {
                r.Name,
                r.Status == CheckStatus.Skipped ? "-" : r.Points.ToString(CultureInfo.InvariantCulture),
                r.MaxError is { } e ? e.ToString("0.0e+00", CultureInfo.InvariantCulture) : "-",
                r.Tolerance is { } t ? t.ToString("0e+00", CultureInfo.InvariantCulture) : "-",
                Result(r),
            }).ToList();
            var widths = Enumerable.Range(0, header.Length - 1).Select(c => cells.Select(row => row[c].Length).Append(header[c].Length).Max()).ToArray();
            void Line(string[] row) => stdout.WriteLine(string.Join("  ", row.Take(widths.Length).Select((cell, c) => cell.PadRight(widths[c]))) + "  " + row[^1]);
            Line(header);
            foreach (var row in cells) Line(row);

            foreach (var failed in rows.Where(r => r.Status == CheckStatus.Fail && r.MaxError != null))
            {
                stdout.WriteLine();
                stdout.WriteLine($"{failed.Name} fails {failed.Detail}");
            }

            stdout.WriteLine();
            var passed = rows.Count(r => r.Status == CheckStatus.Pass);
            var fails = rows.Count(r => r.Status == CheckStatus.Fail);
            var skipped = rows.Count(r => r.Status == CheckStatus.Skipped);
            stdout.WriteLine($"autodiff check: {passed} passed, {fails} failed, {skipped} skipped ({options.Points} point(s) each, seed {options.Seed}, size {options.Size}).");
        }

        private static string Result(CheckRow row) => row.Status switch
        {
            CheckStatus.Pass => "pass",
            CheckStatus.Fail => row.MaxError == null ? "fail: " + row.Detail : "fail",
            _ => "skipped: " + row.Detail,
        };
    }
}
