using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Generator
{
    /// <summary>The emitted assembly, loaded and run without the weaver: signatures by reflection, calls throw.</summary>
    public class NotWovenTests
    {
        private const string Fixture = """
            using AutoDiff;
            using static AutoDiff.Activity;
            namespace Samples
            {
                public static partial class Functions
                {
                    [AutoDiffReverse("Bar", Active, Active)]
                    public static float Foo(float x) => x * x;

                    [AutoDiffForward("DSquare", 4, Dual, Dual)]
                    public static float Square(in float x) => x * x;
                }

                public partial class Model
                {
                    public double W = 2;

                    [AutoDiffReverse("DApply", Active, Active, This = Duplicated)]
                    public double Apply(double x) => W * x;
                }
            }
            """;

        [Test]
        public void Calling_an_unwoven_derivative_throws_with_its_name()
        {
            WithLoadedFixture(assembly =>
            {
                var bar = assembly.GetType("Samples.Functions")!.GetMethod("Bar")!;
                var thrown = Assert.Throws<TargetInvocationException>(() => bar.Invoke(null, new object[] { 3f, 1f }))!;
                Assert.That(thrown.InnerException, Is.TypeOf<AutoDiffNotWovenException>());
                Assert.That(((AutoDiffNotWovenException)thrown.InnerException!).Derivative, Is.EqualTo("Bar"));
            });
        }

        [Test]
        public void Calling_an_unwoven_instance_derivative_throws_too()
        {
            WithLoadedFixture(assembly =>
            {
                var type = assembly.GetType("Samples.Model")!;
                var model = Activator.CreateInstance(type)!;
                var shadow = Activator.CreateInstance(type)!;
                var apply = type.GetMethod("DApply")!;
                var thrown = Assert.Throws<TargetInvocationException>(() => apply.Invoke(model, new object[] { shadow, 3.0, 1.0 }))!;
                Assert.That(((AutoDiffNotWovenException)thrown.InnerException!).Derivative, Is.EqualTo("DApply"));
            });
        }

        [Test]
        public void Emitted_metadata_has_the_documented_signatures()
        {
            WithLoadedFixture(assembly =>
            {
                var bar = assembly.GetType("Samples.Functions")!.GetMethod("Bar")!;
                Assert.That(bar.ReturnType, Is.EqualTo(typeof(ValueTuple<float, float>)));
                Assert.That(bar.GetParameters().Select(p => (p.Name, p.ParameterType)),
                    Is.EqualTo(new[] { ("x", typeof(float)), ("dret", typeof(float)) }));

                var dsquare = assembly.GetType("Samples.Functions")!.GetMethod("DSquare")!;
                Assert.That(dsquare.ReturnType, Is.EqualTo(typeof(ValueTuple<float, float, float, float, float>)));
                var parameters = dsquare.GetParameters();
                Assert.That(parameters.Select(p => p.Name), Is.EqualTo(new[] { "x", "dx_0", "dx_1", "dx_2", "dx_3" }));
                Assert.That(parameters.All(p => p.ParameterType == typeof(float).MakeByRefType()), Is.True);
                Assert.That(parameters[0].IsIn, Is.True, "x stays 'in'");
                Assert.That(parameters.Skip(1).Any(p => p.IsIn || p.IsOut), Is.False, "tangents are plain 'ref'");

                var generated = bar.GetCustomAttributesData().Single(a => a.AttributeType.Name == "GeneratedCodeAttribute");
                Assert.That(generated.ConstructorArguments[0].Value, Is.EqualTo("AutoDiff.Generator"));
            });
        }

        /// <summary>Compiles the fixture with the generator, loads it into a collectible context, runs the check, unloads.</summary>
        private static void WithLoadedFixture(Action<Assembly> check)
        {
            var compiled = TestCompiler.Compile(Fixture, optimize: false);
            // Resolution of AutoDiff.Runtime falls back to the default context, so the exception type is the test's own.
            var context = new AssemblyLoadContext("generator-fixture", isCollectible: true);
            try
            {
                check(context.LoadFromStream(new MemoryStream(compiled.Image)));
            }
            finally
            {
                context.Unload();
            }
        }
    }
}
