using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiff.Weaver.Diagnostics;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// The notation of IL and of Cecil that a message in the user's terms never shows (issue 13):
    /// every diagnostic a test produces passes through <see cref="AssertAbsent(Diagnostic)"/>
    /// (<see cref="CollectingSink"/>, <see cref="CliRunner"/>, <see cref="DotnetCommand"/> and the
    /// generator's runs in <see cref="TestCompiler"/> and GeneratorRun call it), so a message that slips
    /// back into <c>!!0</c> or <c>Double[0...,0...]</c> fails the test that produced it.
    /// </summary>
    public static class IlNotation
    {
        private static readonly (string What, Regex Pattern)[] Patterns =
        {
            ("a method's type parameter by position", new Regex(@"!!\d")),
            ("a type's type parameter by position", new Regex(@"(?<!!)!\d")),
            ("a multi-dimensional array as Cecil spells it", new Regex(@"\[0\.\.\.")),
            ("a local by its IL index", new Regex(@"\bV_\d+")),
            ("an empty name", new Regex(@"''")),
            ("a compiler-generated name", new Regex(@"CS\$|<\w*>\w+__|<>c|<>\d")),
            ("an accessor's or operator's method name", new Regex(@"\b(?:get|set|op|add|remove)_[A-Z]\w*")),
            ("a constructor's method name", new Regex(@"\.c?ctor\b")),
            ("a CLR type name where C# has a keyword", new Regex(@"\b(?:System\.)?(?:Double|Single|Int16|Int32|Int64|UInt16|UInt32|UInt64|Boolean|Decimal|IntPtr|UIntPtr)\b|\bSystem\.(?:String|Object|Void|Char|Byte|SByte)\b")),
            ("a generic type's arity", new Regex(@"\w+`\d+")),
            ("a member as Cecil's full names write it", new Regex(@"\w::\w")),
        };

        /// <summary>Each piece of IL notation in <paramref name="text"/>, with what it is; empty when there is none.</summary>
        public static IReadOnlyList<string> In(string text) =>
            Patterns.SelectMany(p => p.Pattern.Matches(text).Select(m => $"{p.What}: '{m.Value}'")).ToList();

        /// <summary>
        /// Fails when the message shows IL notation. AD9001 is exempt: it quotes the weaver's own
        /// exception, written for whoever fixes the bug, not for the user.
        /// </summary>
        public static void AssertAbsent(Diagnostic diagnostic)
        {
            if (diagnostic.Code == DiagnosticCatalog.InternalError.Code) return;
            AssertAbsent(diagnostic.Code, diagnostic.Message);
        }

        public static void AssertAbsent(string code, string message)
        {
            var found = In(message);
            if (found.Count > 0) Assert.Fail($"{code} shows IL notation ({string.Join("; ", found)}) in: {message}");
        }

        /// <summary>The source generator's own diagnostics (AD1xxx), checked as the weaver's.</summary>
        public static void AssertAbsent(IEnumerable<Microsoft.CodeAnalysis.Diagnostic> generated)
        {
            foreach (var d in generated.Where(d => d.Id.StartsWith("AD"))) AssertAbsent(d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>Every <c>error ADnnnn: message</c> line a host printed (MSBuild's project suffix left out), checked as <see cref="AssertAbsent(Diagnostic)"/>.</summary>
        public static void AssertAbsentFromOutput(string output)
        {
            foreach (Match m in Regex.Matches(output, @"error (AD\d{4}): (.*?)(?: \[[^\]]*proj\])?\r?$", RegexOptions.Multiline))
            {
                if (m.Groups[1].Value != DiagnosticCatalog.InternalError.Code) AssertAbsent(m.Groups[1].Value, m.Groups[2].Value);
            }
        }
    }
}
