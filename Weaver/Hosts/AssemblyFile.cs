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

        private AssemblyFile(string path, ModuleDefinition module, DefaultAssemblyResolver resolver, bool hasPdb, bool embeddedPdb, StrongNameState strongName)
        {
            Path = path;
            Module = module;
            _resolver = resolver;
            HasPdb = hasPdb;
            _embeddedPdb = embeddedPdb;
            StrongName = strongName;
        }

        public string Path { get; }

        public ModuleDefinition Module { get; }

        /// <summary>True when a portable PDB was read, beside the assembly or embedded in it (and so is written back the same way).</summary>
        public bool HasPdb { get; }

        /// <summary>How the assembly is strong-named, as read (see <see cref="SigningFor"/>).</summary>
        public StrongNameState StrongName { get; }

        /// <summary>Reads <paramref name="path"/>; <paramref name="referenceFolders"/> are searched for references too (a build passes the folders of its references, since its intermediate assembly sits apart from them).</summary>
        public static AssemblyFile Read(string path, IEnumerable<string>? referenceFolders = null)
        {
            // The assembly and its PDB are two files: another weave may replace the pair between the
            // two reads, leaving a PDB that does not match. Reading again then finds a matching pair.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return ReadOnce(path, referenceFolders);
                }
                catch (SymbolsNotMatchingException) when (attempt < 3)
                {
                }
            }
        }

        private static AssemblyFile ReadOnce(string path, IEnumerable<string>? referenceFolders)
        {
            path = System.IO.Path.GetFullPath(path);
            if (Directory.Exists(path)) throw new IOException($"'{path}' is a folder; give the path of the assembly (.dll) to weave");
            var image = File.ReadAllBytes(path);
            RefuseTruncated(image);
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
                if (module.Assembly != null && module.Assembly.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.ReferenceAssemblyAttribute"))
                {
                    module.Dispose();
                    throw new BadImageFormatException($"'{path}' is a reference assembly (metadata only, as obj/.../ref/ holds): weave the assembly the build produced (obj/.../{System.IO.Path.GetFileName(path)} or bin/)");
                }
                return new AssemblyFile(path, module, resolver, pdb != null || embedded, embedded, StrongNameOf(module, image));
            }
            catch
            {
                resolver.Dispose();
                throw;
            }
        }

        /// <summary>The strong-name state of <paramref name="image"/>, read as <paramref name="module"/>.</summary>
        private static StrongNameState StrongNameOf(ModuleDefinition module, byte[] image)
        {
            if (module.Assembly == null || !module.Assembly.Name.HasPublicKey) return StrongNameState.None;
            var signature = StrongNameSignature.Read(image);
            if (signature != null && signature.Any(b => b != 0)) return StrongNameState.Signed;
            return (module.Attributes & ModuleAttributes.StrongNameSigned) != 0 ? StrongNameState.PublicSigned : StrongNameState.DelaySigned;
        }

        /// <summary>
        /// Whether writing with <paramref name="key"/> re-signs (true) or keeps the state as read
        /// (false): a signed assembly is re-signed, and needs the key pair it was signed with; a
        /// public-signed, delay-signed or unsigned one stays so, a key or not (Cecil keeps the flag
        /// and the empty signature room as they were). Throws <see cref="StrongNameException"/>
        /// saying what to do when a signed assembly cannot be re-signed: hosts call this before
        /// weaving, so nothing is done in vain; <see cref="Write"/> calls it again.
        /// </summary>
        public bool SigningFor(StrongNameKey? key)
        {
            if (StrongName != StrongNameState.Signed) return false;
            var token = StrongNameKey.RsaPublicPart.TokenOf(Module.Assembly.Name.PublicKey);
            if (key == null)
            {
                throw new StrongNameException($"'{Path}' is strong-name signed (public key token {token}), and weaving changes it, so its signature would no longer be valid; "
                    + "give the key pair it was signed with to re-sign it (autodiff weave --key <file.snk>; in a build, the project's key file), "
                    + "or weave it before it is signed (DelaySign or PublicSign) and sign it afterwards");
            }
            if (!key.CanSign)
            {
                throw new StrongNameException($"'{key.Path}' holds only a public key, and re-signing '{Path}' needs the key pair (the .snk file 'sn -k' made)");
            }
            if (!key.Matches(Module.Assembly.Name.PublicKey))
            {
                throw new StrongNameException($"'{key.Path}' is not the key '{Path}' was signed with (its public key token is {key.PublicKeyToken}, the assembly's {token}); "
                    + "give the key pair the assembly was signed with");
            }
            return true;
        }

        /// <summary>
        /// Writes the module (and its PDB when one was read) to <paramref name="path"/>. Both are
        /// written in full to temporary files beside their targets (names unique to this write, so
        /// concurrent weaves of one file do not collide), and only then replace the targets: the
        /// assembly first, keeping a backup, then the PDB; if the PDB cannot be replaced, the
        /// backup is put back. Either both files are new or both are as they were. A read-only
        /// target is refused before anything is written. A signed assembly is re-signed with
        /// <paramref name="key"/> (see <see cref="SigningFor"/>), and its new signature checked
        /// before it replaces anything.
        /// </summary>
        public void Write(string path, StrongNameKey? key = null)
        {
            var resign = SigningFor(key);
            path = System.IO.Path.GetFullPath(path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var pdbPath = PdbPathOf(path);
            RefuseReadOnly(path);
            if (HasPdb && !_embeddedPdb) RefuseReadOnly(pdbPath);
            var unique = "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".autodiff-tmp";
            var temporary = path + unique;
            var temporaryPdb = pdbPath + unique;
            try
            {
                if (_embeddedPdb)
                {
                    // Cecil's embedded-PDB writer needs a file name: the image goes straight to its temporary file.
                    Module.Write(temporary, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new EmbeddedPortablePdbWriterProvider(), StrongNameKeyBlob = resign ? key!.Blob : null });
                    if (resign) RefuseInvalidSignature(File.ReadAllBytes(temporary));
                }
                else
                {
                    using var image = new MemoryStream();
                    using var pdb = new MemoryStream();
                    var parameters = new WriterParameters { StrongNameKeyBlob = resign ? key!.Blob : null };
                    if (HasPdb)
                    {
                        parameters.WriteSymbols = true;
                        parameters.SymbolStream = pdb;
                        parameters.SymbolWriterProvider = new PortablePdbWriterProvider();
                    }
                    Module.Write(image, parameters);
                    if (resign) RefuseInvalidSignature(image.ToArray());
                    File.WriteAllBytes(temporary, image.ToArray());
                    if (HasPdb) File.WriteAllBytes(temporaryPdb, pdb.ToArray());
                }
                ReplaceTogether(path, temporary, HasPdb && !_embeddedPdb ? pdbPath : null, temporaryPdb);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
                if (File.Exists(temporaryPdb)) File.Delete(temporaryPdb);
            }
        }

        /// <summary>A re-signed image whose signature does not verify is our bug, never shipped: .NET Framework would refuse to load it.</summary>
        private void RefuseInvalidSignature(byte[] image)
        {
            if (!StrongNameSignature.IsValid(image, Module.Assembly.Name.PublicKey))
            {
                throw new InvalidOperationException($"the re-signed '{System.IO.Path.GetFileName(Path)}' does not carry a valid strong-name signature (a weaver bug); nothing was written");
            }
        }

        /// <summary>Moves the new assembly, then the new PDB, into place; puts the old assembly back when the PDB cannot follow.</summary>
        private static void ReplaceTogether(string path, string temporary, string? pdbPath, string temporaryPdb)
        {
            var backup = path + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".autodiff-bak";
            bool existed = File.Exists(path);
            // The old assembly is copied aside (not moved: the target must never be missing, a weave
            // running beside this one may be reading it), then the new one renamed over it within one
            // folder: the target is either the old file or the new one, never half.
            if (existed)
            {
                File.Copy(path, backup);
                File.Replace(temporary, path, null);
            }
            else
            {
                File.Move(temporary, path);
            }
            try
            {
                if (pdbPath == null) return;
                if (File.Exists(pdbPath)) File.Replace(temporaryPdb, pdbPath, null);
                else File.Move(temporaryPdb, pdbPath);
            }
            catch
            {
                if (existed) File.Replace(backup, path, null);
                else File.Delete(path);
                throw;
            }
            finally
            {
                if (File.Exists(backup)) File.Delete(backup);
            }
        }

        /// <summary>An existing read-only target is an error, not something to replace behind the user's back.</summary>
        private static void RefuseReadOnly(string path)
        {
            if (File.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
            {
                throw new IOException($"'{path}' is read-only; make it writable, or write elsewhere with --output");
            }
            if (Directory.Exists(path))
            {
                throw new IOException($"'{path}' is a folder, where a file is to be written");
            }
        }

        public void Dispose()
        {
            Module.Dispose();
            _resolver.Dispose();
        }

        /// <summary>
        /// An image cut short (a copy interrupted inside its trailing resources) can still be read
        /// by Cecil, which reads resources late; refuse it by the PE header: every section must lie
        /// within the file.
        /// </summary>
        private static void RefuseTruncated(byte[] image)
        {
            string Short(string what) => $"the file is not a complete assembly ({what}); it may have been cut short while it was copied or built";
            if (image.Length < 0x40 || image[0] != (byte)'M' || image[1] != (byte)'Z') throw new BadImageFormatException(Short("no MZ header"));
            int pe = BitConverter.ToInt32(image, 0x3C);
            if (pe < 0 || pe + 24 > image.Length || image[pe] != (byte)'P' || image[pe + 1] != (byte)'E') throw new BadImageFormatException(Short("no PE header"));
            int sections = BitConverter.ToUInt16(image, pe + 6);
            int optional = BitConverter.ToUInt16(image, pe + 20);
            int table = pe + 24 + optional;
            for (int k = 0; k < sections; k++)
            {
                int entry = table + 40 * k;
                if (entry + 40 > image.Length) throw new BadImageFormatException(Short("the section table is cut"));
                long end = (long)BitConverter.ToUInt32(image, entry + 20) + BitConverter.ToUInt32(image, entry + 16);
                if (end > image.Length) throw new BadImageFormatException(Short($"a section ends at byte {end} of {image.Length}"));
            }
        }

        /// <summary>True when the image carries its portable PDB inside (DebugType=embedded).</summary>
        private static bool HasEmbeddedPdb(byte[] image)
        {
            using var module = ModuleDefinition.ReadModule(new MemoryStream(image));
            return module.HasDebugHeader && module.GetDebugHeader().Entries.Any(e => e.Directory.Type == ImageDebugType.EmbeddedPortablePdb);
        }

        private static string PdbPathOf(string assemblyPath) => System.IO.Path.ChangeExtension(assemblyPath, ".pdb");

    }
}
