using System;
using System.IO;
using System.Linq;
using AutoDiff.Weaver;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AutoDiff.Build
{
    /// <summary>
    /// Weaves one compiled assembly in place (its PDB beside it is rewritten with it): the MSBuild
    /// host over <see cref="EngineRunner"/>. Diagnostics are logged as errors and nothing is
    /// written; the .targets then deletes the unwoven assembly. An assembly whose derivatives are
    /// all woven already is left alone.
    /// </summary>
    public sealed class WeaveTask : Task
    {
        /// <summary>The assembly to weave (the project's intermediate assembly).</summary>
        [Required]
        public string Assembly { get; set; } = "";

        /// <summary>The assemblies the project compiled against (@(ReferencePath)): their folders are searched to resolve references.</summary>
        public ITaskItem[] References { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// The project's strong-name key file (.snk), when it signs: a signed assembly is re-signed
        /// with it after weaving; without it, weaving a signed assembly is an error (its signature
        /// would be left invalid). Delay- and public-signed assemblies stay as they are.
        /// </summary>
        public string? KeyFile { get; set; }

        /// <summary>How many derivative bodies were written.</summary>
        [Output]
        public int DerivativesWritten { get; private set; }

        public override bool Execute()
        {
            StrongNameKey? key = null;
            if (!string.IsNullOrEmpty(KeyFile))
            {
                try
                {
                    key = StrongNameKey.Read(KeyFile!);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    Log.LogError($"AutoDiff: cannot read the key file {KeyFile}: {e.Message}");
                    return false;
                }
            }

            AssemblyFile file;
            try
            {
                var folders = References.Select(r => Path.GetDirectoryName(r.GetMetadata("FullPath"))).Where(f => !string.IsNullOrEmpty(f)).Distinct();
                file = AssemblyFile.Read(Assembly, folders);
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                Log.LogError($"AutoDiff: cannot read {Assembly}: {e.Message}");
                return false;
            }

            using (file)
            {
                var declared = DerivativeInventory.Read(file.Module);
                if (declared.Count == 0 || declared.All(d => d.IsWoven))
                {
                    Log.LogMessage(MessageImportance.Normal, declared.Count == 0
                        ? $"AutoDiff: {file.Module.Name} declares no derivatives; nothing to weave."
                        : $"AutoDiff: {file.Module.Name} is already woven; nothing to do.");
                    return true;
                }

                try
                {
                    file.SigningFor(key);
                }
                catch (StrongNameException e)
                {
                    Log.LogError($"AutoDiff: {e.Message}");
                    return false;
                }

                var result = EngineRunner.Run(file.Module, new MsBuildDiagnosticSink(Log, file.Path));
                if (!result.Succeeded) return false;

                try
                {
                    file.Write(file.Path, key);
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    Log.LogError($"AutoDiff: cannot write the woven assembly {file.Path}: {e.Message}");
                    return false;
                }
                DerivativesWritten = result.DerivativesWritten;
                Log.LogMessage(MessageImportance.High, $"AutoDiff: {result.DerivativesWritten} derivative(s) woven into {file.Module.Name}.");
                return !Log.HasLoggedErrors;
            }
        }
    }
}
