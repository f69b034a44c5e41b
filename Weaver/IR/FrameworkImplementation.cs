using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// The framework's numeric structs the weaver differentiates through their own IL
    /// (System.Numerics.Complex, System.Drawing.PointF and SizeF), read from the implementation
    /// assemblies of the shared framework. A build resolves the framework to its reference
    /// assemblies, which hold no bodies and replace private fields by a placeholder (PointF's
    /// <c>int _dummyPrimitive</c>); so a definition of one of these types found in a reference
    /// assembly is exchanged for the same type in
    /// <c>dotnet/shared/Microsoft.NETCore.App/&lt;version&gt;/</c>, the runtime the module targets
    /// (the newest patch of its major.minor, or of the runtime it would roll forward to; without a
    /// TargetFramework attribute, the runtime the weaver runs on). When none is installed the reference definition stays, and the weaver
    /// refuses the members as before. The implementation's assembly has the reference's name,
    /// version and key, so references imported from it point where the user's code points.
    /// </summary>
    public static class FrameworkImplementation
    {
        private static readonly HashSet<string> Followed = new HashSet<string>
        {
            "System.Numerics.Complex",
            "System.Drawing.PointF",
            "System.Drawing.SizeF",
        };

        private static readonly object Gate = new object();
        private static readonly Dictionary<string, AssemblyDefinition?> Assemblies = new Dictionary<string, AssemblyDefinition?>();

        /// <summary>True for a framework struct whose implementation's IL the weaver reads and differentiates through.</summary>
        public static bool IsFollowed(TypeReference type) => Followed.Contains(type.GetElementType().FullName);

        /// <summary>True when <paramref name="type"/> is defined in the framework (its IL is the runtime's, not the user's).</summary>
        public static bool IsFramework(TypeDefinition type)
        {
            var name = type.Module?.Assembly?.Name.Name;
            return name != null && (name is "mscorlib" or "netstandard" or "System" || name.StartsWith("System.") || name.StartsWith("Microsoft."));
        }

        /// <summary><paramref name="definition"/>, or the same type in the implementation assembly when it is a followed type read from a reference assembly.</summary>
        public static TypeDefinition Prefer(TypeDefinition definition, ModuleDefinition? from)
        {
            if (!IsFollowed(definition) || !IsReferenceAssembly(definition.Module.Assembly)) return definition;
            var assembly = Implementation(definition.Module.Assembly.Name.Name, from);
            return assembly?.MainModule.GetType(definition.Namespace, definition.Name) ?? definition;
        }

        /// <summary>The method <paramref name="definition"/> names, in the implementation of its followed type; itself otherwise.</summary>
        public static MethodDefinition Prefer(MethodDefinition definition, ModuleDefinition? from)
        {
            var type = Prefer(definition.DeclaringType, from);
            return type == definition.DeclaringType ? definition : MetadataResolver.GetMethod(type.Methods, definition) ?? definition;
        }

        /// <summary>The field <paramref name="definition"/> names, in the implementation of its followed type; itself otherwise.</summary>
        public static FieldDefinition Prefer(FieldDefinition definition, ModuleDefinition? from)
        {
            var type = Prefer(definition.DeclaringType, from);
            return type == definition.DeclaringType ? definition : type.Fields.FirstOrDefault(f => f.Name == definition.Name) ?? definition;
        }

        private static bool IsReferenceAssembly(AssemblyDefinition? assembly) =>
            assembly != null && assembly.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.ReferenceAssemblyAttribute");

        private static AssemblyDefinition? Implementation(string name, ModuleDefinition? from)
        {
            var folder = RuntimeFolder(from);
            if (folder == null) return null;
            var path = Path.Combine(folder, name + ".dll");
            lock (Gate)
            {
                if (Assemblies.TryGetValue(path, out var known)) return known;
                AssemblyDefinition? read = null;
                if (File.Exists(path))
                {
                    var resolver = new DefaultAssemblyResolver();
                    resolver.AddSearchDirectory(folder);
                    read = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { AssemblyResolver = resolver, ReadingMode = ReadingMode.Immediate });
                }
                return Assemblies[path] = read;
            }
        }

        /// <summary>The shared framework folder of the runtime the module targets; null when none is installed.</summary>
        private static string? RuntimeFolder(ModuleDefinition? module)
        {
            var running = Path.GetDirectoryName(typeof(object).Assembly.Location);
            var target = TargetVersion(module);
            if (target == null) return running != null && File.Exists(Path.Combine(running, "System.Private.CoreLib.dll")) ? running : null;
            foreach (var root in DotnetRoots(running))
            {
                var shared = Path.Combine(root, "shared", "Microsoft.NETCore.App");
                if (!Directory.Exists(shared)) continue;
                var installed = Directory.GetDirectories(shared)
                    .Select(d => (Folder: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                    .Where(d => d.Version != null)
                    .ToList();
                // The target's major.minor, newest patch; else the runtime the app would roll
                // forward to (the lowest newer major.minor, newest patch), as a library built for
                // an older runtime (AutoDiff.Runtime's net8.0 build) runs on the app's.
                var best = installed.Where(d => d.Version!.Major == target.Major && d.Version.Minor == target.Minor).OrderByDescending(d => d.Version).FirstOrDefault();
                if (best.Folder == null)
                {
                    var next = installed.Where(d => d.Version!.Major > target.Major || d.Version.Major == target.Major && d.Version.Minor > target.Minor)
                        .OrderBy(d => (d.Version!.Major, d.Version.Minor)).ThenByDescending(d => d.Version).FirstOrDefault();
                    best = next;
                }
                if (best.Folder != null) return best.Folder;
            }
            return null;
        }

        /// <summary>The version in the module's [TargetFramework(".NETCoreApp,Version=v10.0")]; null without one, or for another framework.</summary>
        private static Version? TargetVersion(ModuleDefinition? module)
        {
            var attribute = module?.Assembly?.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute");
            if (!(attribute?.ConstructorArguments.FirstOrDefault().Value is string name) || !name.StartsWith(".NETCoreApp,Version=v")) return null;
            return Version.TryParse(name.Substring(".NETCoreApp,Version=v".Length), out var v) ? v : null;
        }

        private static IEnumerable<string> DotnetRoots(string? running)
        {
            var environment = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (!string.IsNullOrEmpty(environment)) yield return environment!;
            // The runtime the weaver runs on: dotnet/shared/Microsoft.NETCore.App/<version>/.
            if (running != null && Directory.GetParent(running)?.Parent?.Parent is { } root) yield return root.FullName;
            var programFiles = Environment.GetEnvironmentVariable("ProgramFiles");
            if (!string.IsNullOrEmpty(programFiles)) yield return Path.Combine(programFiles!, "dotnet");
            yield return "/usr/share/dotnet";
            yield return "/usr/lib/dotnet";
            yield return "/usr/local/share/dotnet";
        }
    }
}
