using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator
{
    /// <summary>Placeholder so the solution builds; the real generator replaces this file.</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class DerivativeStubGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
        }
    }
}
