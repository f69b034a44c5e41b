using System;
using System.IO;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// A compiled fixture written to a fresh temporary folder as a build would leave it: the
    /// assembly, its portable PDB and AutoDiff.Runtime.dll beside them. For hosts that read and
    /// write files (the command line, the MSBuild task). Dispose deletes the folder.
    /// </summary>
    public sealed class AssemblyOnDisk : IDisposable
    {
        private AssemblyOnDisk(string folder, string name)
        {
            Folder = folder;
            DllPath = Path.Combine(folder, name + ".dll");
            PdbPath = Path.Combine(folder, name + ".pdb");
        }

        public string Folder { get; }

        public string DllPath { get; }

        public string PdbPath { get; }

        /// <summary>
        /// Compiles <paramref name="source"/> (with the generator unless <paramref name="runGenerator"/>
        /// is false) against <paramref name="references"/> and writes it out; the references
        /// themselves are not written beside it.
        /// </summary>
        public static AssemblyOnDisk Compile(string source, bool optimize = false, string name = "Fixture", bool runGenerator = true, params CompiledAssembly[] references)
        {
            return Write(TestCompiler.Compile(source, optimize, runGenerator, name, references), name);
        }

        /// <summary>Writes an assembly already compiled (with options of its own: a strong name, say) as <see cref="Compile"/> does.</summary>
        public static AssemblyOnDisk Write(CompiledAssembly compiled, string name = "Fixture")
        {
            var folder = Path.Combine(Path.GetTempPath(), "autodiff-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var disk = new AssemblyOnDisk(folder, name);
            File.WriteAllBytes(disk.DllPath, compiled.Image);
            File.WriteAllBytes(disk.PdbPath, compiled.Pdb);
            var runtime = typeof(AutoDiff.Activity).Assembly.Location;
            File.Copy(runtime, Path.Combine(folder, Path.GetFileName(runtime)));
            return disk;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is not worth failing a test over.
            }
        }
    }
}
