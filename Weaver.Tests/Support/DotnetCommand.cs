using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// Runs the <c>dotnet</c> command (or another program) as a user would, in a folder, and
    /// returns its exit code and everything it printed. MSBuild's own variables from the test run
    /// are not passed on (they would point the child build at this run's MSBuild); a command that
    /// runs longer than its time limit is killed, with its tree, and fails the test.
    /// </summary>
    public static class DotnetCommand
    {
        public static (int Exit, string Output) Run(string folder, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
            RunProgram("dotnet", folder, environment, TimeSpan.FromMinutes(5), args);

        public static (int Exit, string Output) RunProgram(string program, string folder, IReadOnlyDictionary<string, string>? environment, TimeSpan limit, params string[] args)
        {
            var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var pair in environment ?? new Dictionary<string, string>()) start.Environment[pair.Key] = pair.Value;
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit((int)limit.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{program} {string.Join(" ", args)}' in {folder} ran longer than {limit}; output so far:\n{output.Result}{error.Result}");
            }
            process.WaitForExit();
            IlNotation.AssertAbsentFromOutput(output.Result + error.Result);
            return (process.ExitCode, output.Result + error.Result);
        }
    }
}
