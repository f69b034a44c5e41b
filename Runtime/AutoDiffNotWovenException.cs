using System;

namespace AutoDiff
{
    /// <summary>
    /// Thrown by a derivative method whose body the weaver has not written: the declaration
    /// exists (the source generator made it) but the post-compile weaver did not run on this
    /// assembly.
    /// </summary>
    public sealed class AutoDiffNotWovenException : InvalidOperationException
    {
        public AutoDiffNotWovenException(string derivative)
            : base($"The derivative '{derivative}' was declared but not woven: the AutoDiff weaver did not run on this assembly. " +
                   "To weave at build time, reference the package AutoDiff.Weaver (or AutoDiff.Fody with <AutoDiff /> in FodyWeavers.xml) and build again " +
                   "(a build with AutoDiffWeave=false does not weave); or weave the built assembly with the dotnet tool AutoDiff.Weaver.Tool: 'autodiff weave <assembly>.dll'.")
        {
            Derivative = derivative;
        }

        /// <summary>The name of the derivative method that was called.</summary>
        public string Derivative { get; }
    }
}
