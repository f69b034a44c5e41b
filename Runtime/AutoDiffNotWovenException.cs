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
                   "Add the AutoDiff weaver to the build (FodyWeavers.xml with <AutoDiff />, the AutoDiff MSBuild task, or 'autodiff weave').")
        {
            Derivative = derivative;
        }

        /// <summary>The name of the derivative method that was called.</summary>
        public string Derivative { get; }
    }
}
