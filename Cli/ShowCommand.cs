using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoDiff.Weaver;
using AutoDiff.Weaver.Differentiation;
using Mono.Cecil;

namespace AutoDiff.Cli
{
    /// <summary>
    /// <c>autodiff show &lt;assembly&gt; [--method name]</c>: lists every derivative the assembly's
    /// attributes declare (its primal, mode, activities, and whether its body is woven yet); with
    /// <c>--method</c>, only those of that name (derivative or primal) and the IL of the methods so
    /// named, to see what was woven.
    /// </summary>
    internal static class ShowCommand
    {
        public static Command Create()
        {
            var assembly = new Argument<FileInfo>("assembly") { Description = "The compiled assembly (.dll) to inspect." };
            assembly.AcceptExistingOnly();
            var method = new Option<string?>("--method", "-m") { Description = "Show only derivatives or primals of this name, with their IL." };
            var command = new Command("show", "List the derivatives an assembly declares and whether they are woven.") { assembly, method };
            command.SetAction(parsed => Run(parsed.GetRequiredValue(assembly).FullName, parsed.GetValue(method),
                parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
            return command;
        }

        private static int Run(string input, string? methodName, TextWriter stdout, TextWriter stderr)
        {
            AssemblyFile file;
            try
            {
                file = AssemblyFile.Read(input);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                stderr.WriteLine($"{input}: error: cannot read the assembly: {(string.IsNullOrWhiteSpace(e.Message) ? e.GetType().Name : e.Message)}" +
                    (e is Mono.Cecil.AssemblyResolutionException ? " (references are looked up beside the assembly and in the running .NET framework)" : ""));
                return Program.Failed;
            }

            using (file)
            {
                var declared = DerivativeInventory.Read(file.Module)
                    .Where(d => methodName == null || d.Name == methodName || d.Primal.Name == methodName)
                    .ToList();
                var woven = declared.Count(d => d.IsWoven);
                stdout.WriteLine($"{file.Module.Name}: {declared.Count} derivative(s), {woven} woven, {declared.Count - woven} not woven");
                foreach (var d in declared) stdout.WriteLine("  " + Describe(d));

                if (methodName != null)
                {
                    var methods = file.Module.GetTypes().SelectMany(t => t.Methods).Where(m => m.Name == methodName).ToList();
                    if (methods.Count == 0 && declared.Count == 0)
                    {
                        stderr.WriteLine($"{input}: error: no method named '{methodName}'.");
                        return Program.Failed;
                    }
                    foreach (var m in methods) WriteIl(m, stdout);
                }
                return Program.Success;
            }
        }

        private static string Describe(DeclaredDerivative d)
        {
            var owner = d.Primal.DeclaringType.FullName;
            var primal = $"{owner}.{d.Primal.Name}({string.Join(", ", d.Primal.Parameters.Select(p => p.ParameterType.Name))})";
            if (d.Request == null || d.Problem != null)
            {
                return $"{owner}.{d.Name} ← {primal}: refused, {d.Problem}";
            }
            var mode = d.Request.Mode == DerivativeMode.Reverse ? "reverse" : "forward";
            var state = d.IsWoven ? "woven" : "not woven";
            return $"{owner}.{d.Name} ← {primal}: {mode}, {Activities(d.Primal, d.Request)}; {state}";
        }

        private static string Activities(MethodDefinition primal, DerivativeRequest request)
        {
            var parts = new List<string>();
            if (request.ThisActivity != Activity.Const) parts.Add("this: " + request.ThisActivity);
            for (int i = 0; i < request.Parameters.Count; i++) parts.Add(primal.Parameters[i].Name + ": " + request.Parameters[i]);
            if (request.ReturnActivity != null) parts.Add("return: " + request.ReturnActivity);
            return string.Join(", ", parts);
        }

        private static void WriteIl(MethodDefinition method, TextWriter stdout)
        {
            stdout.WriteLine();
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
