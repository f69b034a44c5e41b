using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Calls into another assembly of the user's, a class library built from source: its methods
    /// (public ones that use the library's internals and private fields too) are differentiated
    /// into the woven assembly, whose derivatives may then use those internals
    /// (IgnoresAccessChecksTo); the library itself is never modified. A custom rule for one of its
    /// methods, given at assembly level in the woven assembly, is used.
    /// </summary>
    public sealed class ClassLibraryCallTests
    {
        private const string Library = @"using System;
namespace Geometry
{
    public struct Point
    {
        private double _x, _y;
        public Point(double x, double y) { _x = x; _y = y; }
        public double X => _x;
        public double Y => _y;
        public double DistanceTo(Point o) => Internals.Hypot(_x - o._x, _y - o._y);
    }

    public sealed class Scale
    {
        private readonly double _k;
        public Scale(double k) { _k = k; }
        public double Apply(double x) => _k * x;
    }

    internal static class Internals
    {
        internal static double Hypot(double a, double b) => Math.Sqrt(a * a + b * b);
    }

    public static class Curves
    {
        public static double Length(double[] xs, double[] ys)
        {
            double s = 0;
            for (int i = 0; i + 1 < xs.Length; i++) s += new Point(xs[i], ys[i]).DistanceTo(new Point(xs[i + 1], ys[i + 1]));
            return s;
        }

        public static double Wiggle(double x) => Math.Sin(x) * 1e-9; // given a custom rule by the user
    }
}";

        private const string Source = "using System; using AutoDiff; using Geometry; using static AutoDiff.Activity;\n" + @"
[assembly: CustomDerivativeFor(typeof(Curves), nameof(Curves.Wiggle), typeof(Rules), Reverse = nameof(Rules.WiggleRev))]

public static class Rules
{
    public static (double, double) WiggleRev(double x, double dret) => (Curves.Wiggle(x), 5 * dret);
}

public static partial class C
{
    [AutoDiffReverse(""LengthRev"", Duplicated, Duplicated, Active)]
    [AutoDiffForward(""LengthFwd"", Dual, Dual, Dual)]
    public static double PathLength(double[] xs, double[] ys) => Curves.Length(xs, ys);

    [AutoDiffReverse(""DistRev"", Active, Active, Active)]
    public static double Distance(double x, double y) => new Point(x, y).DistanceTo(new Point(1, 1)) + Curves.Wiggle(x) + new Scale(3).Apply(y);
}";

        private static CompiledAssembly CompileLibrary(bool optimize) =>
            TestCompiler.Compile(Library, optimize, runGenerator: false, assemblyName: "Geometry");

        [TestCase(false), TestCase(true)]
        public void HelpersOfAClassLibraryWithItsInternals(bool optimize)
        {
            var library = CompileLibrary(optimize);
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize, library);
            var primal = woven.Get<Func<double[], double[], double>>("C", "PathLength");
            var (xs, ys) = (new[] { 0.0, 1.0, 3.0, 2.5 }, new[] { 0.0, 2.0, 1.0, -1.0 });
            var g = FiniteDifferences.Gradient(p => primal(p.Take(4).ToArray(), p.Skip(4).ToArray()), xs.Concat(ys).ToArray());
            var (dxs, dys) = (new double[4], new double[4]);
            var value = woven.Get<Func<double[], double[], double[], double[], double, double>>("C", "LengthRev")(xs, dxs, ys, dys, 1.0);
            Assert.That(value, Is.EqualTo(primal(xs, ys)));
            for (int k = 0; k < 4; k++)
            {
                Assert.That(dxs[k], Is.EqualTo(g[k]).Within(1e-6), $"∂x{k}");
                Assert.That(dys[k], Is.EqualTo(g[4 + k]).Within(1e-6), $"∂y{k}");
            }
            var (_, t) = woven.Get<Func<double[], double[], double[], double[], (double, double)>>("C", "LengthFwd")(xs, new[] { 1.0, 0, 0, 0 }, ys, new double[4]);
            Assert.That(t, Is.EqualTo(dxs[0]).Within(1e-12));
        }

        [TestCase(false), TestCase(true)]
        public void ARuleForALibraryMethodAndTheLibraryUntouched(bool optimize)
        {
            var library = CompileLibrary(optimize);
            var outcome = TestWeaver.Weave(Source, optimize, true, library);
            Assert.That(outcome.Diagnostics, Is.Empty, string.Join("\n", outcome.Diagnostics));
            using var woven = WovenAssembly.Load(outcome.Module, library.Image);
            var (x, y) = (4.0, 5.0);
            // |(x, y) − (1, 1)| + wiggle (whose rule says 5) + 3y: ∂x = (x − 1)/5 + 5, ∂y = (y − 1)/5 + 3.
            var (value, dx, dy) = woven.Get<Func<double, double, double, (double, double, double)>>("C", "DistRev")(x, y, 1.0);
            Assert.That(value, Is.EqualTo(5 + Math.Sin(x) * 1e-9 + 3 * y).Within(1e-14));
            Assert.That(dx, Is.EqualTo(3.0 / 5 + 5).Within(1e-15));
            Assert.That(dy, Is.EqualTo(4.0 / 5 + 3).Within(1e-15));
            var geometry = outcome.Module.AssemblyResolver.Resolve(outcome.Module.AssemblyReferences.Single(a => a.Name == "Geometry"));
            var point = geometry.MainModule.GetType("Geometry.Point");
            Assert.That(point.Fields.All(f => f.IsPrivate), Is.True, "the library's members keep their visibility: it is only read");
            Assert.That(point.Methods.Any(m => m.Name.Contains("AutoDiff")), Is.False, "nothing is generated into the library");
            Assert.That(outcome.Module.Assembly.CustomAttributes.Any(a => a.AttributeType.Name == "IgnoresAccessChecksToAttribute" && (string)a.ConstructorArguments[0].Value == "Geometry"),
                "the woven assembly may use the library's private field Scale._k");
        }

        [Test]
        public void OnNetFrameworkALibrarysInternalsAreRefused()
        {
            // .NET Framework ignores IgnoresAccessChecksTo: the derivative could not run there.
            var library = CompileLibrary(optimize: true);
            var source = Source.Replace("[assembly: CustomDerivativeFor", "[assembly: System.Runtime.Versioning.TargetFramework(\".NETFramework,Version=v4.8\")]\n[assembly: CustomDerivativeFor");
            var outcome = TestWeaver.Weave(source, optimize: true, runGenerator: true, library);
            Assert.That(outcome.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "AD4004" }), string.Join("\n", outcome.Diagnostics));
            Assert.That(outcome.Diagnostics[0].Message, Does.Contain("non-public members"));
            Assert.That(outcome.Result.DerivativesWritten, Is.EqualTo(0));
        }
    }
}
