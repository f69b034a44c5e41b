using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoDiff.Weaver;

namespace AutoDiff.Cli
{
    /// <summary>
    /// <c>autodiff weave &lt;assembly&gt; [-o path]</c>: runs the engine over an assembly and writes it
    /// back (in place unless <c>--output</c> is given), its PDB with it. On any diagnostic nothing
    /// is written, so a failed weave can never leave an unwoven assembly that looks woven.
    /// An assembly whose derivatives all have woven bodies is left alone ("already woven").
    /// </summary>
    internal static class WeaveCommand
    {
        public static Command Create()
        {
            var assembly = new Argument<FileInfo>("assembly") { Description = "The compiled assembly (.dll) to weave; its portable PDB is read from beside it." };
            assembly.AcceptExistingOnly();
            var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the woven assembly (default: overwrite the input)." };
            var command = new Command("weave", "Write the bodies of the derivatives an assembly declares.") { assembly, output };
            command.SetAction(parsed => Run(parsed.GetRequiredValue(assembly).FullName, parsed.GetValue(output)?.FullName,
                parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
            return command;
        }

        private static int Run(string input, string? output, TextWriter stdout, TextWriter stderr)
        {
            var target = output ?? input;
            AssemblyFile file;
            try
            {
                file = AssemblyFile.Read(input);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                stderr.WriteLine($"{input}: error: cannot read the assembly: {(string.IsNullOrWhiteSpace(e.Message) ? e.GetType().Name : e.Message)}" +
                    (e is Mono.Cecil.AssemblyResolutionException ? " (references are looked up beside the assembly and in the running .NET framework)" : ""));
                return Program.Failed;
            }

            using (file)
            {
                var declared = DerivativeInventory.Read(file.Module);
                if (declared.Count == 0 || declared.All(d => d.IsWoven))
                {
                    var why = declared.Count == 0 ? "declares no derivatives" : $"is already woven ({declared.Count} derivative(s))";
                    if (!SamePath(input, target) && !TryCopy(input, target, stderr)) return Program.Failed;
                    stdout.WriteLine($"autodiff: {file.Module.Name} {why}; nothing to do{(SamePath(input, target) ? "" : ", copied to " + target)}.");
                    return Program.Success;
                }

                var sink = new ConsoleDiagnosticSink(stderr, input);
                var result = EngineRunner.Run(file.Module, sink);
                if (!result.Succeeded)
                {
                    stderr.WriteLine($"autodiff: {result.Errors} error(s); nothing was written.");
                    return Program.Failed;
                }

                try
                {
                    file.Write(target);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    stderr.WriteLine($"{target}: error: cannot write the woven assembly: {e.Message}");
                    return Program.Failed;
                }
                var symbols = file.HasPdb ? " (and its PDB)" : " (no PDB beside the input: line numbers are not available)";
                stdout.WriteLine($"autodiff: {result.DerivativesWritten} derivative(s) woven into {target}{symbols}.");
                return Program.Success;
            }
        }

        private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

        /// <summary>Nothing to weave but an output was asked for: give it the input as it is, PDB included.</summary>
        private static bool TryCopy(string input, string target, TextWriter stderr)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(input, target, overwrite: true);
                var pdb = Path.ChangeExtension(input, ".pdb");
                if (File.Exists(pdb)) File.Copy(pdb, Path.ChangeExtension(target, ".pdb"), overwrite: true);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"{target}: error: cannot write: {e.Message}");
                return false;
            }
        }
    }
}
