using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// A woven module, loaded and ready to run: written to memory (with its portable PDB when
    /// it has symbols), loaded into a collectible <see cref="AssemblyLoadContext"/>, and every
    /// method forced through the JIT, which rejects stack-imbalanced or ill-typed bodies (the
    /// check ILVerify would make). Methods are then called through typed delegates.
    /// Dispose to unload.
    /// </summary>
    public sealed class WovenAssembly : IDisposable
    {
        private readonly FixtureLoadContext _context;

        /// <summary>Writes <paramref name="module"/> and loads it; see <see cref="WovenAssembly"/>.</summary>
        public static WovenAssembly Load(ModuleDefinition module, params byte[][] dependencies) => Load(module, true, dependencies);

        /// <summary>
        /// Writes <paramref name="module"/> and loads it, with every method forced through the JIT
        /// first, or (<paramref name="prepareEveryMethod"/> false) each compiled on its first call,
        /// for callers that call every method anyway.
        /// </summary>
        public static WovenAssembly Load(ModuleDefinition module, bool prepareEveryMethod, params byte[][] dependencies)
        {
            using var image = new MemoryStream();
            using var pdb = new MemoryStream();
            var parameters = new WriterParameters();
            if (module.HasSymbols)
            {
                parameters.WriteSymbols = true;
                parameters.SymbolStream = pdb;
                parameters.SymbolWriterProvider = new PortablePdbWriterProvider();
            }
            module.Write(image, parameters);
            var symbols = module.HasSymbols ? pdb.ToArray() : null;
            return prepareEveryMethod ? Load(image.ToArray(), symbols, dependencies) : new WovenAssembly(image.ToArray(), symbols, dependencies);
        }

        /// <summary>Loads an assembly image (and optionally its portable PDB); see <see cref="WovenAssembly"/>.</summary>
        public static WovenAssembly Load(byte[] image, byte[]? pdb = null, params byte[][] dependencies)
        {
            var woven = new WovenAssembly(image, pdb, dependencies);
            try
            {
                woven.PrepareEveryMethod();
                return woven;
            }
            catch
            {
                woven.Dispose();
                throw;
            }
        }

        private WovenAssembly(byte[] image, byte[]? pdb, byte[][] dependencies)
        {
            _context = new FixtureLoadContext();
            foreach (var d in dependencies) _context.LoadDependency(d);
            using var imageStream = new MemoryStream(image);
            using var pdbStream = pdb == null ? null : new MemoryStream(pdb);
            Assembly = _context.LoadFromStream(imageStream, pdbStream);
        }

        public Assembly Assembly { get; }

        /// <summary>A delegate to the static method <paramref name="methodName"/> of <paramref name="typeName"/> whose parameters match <typeparamref name="TDelegate"/>.</summary>
        public TDelegate Get<TDelegate>(string typeName, string methodName) where TDelegate : Delegate
        {
            var type = Assembly.GetType(typeName, throwOnError: false)
                ?? throw new ArgumentException($"{typeName} is not a type of {Assembly.GetName().Name}");
            var invoke = typeof(TDelegate).GetMethod("Invoke")!;
            var parameterTypes = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
            var method = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .FirstOrDefault(m => m.Name == methodName && m.ReturnType == invoke.ReturnType &&
                                     m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameterTypes))
                ?? throw new ArgumentException($"{typeName} has no static method {invoke.ReturnType.Name} {methodName}({string.Join(", ", parameterTypes.Select(t => t.Name))})");
            return (TDelegate)method.CreateDelegate(typeof(TDelegate));
        }

        public void Dispose() => _context.Unload();

        /// <summary>Compiles every method with a body; a rejected one is reported by name.</summary>
        private void PrepareEveryMethod()
        {
            Type[] types;
            try
            {
                types = Assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                throw new InvalidOperationException("The woven assembly has types that do not load: " +
                    string.Join("; ", e.LoaderExceptions.Select(x => x?.Message)), e);
            }
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            foreach (var type in types)
            {
                if (type.ContainsGenericParameters) continue;
                foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                {
                    if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() == null) continue;
                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidProgramException($"The JIT rejects {type.FullName}.{method.Name}: {e.GetType().Name}: {e.Message}", e);
                    }
                }
            }
        }

        /// <summary>
        /// Loads the fixture alone; the AutoDiff runtime (and anything else the test itself uses)
        /// comes from the test's own context, so types such as the runtime's exceptions are shared.
        /// </summary>
        private sealed class FixtureLoadContext : AssemblyLoadContext
        {
            public FixtureLoadContext()
                : base("WovenAssembly", isCollectible: true)
            {
            }

            private readonly System.Collections.Generic.List<Assembly> _dependencies = new System.Collections.Generic.List<Assembly>();

            /// <summary>A class library of the fixture's, loaded beside it in this context.</summary>
            public void LoadDependency(byte[] image)
            {
                using var stream = new MemoryStream(image);
                _dependencies.Add(LoadFromStream(stream));
            }

            protected override Assembly? Load(AssemblyName name)
            {
                var runtime = typeof(AutoDiff.Activity).Assembly;
                if (name.Name == runtime.GetName().Name) return runtime;
                var dependency = _dependencies.FirstOrDefault(d => d.GetName().Name == name.Name);
                if (dependency != null) return dependency;
                // Everything else (the framework, the test's own references) from the default context.
                return null;
            }
        }
    }
}
