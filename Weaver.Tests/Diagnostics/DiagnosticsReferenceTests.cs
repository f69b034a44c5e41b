using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using GeneratorCatalog = AutoDiff.Generator.DiagnosticCatalog;
using WeaverCatalog = AutoDiff.Weaver.Diagnostics.DiagnosticCatalog;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// docs/diagnostics.md stays true (see <see cref="DiagnosticsPage"/> for how it is read): every
    /// code of both catalogues (found by reflection) has a section titled as in its catalogue, every
    /// code the page names exists or is listed as retired, and each section's example is compiled
    /// (with the generator, or without it where the section says so) and, for weaver codes, woven
    /// from Debug and Release IL: it must give exactly its code, at the line marked
    /// <c>// error ADxxxx here</c>, with the build output the page prints (file name aside), and a
    /// refused weave writes nothing. Each fix on the page must build and weave without a diagnostic.
    /// The few examples that cannot be one file say why in the page.
    /// </summary>
    [TestFixture]
    public sealed class DiagnosticsReferenceTests
    {
        /// <summary>AD2007 (IL C# does not emit), AD5003 (an older runtime), AD5004 (a huge method), AD9001 (a weaver bug).</summary>
        private const int MostNotCompiled = 4;

        private static readonly Lazy<DiagnosticsPage> Page = new Lazy<DiagnosticsPage>(DiagnosticsPage.Load);

        private static readonly Regex OutputLine = new Regex(@"^(?<where>[^\s(]+)(\((?<line>\d+),(?<column>\d+)\))?: error (?<code>AD\d{4}): (?<message>.+)$");

        /// <summary>Code and title of every descriptor both catalogues declare, by reflection.</summary>
        private static IReadOnlyDictionary<string, string> Catalogued()
        {
            var weaver = typeof(WeaverCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetValue(null)).OfType<Weaver.Diagnostics.DiagnosticDescriptor>()
                .Select(d => (d.Code, d.Title));
            var generator = typeof(GeneratorCatalog).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Select(f => f.GetValue(null)).OfType<Microsoft.CodeAnalysis.DiagnosticDescriptor>()
                .Select(d => (Code: d.Id, Title: d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return weaver.Concat(generator).ToDictionary(e => e.Code, e => e.Title);
        }

        [Test]
        public void Both_catalogues_are_found()
        {
            var codes = Catalogued().Keys.ToList();
            Assert.That(codes.Count(c => c.StartsWith("AD1", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(17));
            Assert.That(codes.Count(c => !c.StartsWith("AD1", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(19));
        }

        [Test]
        public void Every_catalogued_code_has_a_section_with_its_title()
        {
            var sections = Page.Value.Sections.ToDictionary(s => s.Code, s => s.Title);
            foreach (var (code, title) in Catalogued())
            {
                Assert.That(sections.ContainsKey(code), Is.True, $"{DiagnosticsPage.RelativePath} has no '## {code}: {title}' section");
                Assert.That(sections[code], Is.EqualTo(title).IgnoreCase, $"the title of {code}");
            }
        }

        [Test]
        public void Sections_are_in_order_and_each_code_has_one()
        {
            var codes = Page.Value.Sections.Select(s => s.Code).ToList();
            Assert.That(codes, Is.Unique);
            Assert.That(codes, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        }

        [Test]
        public void Every_code_the_page_names_exists_or_is_retired()
        {
            var known = Catalogued().Keys.Concat(Page.Value.RetiredCodes).ToHashSet();
            Assert.That(Page.Value.CodesMentioned.Where(c => !known.Contains(c)), Is.Empty, "codes on the page that no catalogue declares and that are not listed as retired");
            Assert.That(Page.Value.RetiredCodes.Where(Catalogued().ContainsKey), Is.Empty, "a code still in a catalogue is not retired");
            Assert.That(Page.Value.Sections.Select(s => s.Code).Where(c => !Catalogued().ContainsKey(c)), Is.Empty, "a section for a code no catalogue declares");
        }

        /// <summary>Retired codes are written down where codes are declared: comments in the catalogues, "Removed Rules" in the generator's release files.</summary>
        [Test]
        public void Every_code_retired_in_the_sources_is_listed_as_retired()
        {
            var root = DiagnosticsPage.RepositoryRoot;
            var retired = new List<string>();
            foreach (var catalogue in new[] { "Weaver/Diagnostics/DiagnosticCatalog.cs", "Generator/DiagnosticCatalog.cs" })
            {
                retired.AddRange(File.ReadAllLines(Path.Combine(root, catalogue))
                    .Select(l => Regex.Match(l, @"//.*\b(AD\d{4})\b.*\bretired\b")).Where(m => m.Success).Select(m => m.Groups[1].Value));
            }
            foreach (var release in Directory.GetFiles(Path.Combine(root, "Generator"), "AnalyzerReleases.*.md"))
            {
                var removed = false;
                foreach (var line in File.ReadAllLines(release))
                {
                    if (line.StartsWith("### ", StringComparison.Ordinal)) removed = line.Trim() == "### Removed Rules";
                    else if (removed && Regex.IsMatch(line, @"^AD\d{4}\b")) retired.Add(line.Substring(0, 6));
                }
            }
            Assert.That(retired, Does.Contain("AD2002"), "the retired AD2002 is found in the weaver's catalogue");
            Assert.That(retired.Except(Page.Value.RetiredCodes), Is.Empty, "retired in the sources but not under '## Retired codes'");
        }

        [Test]
        public void Examples_that_are_not_compiled_are_few_and_say_why()
        {
            var notCompiled = Page.Value.Sections.Where(s => s.NotCompiled).ToList();
            Assert.That(notCompiled.Select(s => s.Code).ToList(), Has.Count.LessThanOrEqualTo(MostNotCompiled), "keep examples compiled wherever one file can show the code");
            foreach (var s in notCompiled) Assert.That(s.NotCompiledReason, Has.Length.GreaterThan(10), s.Code);
        }

        [Test]
        public void Every_marker_is_one_the_tests_understand()
        {
            foreach (var s in Page.Value.Sections)
            {
                Assert.That(s.ExampleMarker == null || s.NotCompiled || s.BuiltWithoutTheGenerator, Is.True, $"{s.Code}: unknown '<!-- example: {s.ExampleMarker} -->'");
                Assert.That(!s.BuiltWithoutTheGenerator || !s.Code.StartsWith("AD1", StringComparison.Ordinal), Is.True, $"{s.Code}: the generator's own codes need the generator");
                if (!s.NotCompiled)
                {
                    Assert.That(s.Example, Is.Not.Null, $"{s.Code} has no ```csharp example");
                    Assert.That(s.Output, Is.Not.Null, $"{s.Code} has no ```text block with the build output of its example");
                }
            }
        }

        public static IEnumerable<TestCaseData> CompiledSections() =>
            DiagnosticsPage.Load().Sections.Where(s => !s.NotCompiled && s.Example != null)
                .Select(s => new TestCaseData(s.Code).SetName($"{s.Code}_example_gives_{s.Code}"));

        public static IEnumerable<TestCaseData> SectionsWithFixes() =>
            DiagnosticsPage.Load().Sections.Where(s => !s.NotCompiled && s.Fixes.Any())
                .Select(s => new TestCaseData(s.Code).SetName($"{s.Code}_fixes_build_and_weave"));

        [TestCaseSource(nameof(CompiledSections))]
        public void Example_gives_its_code_as_the_page_prints_it(string code)
        {
            var section = Page.Value.Sections.Single(s => s.Code == code);
            var example = section.Example!;
            var marked = MarkedLine(example, code);
            var printed = OutputLine.Match(section.Output!);
            Assert.That(printed.Success, Is.True, $"{code}: the output block is not 'File.cs(line,col): error ADxxxx: message' (or 'File.dll: error ...'):\n{section.Output}");

            (int Line, int Column)? location;
            string message;
            if (code.StartsWith("AD1", StringComparison.Ordinal))
            {
                var compiled = TestCompiler.TryCompile(example, optimize: false);
                Assert.That(compiled.Errors.Select(e => e.ToString()).ToList(), Has.Count.EqualTo(1), $"{code}: the example must give exactly one error");
                var d = compiled.Errors[0];
                Assert.That(d.Id, Is.EqualTo(code), d.ToString());
                var span = d.Location.GetLineSpan();
                location = span.IsValid ? (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1) : null;
                message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                var debug = Refused(example, code, marked, optimize: false, !section.BuiltWithoutTheGenerator);
                Refused(example, code, marked, optimize: true, !section.BuiltWithoutTheGenerator);
                location = debug.Location == null ? null : (debug.Location.Line, debug.Location.Column);
                message = debug.Message;
            }

            var actual = $"{printed.Groups["where"].Value}{(location == null ? "" : $"({location.Value.Line},{location.Value.Column})")}: error {code}: {message}";
            Assert.That(location?.Line, Is.EqualTo(marked), $"{code}: the line marked '// error {code} here' (none when the diagnostic has no source line)\nactual: {actual}");
            Assert.That(printed.Groups["code"].Value, Is.EqualTo(code));
            Assert.That(section.Output, Is.EqualTo(actual), $"{code}: the page's output block, with the page's file name\nactual: {actual}");
        }

        [TestCaseSource(nameof(SectionsWithFixes))]
        public void Fixes_build_and_weave_without_a_diagnostic(string code)
        {
            var section = Page.Value.Sections.Single(s => s.Code == code);
            foreach (var fix in section.Fixes)
            {
                var compiled = TestCompiler.TryCompile(fix, optimize: false);
                Assert.That(compiled.Errors.Select(e => e.ToString()), Is.Empty, $"{code}: a fix does not compile:\n{fix}");
                foreach (var optimize in new[] { false, true })
                {
                    var outcome = TestWeaver.Weave(fix, optimize);
                    Assert.That(outcome.Diagnostics.Select(d => d.ToString()), Is.Empty, $"{code}: a fix is refused ({(optimize ? "Release" : "Debug")}):\n{fix}");
                }
            }
        }

        /// <summary>The one line (1-based) holding <c>// error CODE here</c>, or null when there is none.</summary>
        private static int? MarkedLine(string example, string code)
        {
            var lines = example.Split('\n');
            var marked = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains($"// error {code} here", StringComparison.Ordinal)).ToList();
            Assert.That(marked, Has.Count.LessThanOrEqualTo(1), $"{code}: one line is marked at most");
            return marked.Count == 0 ? null : marked[0] + 1;
        }

        /// <summary>Weaves the example; exactly <paramref name="code"/>, at <paramref name="line"/>, and nothing written.</summary>
        private static Weaver.Diagnostics.Diagnostic Refused(string source, string code, int? line, bool optimize, bool runGenerator)
        {
            if (line != null) return TestWeaver.Refused(source, optimize, code, "", line.Value, runGenerator);
            var outcome = TestWeaver.Weave(source, optimize, runGenerator);
            Assert.That(outcome.Diagnostics.Select(d => d.ToString()).ToList(), Has.Count.EqualTo(1));
            var d = outcome.Diagnostics[0];
            Assert.That(d.Code, Is.EqualTo(code), d.ToString());
            Assert.That(d.Location, Is.Null, $"{d}: the example marks no line, but the diagnostic has one");
            Assert.That(outcome.Result.DerivativesWritten, Is.EqualTo(0));
            return d;
        }
    }
}
