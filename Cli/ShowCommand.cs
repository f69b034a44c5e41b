using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoDiff.Cli.Show;
using AutoDiff.Weaver;
using AutoDiff.Weaver.Differentiation;
using Mono.Cecil;

namespace AutoDiff.Cli
{
    /// <summary>
    /// <c>autodiff show &lt;assembly&gt; [--method name] [--il] [-r dir]...</c>: lists every derivative
    /// the assembly's attributes declare (its primal, mode, activities, and whether its body is
    /// woven yet), then each one's woven body as C# (decompiled) or, with <c>--il</c>, as IL. A
    /// derivative not woven yet is said to be so: its declared body only throws.
    /// </summary>
    internal static class ShowCommand
    {
        public static Command Create()
        {
            var assembly = AssemblyInput.Argument("The compiled assembly (.dll) to inspect.");
            var method = new Option<string?>("--method", "-m")
            {
                Description = "Show only the derivatives of this name, or of the primal of this name: Type.Method or Method.",
                HelpName = "Type.Method",
            };
            var il = new Option<bool>("--il") { Description = "Show the woven bodies as IL instead of C#." };
            var references = AssemblyInput.ReferenceOption();
            var command = new Command("show", "List the derivatives an assembly declares, whether they are woven, and their woven bodies as C#.") { assembly, method, il, references };
            command.SetAction(parsed => Run(parsed.GetRequiredValue(assembly).FullName, parsed.GetValue(method), parsed.GetValue(il),
                AssemblyInput.Folders(parsed.GetValue(references)), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
            return command;
        }

        private static int Run(string input, string? methodName, bool asIl, IReadOnlyList<string> referenceFolders, TextWriter stdout, TextWriter stderr)
        {
            using var file = AssemblyInput.TryRead(input, referenceFolders, stderr);
            if (file == null) return Program.Failed;

            var declared = DerivativeSelector.Select(DerivativeInventory.Read(file.Module), methodName);
            if (methodName != null && declared.Count == 0)
            {
                stderr.WriteLine(DerivativeSelector.NothingNamed(input, methodName));
                return Program.Failed;
            }
            var woven = declared.Count(d => d.IsWoven);
            stdout.WriteLine($"{file.Module.Name}: {declared.Count} derivative(s), {woven} woven, {declared.Count - woven} not woven");
            foreach (var d in declared) stdout.WriteLine("  " + Describe(d));

            CSharpView? csharp = null;
            try
            {
                foreach (var d in declared)
                {
                    stdout.WriteLine();
                    stdout.WriteLine($"// {d.Primal.DeclaringType.FullName}.{d.Name}");
                    if (d.Stub == null || d.Request == null)
                    {
                        stdout.WriteLine($"// no body: the weaver refuses this derivative ({d.Problem ?? "its declaration is missing"}).");
                    }
                    else if (!d.IsWoven)
                    {
                        stdout.WriteLine($"// not woven: its body only throws AutoDiffNotWovenException; 'autodiff weave {file.Module.Name}' writes it.");
                    }
                    else if (asIl)
                    {
                        IlView.Write(d.Stub, stdout);
                    }
                    else
                    {
                        csharp ??= new CSharpView(file.Path, referenceFolders);
                        stdout.WriteLine(csharp.Decompile(d.Stub));
                    }
                }
            }
            finally
            {
                csharp?.Dispose();
            }
            return Program.Success;
        }

        private static string Describe(DeclaredDerivative d)
        {
            var owner = d.Primal.DeclaringType.FullName;
            var primal = $"{owner}.{d.Primal.Name}({string.Join(", ", d.Primal.Parameters.Select(p => AutoDiff.Weaver.Diagnostics.CSharpNames.Type(p)))})";
            if (d.Request == null || d.Problem != null)
            {
                return $"{owner}.{d.Name} ← {primal}: refused, {d.Problem}";
            }
            var mode = d.Request.Mode == DerivativeMode.Reverse ? "reverse" : "forward";
            var width = d.Request.Width > 1 ? $" (width {d.Request.Width})" : "";
            var state = d.IsWoven ? "woven" : "not woven";
            return $"{owner}.{d.Name} ← {primal}: {mode}{width}, {Activities(d.Primal, d.Request)}; {state}";
        }

        private static string Activities(MethodDefinition primal, DerivativeRequest request)
        {
            var parts = new List<string>();
            if (request.ThisActivity != Activity.Const) parts.Add("this: " + request.ThisActivity);
            for (int i = 0; i < request.Parameters.Count; i++) parts.Add(primal.Parameters[i].Name + ": " + request.Parameters[i]);
            if (request.ReturnActivity != null) parts.Add("return: " + request.ReturnActivity);
            return string.Join(", ", parts);
        }
    }
}
