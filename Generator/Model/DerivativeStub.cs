namespace AutoDiff.Generator.Model
{
    /// <summary>
    /// Everything needed to write one derivative declaration, already turned into C# text
    /// (types fully qualified), so the emitter only lays it out and the value compares by content.
    /// A generic primal's derivative is generic too: <see cref="TypeParameters"/> ("&lt;T&gt;", or
    /// empty) and <see cref="ConstraintClauses"/> (" where T : global::System.Numerics.INumber&lt;T&gt;")
    /// copy the primal's.
    /// </summary>
    internal sealed record DerivativeStub(
        string HintName,
        string? Namespace,
        EquatableArray<TypeDeclarationInfo> ContainingTypes,
        string Modifiers,
        string ReturnType,
        string Name,
        EquatableArray<ParameterInfo> Parameters,
        string Summary,
        string TypeParameters = "",
        string ConstraintClauses = "");

    /// <summary>One type around the derivative, outermost first: its declaration keywords ("static partial class") and name with type parameters.</summary>
    internal sealed record TypeDeclarationInfo(string Keywords, string NameWithTypeParameters);

    /// <summary>One parameter of the derivative: its modifier with a trailing space ("ref ", or empty), type and (escaped) name.</summary>
    internal sealed record ParameterInfo(string Modifier, string Type, string Name);

    /// <summary>What the generator makes of one annotated method for one attribute kind: the derivatives to declare and the errors to report.</summary>
    internal sealed record MethodResult(EquatableArray<DerivativeStub> Stubs, EquatableArray<DiagnosticInfo> Diagnostics);
}
