namespace AutoDiff.Weaver.Diagnostics
{
    /// <summary>One entry of the catalogue: a code that never changes, a title, and how to fix it.</summary>
    public sealed class DiagnosticDescriptor
    {
        public DiagnosticDescriptor(string code, string title, string hint)
        {
            Code = code;
            Title = title;
            Hint = hint;
        }

        /// <summary>AD2xxx frontend, AD3xxx analysis, AD4xxx differentiation, AD5xxx backend, AD9xxx hosts and internal.</summary>
        public string Code { get; }

        public string Title { get; }

        /// <summary>What the user can do about it.</summary>
        public string Hint { get; }
    }
}
