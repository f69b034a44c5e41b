using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Symbols as the generator's messages show them: Roslyn's error-message format (keywords,
    /// short names, <c>List&lt;double&gt;</c>) without its asterisks in multi-dimensional arrays
    /// (<c>double[*,*]</c> is how metadata writes a <c>double[,]</c>, not how the user did).
    /// </summary>
    internal static class MessageDisplay
    {
        public static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.CSharpErrorMessageFormat
            .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseAsterisksInMultiDimensionalArrays);

        public static string ToMessageString(this ISymbol symbol) => symbol.ToDisplayString(Format);
    }
}
