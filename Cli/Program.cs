using System;
using System.CommandLine;
using System.IO;

namespace AutoDiff.Cli
{
    /// <summary>
    /// <c>autodiff</c>: the command-line host. <c>weave</c> rewrites an assembly on disk,
    /// <c>show</c> lists what it declares and prints the woven bodies, <c>check</c> runs the
    /// derivatives against central differences, <c>passes</c> lists the engine's passes in order.
    /// Tests call <see cref="Run"/> in-process.
    /// </summary>
    public static class Program
    {
        /// <summary>The assembly was woven, or there was nothing to do.</summary>
        public const int Success = 0;

        /// <summary>The engine reported diagnostics, or the input could not be read or written (nothing was written); or a check failed.</summary>
        public const int Failed = 1;

        /// <summary>The command line itself is wrong (System.CommandLine has printed why).</summary>
        public const int Usage = 2;

        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            var root = new RootCommand("AutoDiff.Weaver: writes the bodies of derivatives declared with [AutoDiffReverse]/[AutoDiffForward] into a compiled assembly, shows them as C#, and checks them against central differences.")
            {
                WeaveCommand.Create(),
                ShowCommand.Create(),
                CheckCommand.Create(),
                PassesCommand.Create(),
            };
            var parsed = root.Parse(args);
            var exit = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
            // System.CommandLine returns 1 for parse errors, which is also "diagnostics reported":
            // give bad usage its own code so scripts can tell them apart.
            return parsed.Errors.Count > 0 ? Usage : exit;
        }
    }
}
