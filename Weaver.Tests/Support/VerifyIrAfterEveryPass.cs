using System;
using System.Runtime.CompilerServices;
using AutoDiff.Weaver.Engine;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// Turns on the IR verifier after every pass for the whole test run: set when the test assembly
    /// is loaded, before any test (or test-case source) reaches the engine, so every weave in this
    /// process verifies, and so does every child process the tests start (dotnet build of a test
    /// project with the MSBuild task or Fody, the command line). PipelineTests checks it took effect.
    /// </summary>
    internal static class VerifyIrAfterEveryPass
    {
#pragma warning disable CA2255 // a test assembly is where a module initializer belongs: it is loaded only by the test host
        [ModuleInitializer]
        internal static void TurnOn() => Environment.SetEnvironmentVariable(Pipeline.VerifyVariable, "1");
#pragma warning restore CA2255
    }
}
