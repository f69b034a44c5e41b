using System;
using System.Collections.Generic;
using System.IO;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// An assembly read from disk for rewriting: the image and its portable PDB (when one sits
    /// beside it) are read fully into memory first, so the same path can be overwritten, and
    /// references resolve from the assembly's own folder (AutoDiff.Runtime, the app's libraries)
    /// and from the running framework (System.Runtime...). Shared by the hosts that weave files
    /// (the command line, the MSBuild task); Fody reads and writes for itself.
    /// </summary>
    public sealed class AssemblyFile : IDisposable
    {
        private readonly DefaultAssemblyResolver _resolver;

        private AssemblyFile(string path, ModuleDefinition module, DefaultAssemblyResolver resolver, bool hasPdb)
        {
            Path = path;
            Module = module;
            _resolver = resolver;
            HasPdb = hasPdb;
        }

        public string Path { get; }

        public ModuleDefinition Module { get; }

        /// <summary>True when a portable PDB was read beside the assembly (and so is written with it).</summary>
        public bool HasPdb { get; }

        /// <summary>Reads <paramref name="path"/>; <paramref name="referenceFolders"/> are searched for references too (a build passes the folders of its references, since its intermediate assembly sits apart from them).</summary>
        public static AssemblyFile Read(string path, IEnumerable<string>? referenceFolders = null)
        {
            path = System.IO.Path.GetFullPath(path);
            var image = File.ReadAllBytes(path);
            var pdbPath = PdbPathOf(path);
            var pdb = File.Exists(pdbPath) ? File.ReadAllBytes(pdbPath) : null;

            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(System.IO.Path.GetDirectoryName(path)!);
            foreach (var folder in referenceFolders ?? Array.Empty<string>()) resolver.AddSearchDirectory(folder);
            resolver.AddSearchDirectory(System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!);
            try
            {
                var parameters = new ReaderParameters { AssemblyResolver = resolver, ReadingMode = ReadingMode.Immediate };
                if (pdb != null)
                {
                    parameters.ReadSymbols = true;
                    parameters.SymbolStream = new MemoryStream(pdb);
                    parameters.SymbolReaderProvider = new PortablePdbReaderProvider();
                }
                var module = ModuleDefinition.ReadModule(new MemoryStream(image), parameters);
                return new AssemblyFile(path, module, resolver, pdb != null);
            }
            catch
            {
                resolver.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Writes the module (and its PDB when one was read) to <paramref name="path"/>. Both are
        /// written to memory first and then to temporary files beside the target, which replace
        /// the target only once complete: a failure leaves the old files as they were.
        /// </summary>
        public void Write(string path)
        {
            path = System.IO.Path.GetFullPath(path);
            using var image = new MemoryStream();
            using var pdb = new MemoryStream();
            var parameters = new WriterParameters();
            if (HasPdb)
            {
                parameters.WriteSymbols = true;
                parameters.SymbolStream = pdb;
                parameters.SymbolWriterProvider = new PortablePdbWriterProvider();
            }
            Module.Write(image, parameters);

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            ReplaceWith(path, image.ToArray());
            if (HasPdb) ReplaceWith(PdbPathOf(path), pdb.ToArray());
        }

        public void Dispose()
        {
            Module.Dispose();
            _resolver.Dispose();
        }

        private static string PdbPathOf(string assemblyPath) => System.IO.Path.ChangeExtension(assemblyPath, ".pdb");

        private static void ReplaceWith(string path, byte[] bytes)
        {
            var temporary = path + ".autodiff-tmp";
            File.WriteAllBytes(temporary, bytes);
            // A rename within one folder: the target is either the old file or the new one, never half.
            if (File.Exists(path)) File.Replace(temporary, path, null);
            else File.Move(temporary, path);
        }
    }
}
