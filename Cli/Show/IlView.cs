using System.IO;
using Mono.Cecil;

namespace AutoDiff.Cli.Show
{
    /// <summary>A method's locals and instructions as Cecil prints them: what <c>show --il</c> gives.</summary>
    internal static class IlView
    {
        public static void Write(MethodDefinition method, TextWriter stdout)
        {
            stdout.WriteLine(method.FullName);
            if (!method.HasBody)
            {
                stdout.WriteLine("  (no body)");
                return;
            }
            foreach (var local in method.Body.Variables) stdout.WriteLine($"  .local V_{local.Index}: {local.VariableType.FullName}");
            foreach (var instruction in method.Body.Instructions) stdout.WriteLine("  " + instruction);
        }
    }
}
