using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>Names the generator writes: its tool name in [GeneratedCode] and the hint name of each file.</summary>
    internal static class StubNames
    {
        public const string Tool = "AutoDiff.Generator";
        public const string Version = "1.0";

        /// <summary>
        /// "Ns.Outer_1.Inner.Foo.Bar.g.cs": the containing type's metadata name (so generic arity and
        /// nesting keep different types apart), the primal and the derivative. Derivative names are
        /// unique per type (AD1006), so the hint name is unique and stays the same from build to build.
        /// </summary>
        public static string HintName(IMethodSymbol method, string derivativeName)
        {
            var parts = new List<string>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                parts.Insert(0, type.MetadataName);
            }
            var ns = method.ContainingType.ContainingNamespace;
            if (ns is not null && !ns.IsGlobalNamespace)
            {
                parts.Insert(0, ns.ToDisplayString());
            }
            parts.Add(method.Name);
            parts.Add(derivativeName);
            return Sanitize(string.Join(".", parts)) + ".g.cs";
        }

        // Hint names allow only some characters; identifiers may hold any Unicode letter, and
        // metadata names hold '`'. Keep letters, digits, '.', '_' and '-', replace the rest.
        private static string Sanitize(string text)
            => new string(text.Select(c => char.IsLetterOrDigit(c) && c < 128 || c is '.' or '_' or '-' ? c : '_').ToArray());
    }
}
