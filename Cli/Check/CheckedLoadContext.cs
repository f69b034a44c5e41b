using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// A collectible load context for the assembly under check, unloaded when check is done. Its
    /// dependencies come from its .deps.json when it has one (an app's bin folder), else from its
    /// own folder and the <c>-r</c> folders; the framework from the running .NET. The assembly is
    /// loaded from its bytes, so the file is not held open.
    /// </summary>
    internal sealed class CheckedLoadContext : AssemblyLoadContext
    {
        private readonly AssemblyDependencyResolver? _resolver;
        private readonly IReadOnlyList<string> _folders;

        public CheckedLoadContext(string assemblyPath, IReadOnlyList<string> referenceFolders) : base("autodiff check", isCollectible: true)
        {
            var deps = Path.ChangeExtension(assemblyPath, ".deps.json");
            _resolver = File.Exists(deps) ? new AssemblyDependencyResolver(assemblyPath) : null;
            var folders = new List<string> { Path.GetDirectoryName(assemblyPath)! };
            folders.AddRange(referenceFolders);
            _folders = folders;
            Assembly = LoadFromStream(new MemoryStream(File.ReadAllBytes(assemblyPath)));
        }

        public Assembly Assembly { get; }

        protected override Assembly? Load(AssemblyName name)
        {
            var path = _resolver?.ResolveAssemblyToPath(name);
            if (path != null) return LoadFromAssemblyPath(path);
            foreach (var folder in _folders)
            {
                var candidate = Path.Combine(folder, name.Name + ".dll");
                if (File.Exists(candidate)) return LoadFromStream(new MemoryStream(File.ReadAllBytes(candidate)));
            }
            return null; // the framework, from the default context
        }
    }
}
