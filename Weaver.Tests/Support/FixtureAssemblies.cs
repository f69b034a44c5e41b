using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>Which build of the fixture sources (Weaver.Tests.Fixtures/Sources) to use.</summary>
    public enum FixtureBuild
    {
        /// <summary>Optimize=false, woven by Fody in its build.</summary>
        Debug,
        /// <summary>Optimize=true, woven by Fody in its build.</summary>
        Release,
        /// <summary>Optimize=true, not woven: the compiler's IL, derivatives that throw.</summary>
        Unwoven,
    }

    /// <summary>
    /// Typed access to the fixture assemblies the build wove (Weaver.Tests.Fixtures/). They are
    /// referenced by the test project (so they are built first and copied next to the tests) and
    /// loaded here by assembly name; their types share names across builds, so tests name them
    /// as strings: <c>FixtureAssemblies.Get&lt;Func&lt;float, float, (float, float)&gt;&gt;(FixtureBuild.Debug, "Fixtures.Scalar", "Bar")</c>.
    /// </summary>
    public static class FixtureAssemblies
    {
        /// <summary>The two woven builds, for <c>[TestCaseSource]</c>.</summary>
        public static readonly FixtureBuild[] Woven = { FixtureBuild.Debug, FixtureBuild.Release };

        public static string AssemblyName(FixtureBuild build) => "AutoDiff.Fixtures." + build;

        /// <summary>The fixture assembly as the build left it (next to the test assembly).</summary>
        public static string PathOf(FixtureBuild build) => Path.Combine(AppContext.BaseDirectory, AssemblyName(build) + ".dll");

        public static Assembly Load(FixtureBuild build) => Assembly.Load(new AssemblyName(AssemblyName(build)));

        public static Type Type(FixtureBuild build, string typeName) =>
            Load(build).GetType(typeName, throwOnError: false)
            ?? throw new ArgumentException($"{AssemblyName(build)} has no type '{typeName}'.", nameof(typeName));

        /// <summary>The static method <paramref name="methodName"/> whose parameters match <typeparamref name="TDelegate"/>'s, as that delegate.</summary>
        public static TDelegate Get<TDelegate>(FixtureBuild build, string typeName, string methodName)
            where TDelegate : Delegate
        {
            var parameters = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Select(p => p.ParameterType).ToArray();
            var method = Type(build, typeName).GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, null, parameters, null)
                ?? throw new ArgumentException($"{typeName} in {AssemblyName(build)} has no static method {methodName}({string.Join(", ", parameters.Select(p => p.Name))}).", nameof(methodName));
            return method.CreateDelegate<TDelegate>();
        }
    }
}
