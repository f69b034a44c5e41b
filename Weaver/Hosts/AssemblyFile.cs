using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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

        private readonly bool _embeddedPdb;

        private AssemblyFile(string path, ModuleDefinition module, DefaultAssemblyResolver resolver, bool hasPdb, bool embeddedPdb)
        {
            Path = path;
            Module = module;
            _resolver = resolver;
            HasPdb = hasPdb;
            _embeddedPdb = embeddedPdb;
        }

        public string Path { get; }

        public ModuleDefinition Module { get; }

        /// <summary>True when a portable PDB was read, beside the assembly or embedded in it (and so is written back the same way).</summary>
        public bool HasPdb { get; }

        /// <summary>Reads <paramref name="path"/>; <paramref name="referenceFolders"/> are searched for references too (a build passes the folders of its references, since its intermediate assembly sits apart from them).</summary>
        public static AssemblyFile Read(string path, IEnumerable<string>? referenceFolders = null)
        {
            path = System.IO.Path.GetFullPath(path);
            var image = File.ReadAllBytes(path);
            // An embedded PDB wins over a file beside the assembly, which may be left over from a
            // build with another DebugType.
            var embedded = HasEmbeddedPdb(image);
            var pdbPath = PdbPathOf(path);
            var pdb = !embedded && File.Exists(pdbPath) ? File.ReadAllBytes(pdbPath) : null;

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
                else if (embedded)
                {
                    parameters.ReadSymbols = true;
                    parameters.SymbolReaderProvider = new EmbeddedPortablePdbReaderProvider();
                }
                var module = ModuleDefinition.ReadModule(new MemoryStream(image), parameters);
                return new AssemblyFile(path, module, resolver, pdb != null || embedded, embedded);
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
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            if (_embeddedPdb)
            {
                // Cecil's embedded-PDB writer needs a file name, so the image goes straight to the
                // temporary file (a failure deletes it and leaves the target as it was).
                var parameters = new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new EmbeddedPortablePdbWriterProvider() };
                ReplaceWith(path, temporary => Module.Write(temporary, parameters));
                return;
            }

            using var image = new MemoryStream();
            using var pdb = new MemoryStream();
            var imageParameters = new WriterParameters();
            if (HasPdb)
            {
                imageParameters.WriteSymbols = true;
                imageParameters.SymbolStream = pdb;
                imageParameters.SymbolWriterProvider = new PortablePdbWriterProvider();
            }
            Module.Write(image, imageParameters);
            ReplaceWith(path, temporary => File.WriteAllBytes(temporary, image.ToArray()));
            if (HasPdb) ReplaceWith(PdbPathOf(path), temporary => File.WriteAllBytes(temporary, pdb.ToArray()));
        }

        public void Dispose()
        {
            Module.Dispose();
            _resolver.Dispose();
        }

        /// <summary>True when the image carries its portable PDB inside (DebugType=embedded).</summary>
        private static bool HasEmbeddedPdb(byte[] image)
        {
            using var module = ModuleDefinition.ReadModule(new MemoryStream(image));
            return module.HasDebugHeader && module.GetDebugHeader().Entries.Any(e => e.Directory.Type == ImageDebugType.EmbeddedPortablePdb);
        }

        private static string PdbPathOf(string assemblyPath) => System.IO.Path.ChangeExtension(assemblyPath, ".pdb");

        private static void ReplaceWith(string path, Action<string> write)
        {
            var temporary = path + ".autodiff-tmp";
            try
            {
                write(temporary);
                // A rename within one folder: the target is either the old file or the new one, never half.
                if (File.Exists(path)) File.Replace(temporary, path, null);
                else File.Move(temporary, path);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }
    }
}
