using System.IO;
using AutoDiff.Cli;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.CliRunner;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// <c>autodiff show</c>: the list of derivatives, then each woven body as C# (decompiled, so a
    /// user can read what was generated) or IL; a derivative not woven is said to be so rather
    /// than shown as its throwing declaration; <c>--method</c> takes Type.Method or a bare name.
    /// </summary>
    [TestFixture]
    public sealed class CliShowTests
    {
        private const string Source = @"using AutoDiff; using static AutoDiff.Activity;
namespace Demo {
public static partial class Functions {
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static float Foo(float x) => x * x;

    [AutoDiffForward(""DSin"", Dual, Dual)]
    public static double Wave(double t) => System.Math.Sin(t);
}
public static partial class Other {
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static double Foo(double x) => 3 * x;
}
}";

        private static AssemblyOnDisk Woven()
        {
            var disk = AssemblyOnDisk.Compile(Source);
            Assert.That(Autodiff("weave", disk.DllPath).Exit, Is.EqualTo(Program.Success));
            return disk;
        }

        [Test]
        public void Each_woven_derivative_is_shown_as_csharp()
        {
            using var disk = Woven();

            var (exit, output, error) = Autodiff("show", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("3 derivative(s), 3 woven, 0 not woven"));
            Assert.That(output, Does.Contain("Demo.Functions.Bar ← Demo.Functions.Foo(float): reverse, x: Active, return: Active; woven"));
            Assert.That(output, Does.Contain("public static (float, float) Bar(float x, float dret)"));
            Assert.That(output, Does.Contain("public static (double, double) DSin(double t, double dt)"));
            Assert.That(output, Does.Contain("Math.SinCos(t)").And.Contain("dt * "), "sin and its tangent cos in one call, scaled by the input tangent: readable C#");
            Assert.That(output, Does.Contain("x * x"), "the primal's product is recomputed");
            Assert.That(output, Does.Not.Contain("AutoDiffNotWovenException"));
            Assert.That(output, Does.Not.Contain("IL_0000"));
        }

        [Test]
        public void Weave_with_plan_prints_each_reverse_derivatives_plan()
        {
            using var disk = AssemblyOnDisk.Compile(Source);
            var (exit, output, error) = Autodiff("weave", disk.DllPath, "--plan");
            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("reverse plan of Functions.Bar").And.Contain("reverse plan of Other.Bar"));
            Assert.That(output, Does.Contain("loops:\n  none").And.Contain("taped per iteration: 0 values"));
            Assert.That(output, Does.Not.Contain("reverse plan of Functions.DSin"), "forward mode has no reverse plan");
        }

        [Test]
        public void A_derivative_not_woven_is_said_to_be_so_not_decompiled()
        {
            using var disk = AssemblyOnDisk.Compile(Source);

            var (exit, output, error) = Autodiff("show", disk.DllPath, "--method", "Demo.Functions.Bar");

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("1 derivative(s), 0 woven, 1 not woven"));
            Assert.That(output, Does.Contain("not woven: its body only throws AutoDiffNotWovenException; 'autodiff weave Fixture.dll' writes it."));
            Assert.That(output, Does.Not.Contain("throw new"));
        }

        [TestCase("Bar", 2)]
        [TestCase("Functions.Bar", 1)]
        [TestCase("Demo.Functions.Bar", 1)]
        [TestCase("Other.Foo", 1)]
        [TestCase("Foo", 2)]
        [TestCase("Wave", 1)]
        [TestCase("Functions.DSin", 1)]
        public void Method_takes_type_and_method_or_a_bare_name_of_derivative_or_primal(string method, int count)
        {
            using var disk = Woven();
            var (exit, output, error) = Autodiff("show", disk.DllPath, "--method", method);
            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain($"{count} derivative(s), {count} woven"));
        }

        [TestCase("Nothing")]
        [TestCase("Other.DSin")]
        [TestCase("Missing.Bar")]
        public void A_method_that_names_nothing_is_an_error(string method)
        {
            using var disk = Woven();
            var (exit, output, error) = Autodiff("show", disk.DllPath, "--method", method);
            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain($"no derivative or primal named '{method}'"));
        }

        [Test]
        public void The_primal_is_listed_with_its_parameter_types_spelled_as_in_csharp()
        {
            using var disk = AssemblyOnDisk.Compile(@"using AutoDiff; using static AutoDiff.Activity;
namespace Demo {
public static partial class Grids {
    [AutoDiffReverse(""DTrace"", Duplicated, Duplicated, Const, Active)]
    public static double Trace(double[,] m, ref float scale, int[][] order) => m[0, 0] * scale + order.Length;
}
}");

            var (exit, output, error) = Autodiff("show", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("Demo.Grids.DTrace ← Demo.Grids.Trace(double[,], ref float, int[][]): reverse, m: Duplicated, scale: Duplicated, order: Const, return: Active; not woven"));
        }

        [Test]
        public void Il_keeps_the_il_view()
        {
            using var disk = Woven();
            var (exit, output, error) = Autodiff("show", disk.DllPath, "--method", "Other.Bar", "--il");
            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("Demo.Other::Bar(System.Double,System.Double)").And.Contain("IL_0000: "));
            Assert.That(output, Does.Not.Contain("public static"));
        }

        [Test]
        public void The_runtime_is_found_through_a_reference_folder()
        {
            // The runtime moved away from the assembly: with -r pointing at it, the decompiler resolves it
            // and prints the same C# as when it sits beside the assembly.
            using var disk = Woven();
            var beside = Autodiff("show", disk.DllPath, "--method", "Functions.Bar").Out;
            var runtime = Directory.CreateDirectory(Path.Combine(disk.Folder, "runtime")).FullName;
            File.Move(Path.Combine(disk.Folder, "AutoDiff.Runtime.dll"), Path.Combine(runtime, "AutoDiff.Runtime.dll"));

            var (exit, output, error) = Autodiff("show", disk.DllPath, "--method", "Functions.Bar", "-r", runtime);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Is.EqualTo(beside));
        }
    }
}
