using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>Identifier rules for generated names.</summary>
    internal static class Identifiers
    {
        /// <summary>Prefixes '@' to a reserved keyword so it can be used as a name ("do" → "@do").</summary>
        public static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>Whether a derivative may be called this: an identifier and not a reserved keyword.</summary>
        public static bool IsValidMethodName(string? name)
            => !string.IsNullOrEmpty(name) && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name!) == SyntaxKind.None;
    }
}
