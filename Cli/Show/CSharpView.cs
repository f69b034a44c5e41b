using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using ICSharpCode.Decompiler;
using ICSharpCode.Decompiler.CSharp;
using ICSharpCode.Decompiler.Metadata;
using Mono.Cecil;

namespace AutoDiff.Cli.Show
{
    /// <summary>
    /// Turns a method of an assembly on disk back into C# with ILSpy's decompiler, so a user can
    /// read what the weaver wrote. References (AutoDiff.Runtime above all) are looked up beside the
    /// assembly and in the <c>-r</c> folders; one that is missing makes the text less precise,
    /// never a failure. Methods are found by metadata token, which Cecil read from the same file.
    /// </summary>
    internal sealed class CSharpView : IDisposable
    {
        private readonly PEFile _file;
        private readonly CSharpDecompiler _decompiler;

        public CSharpView(string assemblyPath, IReadOnlyList<string> referenceFolders)
        {
            _file = new PEFile(assemblyPath, new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), PEStreamOptions.PrefetchEntireImage);
            var resolver = new UniversalAssemblyResolver(assemblyPath, throwOnError: false, _file.DetectTargetFrameworkId());
            resolver.AddSearchDirectory(Path.GetDirectoryName(assemblyPath)!);
            foreach (var folder in referenceFolders) resolver.AddSearchDirectory(folder);
            var settings = new DecompilerSettings(LanguageVersion.Latest) { ThrowOnAssemblyResolveErrors = false };
            settings.CSharpFormattingOptions.IndentationString = "    ";
            _decompiler = new CSharpDecompiler(_file, resolver, settings);
        }

        /// <summary>The method's declaration and body as C#; a decompiler failure is said in a comment instead.</summary>
        public string Decompile(MethodDefinition method)
        {
            try
            {
                return _decompiler.DecompileAsString(MetadataTokens.EntityHandle(method.MetadataToken.ToInt32())).TrimEnd();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return $"// cannot decompile {method.Name}: {e.Message} (--il shows its IL)";
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
