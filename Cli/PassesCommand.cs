using System.CommandLine;
using System.IO;
using AutoDiff.Weaver.Engine;

namespace AutoDiff.Cli
{
    /// <summary>
    /// <c>autodiff passes</c>: prints the engine's pass list (Weaver/Engine/Pipeline.cs), by stage,
    /// in the order the passes run on each derivative, and whether the IR is verified after each.
    /// </summary>
    internal static class PassesCommand
    {
        public static Command Create()
        {
            var command = new Command("passes", "List the passes the weaver runs on each derivative, in order.");
            command.SetAction(parsed => Run(parsed.InvocationConfiguration.Output));
            return command;
        }

        private static int Run(TextWriter stdout)
        {
            stdout.Write(Pipeline.Standard);
            stdout.WriteLine(Pipeline.Standard.Verifies
                ? $"The IR is verified after every pass ({Pipeline.VerifyVariable}=1)."
                : $"The IR is verified once, before the backend; {Pipeline.VerifyVariable}=1 verifies it after every pass.");
            return Program.Success;
        }
    }
}
