using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Mono.Cecil;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// A compiled fixture seen both ways: as Cecil reads it (for the weaver's passes) and loaded
    /// into a collectible <see cref="AssemblyLoadContext"/> (to run the compiled code itself).
    /// Dispose unloads the context.
    /// </summary>
    public sealed class LoadedFixture : IDisposable
    {
        private readonly AssemblyLoadContext _context;

        public LoadedFixture(string source, bool optimize)
        {
            var compiled = TestCompiler.Compile(source, optimize, runGenerator: false);
            Module = compiled.ReadModule();
            _context = new AssemblyLoadContext("fixture-" + Guid.NewGuid().ToString("N"), isCollectible: true);
            Assembly = _context.LoadFromStream(new MemoryStream(compiled.Image));
        }

        public ModuleDefinition Module { get; }

        public Assembly Assembly { get; }

        /// <summary>The one method called <paramref name="name"/> in type <paramref name="typeName"/> (Cecil's view).</summary>
        public MethodDefinition Method(string typeName, string name) =>
            Module.GetType(typeName).Methods.Single(m => m.Name == name);

        /// <summary>Calls the compiled static method; an exception it throws is rethrown as is.</summary>
        public object? Invoke(string typeName, string name, params object?[] arguments)
        {
            var method = Assembly.GetType(typeName)!.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
            try
            {
                return method.Invoke(null, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        public void Dispose()
        {
            Module.Dispose();
            _context.Unload();
        }
    }
}
