using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoDiff.Weaver;

namespace AutoDiff.Cli
{
    /// <summary>
    /// What every command takes to read an assembly: its path and the <c>-r</c> folders searched
    /// for its references, and the one way a read failure is printed (on stderr, exit 1).
    /// </summary>
    internal static class AssemblyInput
    {
        public static Argument<FileInfo> Argument(string description)
        {
            var assembly = new Argument<FileInfo>("assembly") { Description = description };
            assembly.AcceptExistingOnly();
            return assembly;
        }

        public static Option<DirectoryInfo[]> ReferenceOption()
        {
            var option = new Option<DirectoryInfo[]>("--reference", "-r")
            {
                Description = "A folder to search for the assemblies it references (repeat for more); its own folder and the running .NET are always searched.",
                HelpName = "dir",
            };
            option.AcceptExistingOnly();
            return option;
        }

        public static IReadOnlyList<string> Folders(DirectoryInfo[]? folders) =>
            folders?.Select(f => f.FullName).ToArray() ?? Array.Empty<string>();

        /// <summary>Reads the assembly, or prints why it cannot be read and returns null.</summary>
        public static AssemblyFile? TryRead(string path, IReadOnlyList<string> referenceFolders, TextWriter stderr)
        {
            try
            {
                return AssemblyFile.Read(path, referenceFolders);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                stderr.WriteLine($"{path}: error: cannot read the assembly: {(string.IsNullOrWhiteSpace(e.Message) ? e.GetType().Name : e.Message)}" +
                    (e is Mono.Cecil.AssemblyResolutionException ? " (references are looked up beside the assembly, in the folders given with -r, and in the running .NET)" : ""));
                return null;
            }
        }
    }
}
