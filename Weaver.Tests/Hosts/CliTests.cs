using System;
using System.IO;
using System.Linq;
using AutoDiff.Cli;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// The command-line host, run in-process on assemblies written to disk: what it writes (a
    /// woven assembly that runs, its PDB still mapping lines), what it refuses to write (anything,
    /// when there are diagnostics), and what it prints. Malformed inputs — an empty file, random
    /// bytes, a native ELF or PE, a truncated or reference assembly, a folder, a missing
    /// referenced library, no PDB — and outputs it cannot write (read-only, a folder, under a
    /// file) each give a message and exit 1, with every file in the folder as it was.
    /// </summary>
    [TestFixture]
    public sealed class CliTests
    {
        private const string Seed = @"using AutoDiff; using static AutoDiff.Activity;
public static partial class Functions {
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static float Foo(float x) => x * x;
}";

        // Line 5: reading a mutable static field is refused (AD2001).
        private const string Refused = @"using AutoDiff; using static AutoDiff.Activity;
public static partial class Functions {
    static double _k = 2;
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x * _k;
}";

        private static (int Exit, string Out, string Err) Autodiff(params string[] args) => CliRunner.Autodiff(args);

        private static System.Collections.Generic.Dictionary<string, byte[]> Snapshot(string folder) => CliRunner.Snapshot(folder);

        private static void AssertUnchanged(System.Collections.Generic.Dictionary<string, byte[]> before, string folder) => CliRunner.AssertUnchanged(before, folder);

        /// <summary>Replaces the fixture's assembly with <paramref name="bytes"/>, weaves it, and checks it was refused as unreadable with nothing written.</summary>
        private static string RefusedAsUnreadable(byte[] bytes)
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            File.WriteAllBytes(disk.DllPath, bytes);
            var before = Snapshot(disk.Folder);

            var (exit, output, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Failed), output + error);
            Assert.That(error, Does.StartWith(disk.DllPath + ": error: cannot read the assembly: "));
            Assert.That(output, Is.Empty);
            AssertUnchanged(before, disk.Folder);
            return error;
        }

        private static (float, float) RunBar(string dll)
        {
            using var woven = WovenAssembly.Load(File.ReadAllBytes(dll), File.ReadAllBytes(Path.ChangeExtension(dll, ".pdb")));
            return woven.Get<Func<float, float, ValueTuple<float, float>>>("Functions", "Bar")(3f, 1f);
        }

        [Test]
        public void Weave_rewrites_the_assembly_in_place_and_the_derivative_runs()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);

            var (exit, output, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("1 derivative(s) woven into " + disk.DllPath));
            Assert.That(RunBar(disk.DllPath), Is.EqualTo((9f, 6f)));
            Assert.That(Directory.GetFiles(disk.Folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "Fixture.dll", "Fixture.pdb", "AutoDiff.Runtime.dll" }));
        }

        [Test]
        public void Diagnostics_print_in_canonical_form_exit_1_and_leave_the_files_untouched()
        {
            using var disk = AssemblyOnDisk.Compile(Refused);
            var dll = File.ReadAllBytes(disk.DllPath);
            var pdb = File.ReadAllBytes(disk.PdbPath);

            var (exit, output, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.Match(@"(?m)^Fixture\.cs\(5,\d+\): error AD2001: "));
            Assert.That(error, Does.Contain("nothing was written"));
            Assert.That(output, Is.Empty);
            Assert.That(File.ReadAllBytes(disk.DllPath), Is.EqualTo(dll));
            Assert.That(File.ReadAllBytes(disk.PdbPath), Is.EqualTo(pdb));
            Assert.That(Directory.GetFiles(disk.Folder), Has.Length.EqualTo(3), "no temporary or partial file is left behind");
        }

        [Test]
        public void Output_option_writes_elsewhere_and_leaves_the_input_alone()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var dll = File.ReadAllBytes(disk.DllPath);
            var target = Path.Combine(disk.Folder, "woven", "Fixture.dll");
            File.Copy(Path.Combine(disk.Folder, "AutoDiff.Runtime.dll"), Path.Combine(Directory.CreateDirectory(Path.GetDirectoryName(target)!).FullName, "AutoDiff.Runtime.dll"));

            var (exit, _, error) = Autodiff("weave", disk.DllPath, "--output", target);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(File.ReadAllBytes(disk.DllPath), Is.EqualTo(dll));
            Assert.That(File.Exists(Path.ChangeExtension(target, ".pdb")), Is.True);
            Assert.That(RunBar(target), Is.EqualTo((9f, 6f)));
        }

        [Test]
        public void The_woven_assembly_keeps_its_pdb_line_numbers()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);

            Assert.That(Autodiff("weave", disk.DllPath).Exit, Is.EqualTo(Program.Success));

            // Reading the symbols also checks that the PDB still matches the rewritten image.
            using var module = ModuleDefinition.ReadModule(disk.DllPath, new ReaderParameters { ReadSymbols = true, SymbolReaderProvider = new PortablePdbReaderProvider() });
            var functions = module.GetType("Functions");
            var foo = functions.Methods.Single(m => m.Name == "Foo");
            Assert.That(foo.DebugInformation.SequencePoints.Select(p => p.StartLine), Does.Contain(4));
            Assert.That(foo.DebugInformation.SequencePoints[0].Document.Url, Does.EndWith(TestCompiler.FileName));
            Assert.That(DerivativeInventory.IsWoven(functions.Methods.Single(m => m.Name == "Bar")), Is.True);
        }

        [Test]
        public void An_embedded_pdb_is_read_for_locations_and_written_back_inside()
        {
            using var disk = AssemblyOnDisk.Compile(Refused);
            EmbedThePdb(disk);

            var refused = Autodiff("weave", disk.DllPath);
            Assert.That(refused.Err, Does.Match(@"(?m)^Fixture\.cs\(5,\d+\): error AD2001: "));

            using var seed = AssemblyOnDisk.Compile(Seed);
            EmbedThePdb(seed);
            Assert.That(Autodiff("weave", seed.DllPath).Exit, Is.EqualTo(Program.Success));
            Assert.That(File.Exists(seed.PdbPath), Is.False, "the PDB stays inside the assembly");
            using var module = ModuleDefinition.ReadModule(seed.DllPath, new ReaderParameters { ReadSymbols = true, SymbolReaderProvider = new EmbeddedPortablePdbReaderProvider() });
            var foo = module.GetType("Functions").Methods.Single(m => m.Name == "Foo");
            Assert.That(foo.DebugInformation.SequencePoints.Select(p => p.StartLine), Does.Contain(4));
        }

        /// <summary>Rewrites the fixture as a DebugType=embedded build leaves it: the PDB inside the image, no .pdb file.</summary>
        private static void EmbedThePdb(AssemblyOnDisk disk)
        {
            var image = File.ReadAllBytes(disk.DllPath);
            using (var module = ModuleDefinition.ReadModule(new MemoryStream(image), new ReaderParameters { ReadSymbols = true, SymbolStream = new MemoryStream(File.ReadAllBytes(disk.PdbPath)), SymbolReaderProvider = new PortablePdbReaderProvider() }))
            {
                module.Write(disk.DllPath, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new EmbeddedPortablePdbWriterProvider() });
            }
            File.Delete(disk.PdbPath);
        }

        [Test]
        public void Weaving_a_woven_assembly_again_says_so_and_changes_nothing()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            Assert.That(Autodiff("weave", disk.DllPath).Exit, Is.EqualTo(Program.Success));
            var once = File.ReadAllBytes(disk.DllPath);

            var (exit, output, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("already woven"));
            Assert.That(File.ReadAllBytes(disk.DllPath), Is.EqualTo(once));
            Assert.That(RunBar(disk.DllPath), Is.EqualTo((9f, 6f)));
        }

        [Test]
        public void Show_lists_each_derivative_with_its_primal_mode_activities_and_state()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);

            var before = Autodiff("show", disk.DllPath);
            Autodiff("weave", disk.DllPath);
            var after = Autodiff("show", disk.DllPath, "--method", "Bar", "--il");

            Assert.That(before.Exit, Is.EqualTo(Program.Success), before.Err);
            Assert.That(before.Out, Does.Contain("Functions.Bar ← Functions.Foo(float): reverse, x: Active, return: Active; not woven"));
            Assert.That(after.Out, Does.Contain("1 woven, 0 not woven").And.Contain("Active; woven"));
            Assert.That(after.Out, Does.Contain("Functions::Bar(System.Single,System.Single)").And.Contain("IL_0000: "));
            Assert.That(after.Out, Does.Not.Contain("AutoDiffNotWovenException"));
        }

        [Test]
        public void A_generic_math_derivative_is_woven_shown_and_skipped_by_check()
        {
            using var disk = AssemblyOnDisk.Compile(@"using System.Numerics; using AutoDiff; using static AutoDiff.Activity;
public static partial class Functions {
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static T Foo<T>(T x) where T : INumber<T> => x * x;
}");
            var woven = Autodiff("weave", disk.DllPath);
            var shown = Autodiff("show", disk.DllPath, "--method", "Bar");
            var check = Autodiff("check", disk.DllPath);

            Assert.That(woven.Exit, Is.EqualTo(Program.Success), woven.Err);
            Assert.That(woven.Out, Does.Contain("1 derivative(s) woven into " + disk.DllPath));
            Assert.That(shown.Out, Does.Contain("Functions.Bar ← Functions.Foo(T): reverse, x: Active, return: Active; woven"));
            Assert.That(shown.Out, Does.Contain("Bar__double").And.Contain("Bar__float").And.Contain("NotSupportedException"));
            Assert.That(check.Out, Does.Contain("skipped: a generic method or type: check does not pick type arguments"));
            using var loaded = WovenAssembly.Load(File.ReadAllBytes(disk.DllPath), File.ReadAllBytes(disk.PdbPath));
            var bar = loaded.Assembly.GetType("Functions")!.GetMethod("Bar")!;
            Assert.That(bar.MakeGenericMethod(typeof(float)).Invoke(null, new object[] { 3f, 1f }), Is.EqualTo((9f, 6f)));
            Assert.That(bar.MakeGenericMethod(typeof(double)).Invoke(null, new object[] { 3.0, 0.5 }), Is.EqualTo((9.0, 3.0)));
        }

        [Test]
        public void A_read_only_output_is_refused_and_left_as_it_was()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var output = Path.Combine(disk.Folder, "out", "Woven.dll");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllBytes(output, new byte[] { 1, 2, 3 });
            File.SetAttributes(output, FileAttributes.ReadOnly);
            try
            {
                var (exit, _, error) = Autodiff("weave", disk.DllPath, "-o", output);
                Assert.That(exit, Is.EqualTo(Program.Failed));
                Assert.That(error, Does.Contain("read-only"));
                Assert.That(File.ReadAllBytes(output), Is.EqualTo(new byte[] { 1, 2, 3 }));
            }
            finally
            {
                File.SetAttributes(output, FileAttributes.Normal);
            }
        }

        [Test]
        public void A_pdb_that_cannot_be_written_leaves_the_assembly_as_it_was_too()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var output = Path.Combine(disk.Folder, "out", "Woven.dll");
            Directory.CreateDirectory(Path.ChangeExtension(output, ".pdb")); // a folder where the PDB would go
            File.WriteAllBytes(output, new byte[] { 4, 5, 6 });
            var (exit, _, error) = Autodiff("weave", disk.DllPath, "-o", output);
            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.Contain("is a folder"));
            Assert.That(File.ReadAllBytes(output), Is.EqualTo(new byte[] { 4, 5, 6 }), "the assembly and its PDB are replaced together or not at all");
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(output)!), Is.EquivalentTo(new[] { output }), "no temporary file is left");
        }

        [Test]
        public void Concurrent_weaves_of_one_file_do_not_collide()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var runs = System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 4).Select(_ => System.Threading.Tasks.Task.Run(() => Autodiff("weave", disk.DllPath)))).Result;
            Assert.That(runs.Select(r => r.Exit), Is.All.EqualTo(Program.Success), string.Join("\n", runs.Select(r => r.Err)));
            Assert.That(RunBar(disk.DllPath), Is.EqualTo((9f, 6f)));
            Assert.That(Directory.GetFiles(disk.Folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "Fixture.dll", "Fixture.pdb", "AutoDiff.Runtime.dll" }));
        }

        [Test]
        public void A_truncated_assembly_is_refused_and_left_alone()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var whole = File.ReadAllBytes(disk.DllPath);
            var cut = whole.Take(whole.Length - 100).ToArray();
            File.WriteAllBytes(disk.DllPath, cut);
            var before = Snapshot(disk.Folder);
            var (exit, _, error) = Autodiff("weave", disk.DllPath);
            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.Contain("not a complete assembly"));
            Assert.That(File.ReadAllBytes(disk.DllPath), Is.EqualTo(cut));
            AssertUnchanged(before, disk.Folder);
        }

        [Test]
        public void A_derivative_declared_by_hand_with_a_body_of_its_own_is_woven_not_taken_as_woven()
        {
            // Built without the generator: Bar is declared by hand and returns zeros. Before the
            // weaver marked the assemblies it wrote, any body that did not throw
            // AutoDiffNotWovenException passed for woven, and Bar was shipped returning (0, 0).
            using var disk = AssemblyOnDisk.Compile(Seed.Replace("x * x;", "x * x;\n    public static (float, float) Bar(float x, float dret) => default;"), runGenerator: false);
            Assert.That(Autodiff("show", disk.DllPath).Out, Does.Contain("not woven"));

            var (exit, output, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Not.Contain("already woven"));
            Assert.That(output, Does.Contain("1 derivative(s) woven"));
            Assert.That(RunBar(disk.DllPath), Is.EqualTo((9f, 6f)));
            Assert.That(Autodiff("weave", disk.DllPath).Out, Does.Contain("already woven"), "and once woven, it is");
        }

        [Test]
        public void A_folder_as_input_is_said_to_be_one()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var before = Snapshot(disk.Folder);
            var (exit, _, error) = Autodiff("weave", disk.Folder);
            Assert.That(exit, Is.Not.EqualTo(Program.Success));
            Assert.That(error, Does.Not.Contain("denied"));
            Assert.That(error, Does.Contain("folder").Or.Contain("does not exist"));
            AssertUnchanged(before, disk.Folder);
        }

        [Test]
        public void A_reference_assembly_is_not_taken_for_a_woven_one()
        {
            using var disk = AssemblyOnDisk.Compile(Seed.Replace("public static partial class", "[assembly: System.Runtime.CompilerServices.ReferenceAssembly]\npublic static partial class"));
            var before = Snapshot(disk.Folder);
            var (exit, output, error) = Autodiff("weave", disk.DllPath);
            Assert.That(exit, Is.EqualTo(Program.Failed), output);
            Assert.That(error, Does.Contain("reference assembly"));
            Assert.That(output, Does.Not.Contain("already woven"));
            AssertUnchanged(before, disk.Folder);
        }

        [Test]
        public void An_empty_file_is_refused_and_left_alone()
        {
            Assert.That(RefusedAsUnreadable(Array.Empty<byte>()), Does.Contain("no MZ header"));
        }

        [Test]
        public void Random_bytes_are_refused_and_left_alone()
        {
            var bytes = new byte[4096];
            new Random(9).NextBytes(bytes);
            bytes[0] = 0; // not by chance an "MZ"
            Assert.That(RefusedAsUnreadable(bytes), Does.Contain("no MZ header"));
        }

        [Test]
        public void A_native_elf_library_is_refused_and_left_alone()
        {
            // The 64-byte header of an x86-64 ELF shared object, then zeros: what a .so copied to a .dll looks like.
            var elf = new byte[4096];
            new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }.CopyTo(elf, 0);
            elf[16] = 3;    // e_type: ET_DYN
            elf[18] = 0x3E; // e_machine: x86-64
            elf[20] = 1;    // e_version
            Assert.That(RefusedAsUnreadable(elf), Does.Contain("no MZ header"));
        }

        [Test]
        public void A_native_pe_without_a_clr_header_is_refused_and_left_alone()
        {
            // The fixture itself with its CLI header's data directory cleared: a valid PE that is not a .NET assembly.
            using var disk = AssemblyOnDisk.Compile(Seed);
            var image = File.ReadAllBytes(disk.DllPath);
            int optional = BitConverter.ToInt32(image, 0x3C) + 24;
            bool pe32Plus = BitConverter.ToUInt16(image, optional) == 0x20B;
            int cliDirectory = optional + (pe32Plus ? 112 : 96) + 14 * 8;
            Array.Clear(image, cliDirectory, 8);
            RefusedAsUnreadable(image);
        }

        [Test]
        public void A_read_only_input_woven_in_place_is_refused_and_left_as_it_was()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var before = Snapshot(disk.Folder);
            File.SetAttributes(disk.DllPath, FileAttributes.ReadOnly);
            try
            {
                var (exit, output, error) = Autodiff("weave", disk.DllPath);
                Assert.That(exit, Is.EqualTo(Program.Failed), output);
                Assert.That(error, Does.Contain("cannot write the woven assembly").And.Contain("read-only"));
                Assert.That(File.GetAttributes(disk.DllPath) & FileAttributes.ReadOnly, Is.EqualTo(FileAttributes.ReadOnly));
                AssertUnchanged(before, disk.Folder);
            }
            finally
            {
                File.SetAttributes(disk.DllPath, FileAttributes.Normal);
            }
        }

        [Test]
        public void An_output_that_is_a_folder_is_refused()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var target = Directory.CreateDirectory(Path.Combine(disk.Folder, "out")).FullName;
            var before = Snapshot(disk.Folder);
            var (exit, _, error) = Autodiff("weave", disk.DllPath, "-o", target);
            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.Contain("is a folder, where a file is to be written"));
            AssertUnchanged(before, disk.Folder);
        }

        [Test]
        public void An_output_under_a_file_is_refused()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var file = Path.Combine(disk.Folder, "notes.txt");
            File.WriteAllText(file, "not a folder");
            var before = Snapshot(disk.Folder);
            var (exit, _, error) = Autodiff("weave", disk.DllPath, "-o", Path.Combine(file, "Fixture.dll"));
            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.Contain("cannot write the woven assembly"));
            AssertUnchanged(before, disk.Folder);
        }

        [Test]
        public void Without_a_pdb_the_assembly_is_woven_and_none_is_written()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            File.Delete(disk.PdbPath);

            var (exit, output, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("no PDB beside the input: line numbers are not available"));
            Assert.That(File.Exists(disk.PdbPath), Is.False);
            using var woven = WovenAssembly.Load(File.ReadAllBytes(disk.DllPath));
            Assert.That(woven.Get<Func<float, float, ValueTuple<float, float>>>("Functions", "Bar")(3f, 1f), Is.EqualTo((9f, 6f)));
        }

        [Test]
        public void Without_a_pdb_a_refusal_names_the_assembly_and_writes_nothing()
        {
            using var disk = AssemblyOnDisk.Compile(Refused);
            File.Delete(disk.PdbPath);
            var before = Snapshot(disk.Folder);

            var (exit, output, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Failed));
            Assert.That(error, Does.StartWith(disk.DllPath + ": error AD2001: "), "no source line without a PDB: the assembly is the origin");
            Assert.That(error, Does.Contain("nothing was written"));
            Assert.That(output, Is.Empty);
            AssertUnchanged(before, disk.Folder);
        }

        [Test]
        public void A_missing_referenced_library_leaves_its_callee_unknown_and_nothing_is_written()
        {
            // The derivative must go through Lib's Sq, whose body is in Lib.dll; with Lib.dll
            // absent the callee cannot be read, so the call is refused like any call without a
            // body (AD4001, at the call), not a crash and not a derivative that skips it.
            var lib = TestCompiler.Compile("namespace Lib { public static class H { public static double Sq(double x) => x * x; } }", optimize: true, assemblyName: "Lib");
            using var disk = AssemblyOnDisk.Compile(@"using AutoDiff; using static AutoDiff.Activity;
public static partial class Functions {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => Lib.H.Sq(x) * 2;
}", references: lib);
            var before = Snapshot(disk.Folder);

            var (exit, output, error) = Autodiff("weave", disk.DllPath);

            Assert.That(exit, Is.EqualTo(Program.Failed), output);
            Assert.That(error, Does.Match(@"(?m)^Fixture\.cs\(4,\d+\): error AD4001: the call to H\.Sq"));
            Assert.That(error, Does.Contain("nothing was written"));
            AssertUnchanged(before, disk.Folder);

            // With the library beside it, the same assembly weaves: it was the missing library.
            File.WriteAllBytes(Path.Combine(disk.Folder, "Lib.dll"), lib.Image);
            Assert.That(Autodiff("weave", disk.DllPath).Exit, Is.EqualTo(Program.Success));
        }

        [Test]
        public void Reference_folders_are_searched_for_libraries_not_beside_the_assembly()
        {
            var lib = TestCompiler.Compile("namespace Lib { public static class H { public static double Sq(double x) => x * x; } }", optimize: true, assemblyName: "Lib");
            using var disk = AssemblyOnDisk.Compile(@"using AutoDiff; using static AutoDiff.Activity;
public static partial class Functions {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => Lib.H.Sq(x) * 2;
}", references: lib);
            var libs = Directory.CreateDirectory(Path.Combine(disk.Folder, "libs")).FullName;
            var empty = Directory.CreateDirectory(Path.Combine(disk.Folder, "empty")).FullName;
            File.WriteAllBytes(Path.Combine(libs, "Lib.dll"), lib.Image);

            var (exit, output, error) = Autodiff("weave", disk.DllPath, "-r", empty, "--reference", libs);

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.Contain("1 derivative(s) woven"));
            Assert.That(File.Exists(Path.Combine(disk.Folder, "Lib.dll")), Is.False, "the library is only read where it is");
        }

        [Test]
        public void A_reference_folder_that_does_not_exist_is_bad_usage()
        {
            using var disk = AssemblyOnDisk.Compile(Seed);
            var before = Snapshot(disk.Folder);
            var (exit, _, error) = Autodiff("weave", disk.DllPath, "-r", Path.Combine(disk.Folder, "nowhere"));
            Assert.That(exit, Is.EqualTo(Program.Usage));
            Assert.That(error, Does.Contain("nowhere"));
            AssertUnchanged(before, disk.Folder);
        }

        [TestCase("weave", "--output", "--reference", "--key")]
        [TestCase("show", "--method", "--il", "--reference")]
        [TestCase("check", "--method", "--points", "--seed", "--size", "--reference", "1e-6", "1e-2")]
        public void Every_command_has_help(string command, params string[] options)
        {
            var (exit, output, _) = Autodiff(command, "--help");
            Assert.That(exit, Is.EqualTo(Program.Success));
            Assert.That(output, Does.Contain("Usage:"));
            foreach (var option in options) Assert.That(output, Does.Contain(option));
        }

        [Test]
        public void Bad_usage_exits_2()
        {
            Assert.That(Autodiff("weave").Exit, Is.EqualTo(Program.Usage));
            Assert.That(Autodiff("weave", Path.Combine(Path.GetTempPath(), "no-such-assembly.dll")).Exit, Is.EqualTo(Program.Usage));
            Assert.That(Autodiff("unweave", "x.dll").Exit, Is.EqualTo(Program.Usage));
        }
    }
}
