using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Properties of the assemblies Fody wove in the real build: the primals' IL is what the
    /// compiler wrote, every method JIT-compiles, the Debug and Release weaves compute the same
    /// derivatives, and derivatives of loop-free code allocate nothing.
    /// </summary>
    [TestFixture]
    public sealed class WovenFixturesTests
    {
        private static readonly string[] FixtureTypes = { "Fixtures.SemanticsExamples", "Fixtures.Branching", "Fixtures.Scaler", "Fixtures.Loops", "Fixtures.EdgeCases", "Fixtures.Arrays" };

        /// <summary>The methods the generator declared: the names in every AutoDiff attribute of the type.</summary>
        private static List<string> DerivativeNames(TypeDefinition type) =>
            type.Methods.SelectMany(m => m.CustomAttributes)
                .Where(a => a.AttributeType.Namespace == "AutoDiff")
                .Select(a => (string)a.ConstructorArguments[0].Value)
                .ToList();

        private static string Il(MethodDefinition m) =>
            string.Join("\n", m.Body.Instructions.Select(i => i.ToString())) + "\nlocals: " +
            string.Join(", ", m.Body.Variables.Select(v => v.VariableType.FullName));

        [Test]
        public void WeavingLeavesThePrimalsAsTheCompilerWroteThem()
        {
            using var woven = ModuleDefinition.ReadModule(FixtureAssemblies.PathOf(FixtureBuild.Release));
            using var unwoven = ModuleDefinition.ReadModule(FixtureAssemblies.PathOf(FixtureBuild.Unwoven));
            var compared = 0;
            foreach (var typeName in FixtureTypes)
            {
                var before = unwoven.GetType(typeName);
                var after = woven.GetType(typeName);
                var derivatives = DerivativeNames(before);
                Assert.That(derivatives, Is.Not.Empty);
                foreach (var m in before.Methods.Where(m => m.HasBody))
                {
                    var twin = after.Methods.Single(x => x.FullName == m.FullName);
                    if (derivatives.Contains(m.Name))
                    {
                        Assert.That(Il(twin), Is.Not.EqualTo(Il(m)), $"{m.FullName} was woven");
                        continue;
                    }
                    Assert.That(Il(twin), Is.EqualTo(Il(m)), $"{m.FullName} is unchanged");
                    compared++;
                }
            }
            Assert.That(compared, Is.GreaterThan(10));
        }

        [TestCase(FixtureBuild.Debug), TestCase(FixtureBuild.Release)]
        public void EveryWovenMethodJitCompiles(FixtureBuild build)
        {
            using var loaded = WovenAssembly.Load(File.ReadAllBytes(FixtureAssemblies.PathOf(build)));
            Assert.Pass($"{loaded.Assembly.GetTypes().Length} types compiled");
        }

        [Test]
        public void DebugAndReleaseWeavesAgree()
        {
            var calls = 0;
            foreach (var typeName in FixtureTypes)
            {
                var debug = FixtureAssemblies.Type(FixtureBuild.Debug, typeName);
                var release = FixtureAssemblies.Type(FixtureBuild.Release, typeName);
                using var module = ModuleDefinition.ReadModule(FixtureAssemblies.PathOf(FixtureBuild.Release));
                foreach (var name in DerivativeNames(module.GetType(typeName)).Distinct())
                {
                    var d = debug.GetMethod(name)!;
                    var r = release.GetMethod(name)!;
                    var receiverD = d.IsStatic ? null : Activator.CreateInstance(debug);
                    var receiverR = r.IsStatic ? null : Activator.CreateInstance(release);
                    foreach (var seed in new[] { 0.3, -1.7, 2.9 })
                    {
                        var argsD = Arguments(d, seed, debug.Assembly);
                        var argsR = Arguments(r, seed, release.Assembly);
                        var resultD = d.Invoke(receiverD, argsD);
                        var resultR = r.Invoke(receiverR, argsR);
                        Assert.That(Flatten(resultR), Is.EqualTo(Flatten(resultD)), $"{typeName}.{name} at seed {seed}");
                        Assert.That(Memory(argsR), Is.EqualTo(Memory(argsD)), $"{typeName}.{name} at seed {seed}: arrays, shadows and refs after the call");
                        calls++;
                    }
                }
            }
            Assert.That(calls, Is.GreaterThan(60));
        }

        /// <summary>Deterministic arguments of every parameter type the fixtures use, varied by <paramref name="seed"/>.</summary>
        private static object?[] Arguments(MethodInfo m, double seed, Assembly assembly) =>
            m.GetParameters().Select((p, i) =>
            {
                var x = seed + 0.37 * i;
                var t = p.ParameterType;
                if (t == typeof(double)) return (object)x;
                if (t == typeof(float)) return (float)x;
                if (t == typeof(int)) return (int)Math.Abs(x * 3) % 5;
                if (t == typeof(bool)) return x > 0;
                if (t.IsEnum) return Enum.ToObject(t, (int)Math.Abs(x * 3) % 3);
                if (t == typeof(double).MakeByRefType()) return x;
                if (t == typeof(double[])) return Enumerable.Range(0, 5).Select(k => Math.Sin(x + k)).ToArray();
                if (t == typeof(float[])) return Enumerable.Range(0, 5).Select(k => (float)Math.Sin(x + k)).ToArray();
                if (t == typeof(double[][])) return Enumerable.Range(0, 3).Select(r => Enumerable.Range(0, 5).Select(k => Math.Cos(x + r + k)).ToArray()).ToArray();
                throw new NotSupportedException(t.FullName);
            }).ToArray();

        /// <summary>Every number the arguments hold after a call: what the derivative wrote into arrays, shadows and refs.</summary>
        private static double[] Memory(object?[] args) => args.SelectMany(a => a switch
        {
            double[] v => v,
            float[] v => v.Select(f => (double)f),
            double[][] v => v.SelectMany(row => row),
            double v => new[] { v },
            _ => Enumerable.Empty<double>(),
        }).ToArray();

        private static double[] Flatten(object? result) =>
            result is ITuple t ? Enumerable.Range(0, t.Length).Select(i => Convert.ToDouble(t[i])).ToArray() : new[] { Convert.ToDouble(result) };

        [TestCase(FixtureBuild.Debug), TestCase(FixtureBuild.Release)]
        public void LoopFreeDerivativesAllocateNothing(FixtureBuild build)
        {
            const string S = "Fixtures.SemanticsExamples", B = "Fixtures.Branching";
            var bar = FixtureAssemblies.Get<Func<float, float, (float, float)>>(build, S, "Bar");
            var rbRev = FixtureAssemblies.Get<Func<double, double, double, (double, double, double)>>(build, S, "RbRev");
            var rbFwd = FixtureAssemblies.Get<Func<double, double, double, double, (double, double)>>(build, S, "RbFwd3");
            var df = FixtureAssemblies.Get<Func<float, float, double, (double, float, float)>>(build, S, "Df");
            var early = FixtureAssemblies.Get<Func<double, double, double, (double, double, double)>>(build, B, "EarlyRev");
            var join = FixtureAssemblies.Get<Func<float, float, float, (float, float, float)>>(build, B, "JoinRev");
            var clamp = FixtureAssemblies.Get<Func<double, double, double, double, (double, double, double, double)>>(build, B, "ClampRev");
            var sw = FixtureAssemblies.Get<Func<double, int, double, (double, double)>>(build, B, "SwitchRev");
            double sink = 0;
            void CallAll(int k)
            {
                sink += bar(k, 1).Item2 + rbRev(k, 2, 1).Item2 + rbFwd(k, 1, 2, 1).Item2 + df(k, 2, 1).Item2;
                sink += early(k * 0.1, 0.5, 1).Item2 + join(k * 0.1f, 0.4f, 1).Item2 + clamp(k * 0.1, 0, 1, 1).Item2 + sw(2.5, k % 5, 1).Item2;
            }
            for (int k = 0; k < 200; k++) CallAll(k); // warm up every tier
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 1000; k++) CallAll(k);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(allocated, Is.EqualTo(0), $"bytes allocated by 8000 derivative calls (checksum {sink})");
        }
    }
}
