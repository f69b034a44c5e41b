using System;
using System.IO;
using System.Linq;
using AutoDiff.Cli;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.CliRunner;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// <c>autodiff check</c>: correct derivatives of every shape it can call pass (scalars, float
    /// and double, reverse, forward and batch forward, arrays and spans Duplicated or Dual, a ref
    /// output, void primals), forward and reverse of one primal agree, a derivative corrupted
    /// after weaving fails with where and by how much, and what it cannot generate is skipped with
    /// the reason. Usage errors exit 2; an unwoven assembly is an error telling to weave first.
    /// </summary>
    [TestFixture]
    public sealed class CliCheckTests
    {
        private const string Source = @"using System; using AutoDiff; using static AutoDiff.Activity;
namespace Demo {
public static partial class Functions {
    [AutoDiffForward(""RbFwd1"", Dual, Const, Dual)]
    [AutoDiffForward(""RbFwd3"", Dual, Dual, Dual)]
    [AutoDiffReverse(""RbRev"", Active, Active, Active)]
    public static double Rosenbrock(double x, double y) => (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);

    [AutoDiffReverse(""Bar"", Active, Active)]
    internal static float Foo(float x) => x * x;

    // Private: the derivative is too, and check calls both all the same.
    [AutoDiffReverse(""Triple"", Active, Active)]
    private static double Thrice(double x) => 3.0 * x;

    [AutoDiffReverse(""DSum"", Duplicated, Active)]
    [AutoDiffForward(""FSum"", Dual, Dual)]
    public static double SumSquares(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * Math.Sin(x[i]); return s; }

    [AutoDiffReverse(""DScale"", Duplicated, Active)]
    [AutoDiffForward(""FScale"", Dual, Dual)]
    public static void Scale(double[] x, double k) { for (int i = 0; i < x.Length; i++) x[i] = x[i] * x[i] * k; }

    [AutoDiffReverse(""DDot"", Duplicated, DuplicatedOnly, Active)]
    public static float Dot(ReadOnlySpan<float> a, float[] b) { float s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

    [AutoDiffForward(""DSquare"", 4, Dual, Dual)]
    public static float Square(in float x) => x * x;

    [AutoDiffReverse(""RbInpRev"", Active, Active, Duplicated)]
    public static void RosenbrockInp(double x, double y, ref double output) { output = Rosenbrock(x, y); }

    [AutoDiffReverse(""DPow"", Active, Const, Active)]
    public static double Pow(double x, int n) { double p = 1; for (int i = 0; i < n; i++) p *= x; return p; }

    [AutoDiffReverse(""DNorm"", Active, Active)]
    public static double Norm(Pair p) => p.X * p.X + p.Y * p.Y;

    [AutoDiffReverse(""DNowhere"", Active, Active)]
    public static double Nowhere(double x) => Math.Sqrt(-1.0 - x * x);
}
public struct Pair { public double X, Y; }
public partial class Model {
    [AutoDiffReverse(""DPredict"", Active, Active)]
    public double Predict(double x) => x * x;
}
}";

        private static AssemblyOnDisk Woven(string source = Source)
        {
            var disk = AssemblyOnDisk.Compile(source);
            var (exit, _, error) = Autodiff("weave", disk.DllPath);
            Assert.That(exit, Is.EqualTo(Program.Success), error);
            return disk;
        }

        /// <summary>The table line of <paramref name="name"/> (the row's first cell).</summary>
        private static string Row(string output, string name) =>
            output.Split('\n').SingleOrDefault(l => l.StartsWith(name + "  ", StringComparison.Ordinal))?.TrimEnd() ?? throw new AssertionException($"no row for {name} in:\n{output}");

        [Test]
        public void Correct_derivatives_of_every_shape_pass_and_what_cannot_be_generated_is_skipped()
        {
            using var disk = Woven();

            var (exit, output, error) = Autodiff("check", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), output + error);
            foreach (var name in new[] { "RbFwd1", "RbFwd3", "RbRev", "Bar", "Triple", "DSum", "FSum", "DScale", "FScale", "DDot", "DSquare", "RbInpRev" })
            {
                Assert.That(Row(output, "Demo.Functions." + name), Does.EndWith("pass"), name);
            }
            Assert.That(Row(output, "Demo.Functions.RbRev"), Does.Match(@"RbRev\s+10\s+\d\.\de[-+]\d\d\s+1e-06\s+pass"));
            Assert.That(Row(output, "Demo.Functions.Bar"), Does.Contain("1e-02"), "a float derivative gets the float tolerance");
            Assert.That(Row(output, "Demo.Functions.RbFwd1 ↔ RbRev"), Does.EndWith("pass"), "forward against reverse, on x");
            Assert.That(Row(output, "Demo.Functions.RbFwd3 ↔ RbRev"), Does.EndWith("pass"));
            Assert.That(Row(output, "Demo.Functions.FSum ↔ DSum"), Does.EndWith("pass"));
            Assert.That(Row(output, "Demo.Functions.FScale ↔ DScale"), Does.EndWith("pass"));
            Assert.That(Row(output, "Demo.Functions.DPow"), Does.EndWith("skipped: parameter 'n' (int) holds no float or double: check cannot guess what its values mean (a count, an index, a flag)"));
            Assert.That(Row(output, "Demo.Functions.DNorm"), Does.EndWith("skipped: parameter 'p' (Pair) holds a struct: check generates float and double values only"));
            Assert.That(Row(output, "Demo.Model.DPredict"), Does.Contain("skipped: an instance method"));
            Assert.That(Row(output, "Demo.Functions.DNowhere"), Does.Contain("skipped: the primal is not finite at any of 200 random points"));
            Assert.That(output, Does.Contain("autodiff check: 16 passed, 0 failed, 4 skipped (10 point(s) each, seed 1, size 3)."));
        }

        [Test]
        public void A_derivative_with_a_wrong_constant_fails_saying_where()
        {
            using var disk = Woven();
            // Triple(x, dret) = (3x, 3·dret): make the gradient's 3.0 a 3.001.
            Corrupt(disk, "Triple", body => body.Instructions.Last(i => i.OpCode == OpCodes.Ldc_R8).Operand = 3.001);

            var (exit, output, _) = Autodiff("check", disk.DllPath, "--method", "Thrice");

            Assert.That(exit, Is.EqualTo(Program.Failed), output);
            Assert.That(Row(output, "Demo.Functions.Triple"), Does.Match(@"Triple\s+10\s+3\.3e-04\s+1e-06\s+fail$"));
            Assert.That(output, Does.Match(@"Demo\.Functions\.Triple fails at x = -?[\d.]+: gradient of x: derivative -?[\d.]+, central differences -?[\d.]+"));
            Assert.That(output, Does.Contain("0 passed, 1 failed"));
        }

        [Test]
        public void A_float_derivative_with_mul_swapped_for_add_fails()
        {
            using var disk = Woven();
            // Bar(x, dret) = (x², 2x·dret) as x·dret + x·dret: turn the last product into a sum.
            Corrupt(disk, "Bar", body => body.Instructions.Last(i => i.OpCode == OpCodes.Mul).OpCode = OpCodes.Add);

            var (exit, output, _) = Autodiff("check", disk.DllPath, "-m", "Functions.Bar");

            Assert.That(exit, Is.EqualTo(Program.Failed), output);
            Assert.That(Row(output, "Demo.Functions.Bar"), Does.EndWith("fail"));
        }

        [Test]
        public void A_wrong_array_derivative_fails_and_its_points_have_the_size_asked_for()
        {
            using var disk = Woven();
            // DSum's gradient is sin(x) + x·cos(x): drop the cos term's factor by turning its first product into a sum.
            Corrupt(disk, "DSum", body => body.Instructions.Last(i => i.OpCode == OpCodes.Mul).OpCode = OpCodes.Add);

            var (exit, output, _) = Autodiff("check", disk.DllPath, "--method", "Functions.DSum", "--size", "5", "--points", "4");

            Assert.That(exit, Is.EqualTo(Program.Failed), output);
            Assert.That(Row(output, "Demo.Functions.DSum"), Does.Match(@"DSum\s+4\s+.*fail$"));
            Assert.That(output, Does.Match(@"fails at x = \[(-?[\d.]+, ){4}-?[\d.]+\]: gradient of x\[\d\]"));
            Assert.That(output, Does.Contain("(4 point(s) each, seed 1, size 5)"));
        }

        private const string MatrixSource = @"using System; using AutoDiff; using static AutoDiff.Activity;
namespace Demo {
public static partial class Grids {
    [AutoDiffReverse(""DWeighted"", Duplicated, Active)]
    [AutoDiffForward(""FWeighted"", Dual, Dual)]
    public static double Weighted(double[,] m)
    {
        double s = 0;
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) s += (i + 2 * j + 1) * m[i, j] * Math.Sin(m[i, j]);
        return s;
    }

    [AutoDiffReverse(""DCube"", Duplicated, Active)]
    public static float Cube(float[,,] c) => c[0, 1, 2] * c[2, 1, 0] + c[1, 1, 1];
}
}";

        [Test]
        public void Multi_dimensional_arrays_are_memory_like_vectors_with_size_elements_in_each_dimension()
        {
            using var disk = Woven(MatrixSource);

            var (exit, output, error) = Autodiff("check", disk.DllPath, "--size", "3", "--points", "4");

            Assert.That(exit, Is.EqualTo(Program.Success), output + error);
            Assert.That(Row(output, "Demo.Grids.DWeighted"), Does.EndWith("pass"));
            Assert.That(Row(output, "Demo.Grids.FWeighted"), Does.EndWith("pass"));
            Assert.That(Row(output, "Demo.Grids.FWeighted ↔ DWeighted"), Does.EndWith("pass"));
            Assert.That(Row(output, "Demo.Grids.DCube"), Does.EndWith("pass"), "c[2, 1, 0] needs 3 in each of the 3 dimensions");
            Assert.That(output, Does.Contain("autodiff check: 4 passed, 0 failed, 0 skipped"));
        }

        [Test]
        public void A_wrong_matrix_derivative_fails_naming_the_element_by_its_indices()
        {
            using var disk = Woven(MatrixSource);
            // The gradient of (i + 2j + 1)·m·sin m: turn its last product into a sum.
            Corrupt(disk, "DWeighted", body => body.Instructions.Last(i => i.OpCode == OpCodes.Mul).OpCode = OpCodes.Add);

            var (exit, output, _) = Autodiff("check", disk.DllPath, "--method", "Grids.DWeighted", "--size", "2", "--points", "2");

            Assert.That(exit, Is.EqualTo(Program.Failed), output);
            Assert.That(output, Does.Match(@"fails at m = \[(-?[\d.]+, ){3}-?[\d.]+\]: gradient of m\[[01], [01]\]"), "four elements, named as C# indexes a double[,]");
        }

        [Test]
        public void A_derivative_that_throws_fails_with_the_exception()
        {
            using var disk = Woven();
            Corrupt(disk, "Triple", body =>
            {
                var module = body.Method.Module;
                var ctor = module.ImportReference(typeof(InvalidOperationException).GetConstructor(Type.EmptyTypes));
                body.Instructions.Clear();
                body.Variables.Clear();
                body.Instructions.Add(Instruction.Create(OpCodes.Newobj, ctor));
                body.Instructions.Add(Instruction.Create(OpCodes.Throw));
            });

            var (exit, output, _) = Autodiff("check", disk.DllPath, "--method", "Triple");

            Assert.That(exit, Is.EqualTo(Program.Failed), output);
            Assert.That(Row(output, "Demo.Functions.Triple"), Does.Contain("fail: at x = ").And.Contain("the derivative throws InvalidOperationException"));
        }

        [Test]
        public void The_same_seed_gives_the_same_table_and_another_seed_other_points()
        {
            using var disk = Woven();
            var once = Autodiff("check", disk.DllPath, "--method", "Rosenbrock", "--seed", "7").Out;
            var again = Autodiff("check", disk.DllPath, "--method", "Rosenbrock", "--seed", "7").Out;
            var other = Autodiff("check", disk.DllPath, "--method", "Rosenbrock", "--seed", "8").Out;
            Assert.That(again, Is.EqualTo(once));
            Assert.That(other, Is.Not.EqualTo(once));
        }

        [Test]
        public void Method_selects_derivatives_and_the_pairs_among_them()
        {
            using var disk = Woven();

            var one = Autodiff("check", disk.DllPath, "--method", "Functions.RbRev", "--points", "3");
            var all = Autodiff("check", disk.DllPath, "--method", "Rosenbrock", "--points", "3");

            Assert.That(one.Exit, Is.EqualTo(Program.Success), one.Out);
            Assert.That(one.Out, Does.Contain("1 passed, 0 failed, 0 skipped (3 point(s) each"));
            Assert.That(one.Out, Does.Not.Contain("↔"));
            Assert.That(all.Out, Does.Contain("5 passed, 0 failed, 0 skipped"), "three derivatives and two forward/reverse pairs");

            var none = Autodiff("check", disk.DllPath, "--method", "Other.RbRev");
            Assert.That(none.Exit, Is.EqualTo(Program.Failed));
            Assert.That(none.Err, Does.Contain("no derivative or primal named 'Other.RbRev'"));
        }

        [Test]
        public void An_unwoven_assembly_is_an_error_telling_to_weave_first()
        {
            using var disk = AssemblyOnDisk.Compile(Source);
            var (exit, output, error) = Autodiff("check", disk.DllPath);
            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain("is not woven").And.Contain("autodiff weave Fixture.dll"));
        }

        [Test]
        public void An_assembly_without_derivatives_has_nothing_to_check()
        {
            using var disk = AssemblyOnDisk.Compile("public static class Plain { public static double F(double x) => x; }");
            var (exit, output, _) = Autodiff("check", disk.DllPath);
            Assert.That(exit, Is.EqualTo(Program.Success));
            Assert.That(output, Does.Contain("declares no derivatives; nothing to check"));
        }

        [Test]
        public void Libraries_are_loaded_from_the_reference_folders()
        {
            var lib = TestCompiler.Compile("namespace Lib { public static class H { public static double Sq(double x) => x * x; } }", optimize: true, assemblyName: "Lib");
            using var disk = AssemblyOnDisk.Compile(@"using AutoDiff; using static AutoDiff.Activity;
public static partial class Functions {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => Lib.H.Sq(x) * 2;
}", references: lib);
            var libs = Directory.CreateDirectory(Path.Combine(disk.Folder, "libs")).FullName;
            File.WriteAllBytes(Path.Combine(libs, "Lib.dll"), lib.Image);
            Assert.That(Autodiff("weave", disk.DllPath, "-r", libs).Exit, Is.EqualTo(Program.Success));

            var found = Autodiff("check", disk.DllPath, "-r", libs);
            var missing = Autodiff("check", disk.DllPath);

            Assert.That(found.Exit, Is.EqualTo(Program.Success), found.Out + found.Err);
            Assert.That(Row(found.Out, "Functions.D"), Does.EndWith("pass"));
            Assert.That(Row(missing.Out, "Functions.D"), Does.Contain("skipped: the primal throws at every random point: FileNotFoundException").And.Contain("Lib"));
        }

        [TestCase("--points", "0")]
        [TestCase("--size", "0")]
        [TestCase("--points", "many")]
        [TestCase("--seed", "1.5")]
        [TestCase("--unknown", "1")]
        public void Bad_options_are_usage_errors(string option, string value)
        {
            using var disk = Woven();
            var (exit, _, error) = Autodiff("check", disk.DllPath, option, value);
            Assert.That(exit, Is.EqualTo(Program.Usage));
            Assert.That(error, Is.Not.Empty);
        }

        /// <summary>Rewrites the woven body of <paramref name="derivative"/> in place, PDB and all, as a weaver bug would leave it.</summary>
        private static void Corrupt(AssemblyOnDisk disk, string derivative, Action<MethodBody> change)
        {
            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(disk.Folder);
            using (var module = ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(disk.DllPath)), new ReaderParameters
            {
                AssemblyResolver = resolver,
                ReadSymbols = true,
                SymbolStream = new MemoryStream(File.ReadAllBytes(disk.PdbPath)),
                SymbolReaderProvider = new PortablePdbReaderProvider(),
            }))
            {
                var method = module.GetTypes().SelectMany(t => t.Methods).Single(m => m.Name == derivative);
                change(method.Body);
                module.Write(disk.DllPath, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new PortablePdbWriterProvider() });
            }
            Assert.That(DerivativeInventory.IsWoven(ModuleDefinition.ReadModule(disk.DllPath).GetTypes().SelectMany(t => t.Methods).Single(m => m.Name == derivative)), Is.True,
                "still taken for woven: only its arithmetic is wrong");
        }
    }
}
