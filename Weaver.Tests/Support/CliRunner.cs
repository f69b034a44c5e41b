using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoDiff.Cli;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>Runs the <c>autodiff</c> command line in-process, and checks what it left on disk.</summary>
    public static class CliRunner
    {
        /// <summary>The exit code and what was printed on stdout and stderr.</summary>
        public static (int Exit, string Out, string Err) Autodiff(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = Program.Run(args, output, error);
            IlNotation.AssertAbsentFromOutput(error.ToString());
            return (exit, output.ToString(), error.ToString());
        }

        /// <summary>Every file under <paramref name="folder"/> with its bytes: what "nothing written, input untouched" is checked against.</summary>
        public static Dictionary<string, byte[]> Snapshot(string folder) =>
            Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        public static void AssertUnchanged(Dictionary<string, byte[]> before, string folder)
        {
            var after = Snapshot(folder);
            Assert.That(after.Keys, Is.EquivalentTo(before.Keys), "no file is written, left behind or removed");
            foreach (var (file, bytes) in before) Assert.That(after[file], Is.EqualTo(bytes), file + " is byte for byte as it was");
        }
    }
}
