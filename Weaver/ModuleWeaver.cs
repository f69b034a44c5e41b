using System;
using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using Fody;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// The Fody add-in: a thin shell over <see cref="WeaverEngine"/>. Fody finds it by its simple
    /// type name (a public class named <c>ModuleWeaver</c> deriving from <see cref="BaseModuleWeaver"/>
    /// in an assembly named <c>AutoDiff.Fody.dll</c>, listed as <c>&lt;AutoDiff /&gt;</c> in the
    /// weaver configuration); the namespace does not matter to Fody.
    /// </summary>
    public sealed class ModuleWeaver : BaseModuleWeaver
    {
        public override void Execute()
        {
            var sink = new FodyDiagnosticSink(this);
            var result = EngineRunner.Run(ModuleDefinition, sink);
            WriteInfo(result.Succeeded
                ? $"AutoDiff: {result.DerivativesWritten} derivative(s) woven into {ModuleDefinition.Name}."
                : $"AutoDiff: {result.Errors} error(s); nothing was woven into {ModuleDefinition.Name}.");
        }

        /// <summary>The engine resolves everything it needs from the module's own references.</summary>
        public override IEnumerable<string> GetAssembliesForScanning() => Array.Empty<string>();

        /// <summary>AutoDiff.Runtime stays referenced: the attributes and the not-woven exception live there.</summary>
        public override bool ShouldCleanReference => false;
    }
}
