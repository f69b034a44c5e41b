using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Mono.Cecil;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// A woven module written out and loaded into a collectible load context, with the JIT forced
    /// over every method body (RuntimeHelpers.PrepareMethod): a stack-imbalanced or ill-typed
    /// body fails here, naming the method, since ILVerify is not available. Dispose unloads it.
    /// </summary>
    public sealed class WovenAssembly : IDisposable
    {
        private readonly AssemblyLoadContext _context;

        private WovenAssembly(byte[] image)
        {
            Image = image;
            _context = new AssemblyLoadContext("woven-" + Guid.NewGuid().ToString("N"), isCollectible: true);
            Assembly = _context.LoadFromStream(new MemoryStream(image));
            JitEverything(Assembly);
        }

        public byte[] Image { get; }

        public Assembly Assembly { get; }

        public static WovenAssembly Load(ModuleDefinition module)
        {
            using var stream = new MemoryStream();
            module.Write(stream);
            return new WovenAssembly(stream.ToArray());
        }

        public static WovenAssembly Load(byte[] image) => new WovenAssembly(image);

        /// <summary>The static method whose parameters match <typeparamref name="TDelegate"/>'s, as that delegate.</summary>
        public TDelegate Get<TDelegate>(string typeName, string methodName) where TDelegate : Delegate
        {
            var parameters = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Select(p => p.ParameterType).ToArray();
            var type = Assembly.GetType(typeName, throwOnError: true)!;
            var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, null, parameters, null)
                ?? throw new ArgumentException($"{typeName} has no static method {methodName}({string.Join(", ", parameters.Select(p => p.Name))})");
            return method.CreateDelegate<TDelegate>();
        }

        /// <summary>Compiles every non-generic method with a body; throws naming the first that the JIT rejects.</summary>
        public static void JitEverything(Assembly assembly)
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            foreach (var type in assembly.GetTypes())
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
                        throw new InvalidOperationException($"The JIT rejects {type.FullName}.{method.Name}: {e.Message}", e);
                    }
                }
            }
        }

        public void Dispose() => _context.Unload();
    }
}
