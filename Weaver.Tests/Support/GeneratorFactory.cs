using Microsoft.CodeAnalysis;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>The source generator under test, as the compiler would load it.</summary>
    public static class GeneratorFactory
    {
        public static ISourceGenerator Create() => new AutoDiff.Generator.DerivativeStubGenerator().AsSourceGenerator();
    }
}
