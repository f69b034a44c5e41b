using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoDiff.Weaver;

namespace AutoDiff.Cli
{
    /// <summary>
    /// <c>autodiff weave &lt;assembly&gt; [-o path] [-r dir]... [--key file.snk] [--plan]</c>: runs the engine
    /// over an assembly and writes it back (in place unless <c>--output</c> is given), its PDB with
    /// it. On any diagnostic nothing is written, so a failed weave can never leave an unwoven
    /// assembly that looks woven. An assembly whose derivatives all have woven bodies is left
    /// alone ("already woven"). A strong-named assembly keeps its state: a signed one is re-signed
    /// with <c>--key</c> and refused without it (<see cref="AssemblyFile.SigningFor"/>). <c>--plan</c>
    /// prints each reverse-mode derivative's reverse plan: what its reverse sweep keeps of the
    /// forward sweep, and how (Differentiation/Reverse/ReversePlan.cs).
    /// </summary>
    internal static class WeaveCommand
    {
        public static Command Create()
        {
            var assembly = AssemblyInput.Argument("The compiled assembly (.dll) to weave; its portable PDB is read from beside it.");
            var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the woven assembly (default: overwrite the input).", HelpName = "path" };
            var references = AssemblyInput.ReferenceOption();
            var key = new Option<FileInfo>("--key")
            {
                Description = "The strong-name key pair (.snk) a signed assembly was signed with: it is re-signed after weaving. "
                    + "Required for a signed assembly; delay- and public-signed assemblies stay as they are.",
                HelpName = "file.snk",
            };
            key.AcceptExistingOnly();
            var plan = new Option<bool>("--plan") { Description = "Print each reverse-mode derivative's reverse plan: per loop how it is reversed, per block what it keeps of the forward sweep and how." };
            var command = new Command("weave", "Write the bodies of the derivatives an assembly declares.") { assembly, output, references, key, plan };
            command.SetAction(parsed => Run(parsed.GetRequiredValue(assembly).FullName, parsed.GetValue(output)?.FullName,
                AssemblyInput.Folders(parsed.GetValue(references)), parsed.GetValue(key)?.FullName, parsed.GetValue(plan),
                parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
            return command;
        }

        private static int Run(string input, string? output, IReadOnlyList<string> referenceFolders, string? keyPath, bool printPlans, TextWriter stdout, TextWriter stderr)
        {
            var target = output ?? input;
            StrongNameKey? key = null;
            if (keyPath != null)
            {
                try
                {
                    key = StrongNameKey.Read(keyPath);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    stderr.WriteLine($"{keyPath}: error: cannot use the key: {e.Message}");
                    return Program.Failed;
                }
            }

            using var file = AssemblyInput.TryRead(input, referenceFolders, stderr);
            if (file == null) return Program.Failed;

            // Nothing to weave needs no key: the input is left (or copied) as it is, signature and all.
            var declared = DerivativeInventory.Read(file.Module);
            if (declared.Count == 0 || declared.All(d => d.IsWoven))
            {
                var why = declared.Count == 0 ? "declares no derivatives" : $"is already woven ({declared.Count} derivative(s))";
                if (!SamePath(input, target) && !TryCopy(input, target, stderr)) return Program.Failed;
                stdout.WriteLine($"autodiff: {file.Module.Name} {why}; nothing to do{(SamePath(input, target) ? "" : ", copied to " + target)}.");
                return Program.Success;
            }

            // Checked before the engine runs, so a missing key costs no weave.
            bool resign;
            try
            {
                resign = file.SigningFor(key);
            }
            catch (StrongNameException e)
            {
                stderr.WriteLine($"{input}: error: {e.Message}; nothing was written.");
                return Program.Failed;
            }
            if (key != null && !resign)
            {
                stdout.WriteLine($"autodiff: {file.Module.Name} is {Describe(file.StrongName)}, so the key is not used; it stays so.");
            }

            var sink = new ConsoleDiagnosticSink(stderr, input);
            var result = EngineRunner.Run(file.Module, sink);
            if (printPlans)
            {
                foreach (var p in result.Plans) stdout.WriteLine(p);
            }
            if (!result.Succeeded)
            {
                stderr.WriteLine($"autodiff: {result.Errors} error(s); nothing was written.");
                return Program.Failed;
            }

            try
            {
                file.Write(target, key);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                stderr.WriteLine($"{target}: error: cannot write the woven assembly: {e.Message}");
                return Program.Failed;
            }
            var symbols = file.HasPdb ? " (and its PDB)" : " (no PDB beside the input: line numbers are not available)";
            var signed = resign ? ", re-signed with " + Path.GetFileName(key!.Path) : "";
            stdout.WriteLine($"autodiff: {result.DerivativesWritten} derivative(s) woven into {target}{symbols}{signed}.");
            return Program.Success;
        }

        private static string Describe(StrongNameState state) => state switch
        {
            StrongNameState.PublicSigned => "public-signed",
            StrongNameState.DelaySigned => "delay-signed",
            _ => "not strong-named",
        };

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
