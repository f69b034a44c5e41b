using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Makes a failing program smaller while it still fails: drops whole statement lines, then
    /// replaces calls and parenthesized expressions by a leaf, greedily, until no such step keeps
    /// the failure (or the budget runs out). Candidates that no longer compile simply do not fail.
    /// </summary>
    public static class Shrinker
    {
        private const int MaxAttempts = 300;
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

        public static string Shrink(string body, Func<string, bool> stillFails)
        {
            var clock = Stopwatch.StartNew();
            int attempts = 0;
            bool Try(string candidate) => attempts++ < MaxAttempts && clock.Elapsed < Budget && stillFails(candidate);
            for (bool progress = true; progress;)
            {
                progress = false;
                foreach (var candidate in Candidates(body))
                {
                    if (!Try(candidate)) continue;
                    body = candidate;
                    progress = true;
                    break;
                }
            }
            return body;
        }

        /// <summary>Smaller variants of <paramref name="body"/>, the largest cuts first.</summary>
        private static IEnumerable<string> Candidates(string body)
        {
            var lines = body.Split('\n');
            // The first line declares the locals and the last one returns: both stay.
            for (int i = lines.Length - 2; i >= 1; i--)
                yield return string.Join("\n", lines.Where((_, j) => j != i));
            foreach (var (start, end) in Spans(body).OrderByDescending(s => s.End - s.Start))
                foreach (var leaf in new[] { "x", "0.5" })
                    yield return body.Substring(0, start) + leaf + body.Substring(end);
        }

        /// <summary>Each parenthesized expression with the call name before it, if any: [Start, End).</summary>
        private static IEnumerable<(int Start, int End)> Spans(string body)
        {
            var open = new Stack<int>();
            for (int i = 0; i < body.Length; i++)
            {
                if (body[i] == '(') open.Push(i);
                else if (body[i] == ')' && open.Count > 0)
                {
                    var start = open.Pop();
                    while (start > 0 && (char.IsLetterOrDigit(body[start - 1]) || body[start - 1] == '.' || body[start - 1] == '_')) start--;
                    if (i + 1 - start > 3) yield return (start, i + 1);
                }
            }
        }
    }
}
