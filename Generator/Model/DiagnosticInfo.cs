using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generator.Model
{
    /// <summary>
    /// A diagnostic as plain data. <see cref="Diagnostic"/> and <see cref="Location"/> hold syntax
    /// trees, which would keep old compilations alive in the incremental cache and never compare
    /// equal across runs; this record does both right and becomes a diagnostic only at output.
    /// </summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
            => new DiagnosticInfo(descriptor, LocationInfo.From(location), arguments.ToEquatableArray());

        public Diagnostic ToDiagnostic()
            => Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, System.Linq.Enumerable.ToArray<object>(Arguments));
    }

    /// <summary>A source location as plain data (file, span, lines).</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location)
            => location is null || !location.IsInSource
                ? null
                : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);

        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
    }
}
