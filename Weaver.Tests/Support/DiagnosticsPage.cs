using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// docs/diagnostics.md, the users' reference of every diagnostic code, read from the
    /// repository (found like build/ in <see cref="TinyProject"/>, through the
    /// AutoDiffRepositoryRoot attribute of the test assembly) and cut into what the tests check:
    /// one <see cref="Section"/> per <c>## ADxxxx: Title</c> heading and the codes listed under
    /// <c>## Retired codes</c>. Within a section, the first <c>```csharp</c> block is the example
    /// that must give the code, the first <c>```text</c> block holding <c>error ADxxxx:</c> is the
    /// build output it gives, and every later <c>```csharp</c> block is a fix that must build and
    /// weave without a diagnostic. An HTML comment <c>&lt;!-- example: ... --&gt;</c> says how the
    /// example is built: <c>built without the generator</c>, or <c>not compiled: reason</c>.
    /// </summary>
    public sealed class DiagnosticsPage
    {
        public const string RelativePath = "docs/diagnostics.md";

        private static readonly Regex CodeHeading = new Regex(@"^## (AD\d{4}): (.+)$");
        private static readonly Regex Fence = new Regex(@"^```(\w*)\s*$");
        private static readonly Regex ExampleComment = new Regex(@"<!--\s*example:\s*(.*?)\s*-->");

        private DiagnosticsPage(string text, IReadOnlyList<Section> sections, IReadOnlyList<string> retired)
        {
            Text = text;
            Sections = sections;
            RetiredCodes = retired;
        }

        public string Text { get; }

        public IReadOnlyList<Section> Sections { get; }

        /// <summary>The codes named in the <c>## Retired codes</c> section.</summary>
        public IReadOnlyList<string> RetiredCodes { get; }

        /// <summary>Every ADxxxx written anywhere on the page.</summary>
        public IEnumerable<string> CodesMentioned => Regex.Matches(Text, @"\bAD\d{4}\b").Select(m => m.Value).Distinct();

        public static string RepositoryRoot =>
            Path.GetFullPath(typeof(DiagnosticsPage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AutoDiffRepositoryRoot").Value!);

        public static DiagnosticsPage Load() => Parse(File.ReadAllText(Path.Combine(RepositoryRoot, RelativePath)));

        public static DiagnosticsPage Parse(string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var sections = new List<Section>();
            var retired = new List<string>();
            // Level-2 headings split the page; fenced blocks are skipped when looking for them.
            var starts = new List<int>();
            bool inFence = false;
            for (int i = 0; i < lines.Length; i++)
            {
                if (Fence.IsMatch(lines[i])) inFence = !inFence;
                else if (!inFence && lines[i].StartsWith("## ", StringComparison.Ordinal)) starts.Add(i);
            }
            for (int k = 0; k < starts.Count; k++)
            {
                var end = k + 1 < starts.Count ? starts[k + 1] : lines.Length;
                var body = lines.Skip(starts[k] + 1).Take(end - starts[k] - 1).ToList();
                var heading = CodeHeading.Match(lines[starts[k]]);
                if (heading.Success)
                {
                    sections.Add(Section.Parse(heading.Groups[1].Value, heading.Groups[2].Value.Trim(), body));
                }
                else if (lines[starts[k]].Trim() == "## Retired codes")
                {
                    retired.AddRange(body.SelectMany(l => Regex.Matches(l, @"^\s*[-|*]\s*\**(AD\d{4})").Select(m => m.Groups[1].Value)));
                }
            }
            return new DiagnosticsPage(text, sections, retired);
        }

        public sealed class Section
        {
            private Section(string code, string title, string text, IReadOnlyList<(string Language, string Content)> blocks, string? example)
            {
                Code = code;
                Title = title;
                Text = text;
                Blocks = blocks;
                ExampleMarker = example;
            }

            public string Code { get; }

            public string Title { get; }

            /// <summary>The section's markdown, heading excluded.</summary>
            public string Text { get; }

            /// <summary>Fenced blocks in order: language (as written after the fence) and content.</summary>
            public IReadOnlyList<(string Language, string Content)> Blocks { get; }

            /// <summary>What the <c>&lt;!-- example: ... --&gt;</c> comment says, or null without one.</summary>
            public string? ExampleMarker { get; }

            public bool NotCompiled => ExampleMarker != null && ExampleMarker.StartsWith("not compiled:", StringComparison.Ordinal);

            public string NotCompiledReason => NotCompiled ? ExampleMarker!.Substring("not compiled:".Length).Trim() : "";

            public bool BuiltWithoutTheGenerator => ExampleMarker == "built without the generator";

            public string? Example => Blocks.Where(b => b.Language == "csharp").Select(b => b.Content).FirstOrDefault();

            public IEnumerable<string> Fixes => Blocks.Where(b => b.Language == "csharp").Skip(1).Select(b => b.Content);

            /// <summary>The build output the example gives: the first text block with <c>error ADxxxx:</c> in it.</summary>
            public string? Output => Blocks.Where(b => b.Language == "text" && Regex.IsMatch(b.Content, @"error AD\d{4}: ")).Select(b => b.Content.Trim()).FirstOrDefault();

            public static Section Parse(string code, string title, IReadOnlyList<string> body)
            {
                var blocks = new List<(string, string)>();
                string? language = null;
                var content = new List<string>();
                foreach (var line in body)
                {
                    var fence = Fence.Match(line);
                    if (language == null && fence.Success)
                    {
                        language = fence.Groups[1].Value;
                        content.Clear();
                    }
                    else if (language != null && line.TrimEnd() == "```")
                    {
                        blocks.Add((language, string.Join("\n", content) + "\n"));
                        language = null;
                    }
                    else if (language != null)
                    {
                        content.Add(line);
                    }
                }
                var text = string.Join("\n", body);
                var marker = ExampleComment.Match(text);
                return new Section(code, title, text, blocks, marker.Success ? marker.Groups[1].Value : null);
            }
        }
    }
}
