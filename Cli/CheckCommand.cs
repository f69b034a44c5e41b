using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoDiff.Cli.Check;
using AutoDiff.Weaver;
using AutoDiff.Weaver.Differentiation;

namespace AutoDiff.Cli
{
    /// <summary>
    /// <c>autodiff check &lt;assembly&gt; [--method M] [--points N] [--seed S] [--size K] [-r dir]...</c>:
    /// loads a woven assembly, runs each derivative at random points against central differences
    /// of its primal (and a forward against a reverse derivative of the same primal), and prints a
    /// table. Exit 1 when one fails (or is not woven), 0 when every derivative checked passes;
    /// one whose parameters check cannot generate is reported skipped, never guessed.
    /// </summary>
    internal static class CheckCommand
    {
        private const string Help =
            "Run each woven derivative at random points and compare it with central differences of its primal "
            + "(and a forward with a reverse derivative of the same primal). Scalars are ±[0.5, 2]; arrays and spans have --size elements (multi-dimensional arrays --size in each dimension). "
            + "Relative error |a-b|/max(1,|a|,|b|): double within 1e-6 (step 1e-6·max(1,|x|)); "
            + "float within 1e-2 (step 5e-3·max(1,|x|)), since a float primal's differences are coarse. "
            + "Derivatives whose parameters cannot be generated (integers, structs, objects, pointers, instance methods) are skipped.";

        public static Command Create()
        {
            var assembly = AssemblyInput.Argument("The woven assembly (.dll) to check.");
            var method = new Option<string?>("--method", "-m")
            {
                Description = "Check only the derivatives of this name, or of the primal of this name: Type.Method or Method.",
                HelpName = "Type.Method",
            };
            var points = Positive(new Option<int>("--points", "-n") { Description = "Random points per derivative.", DefaultValueFactory = _ => 10, HelpName = "N" });
            var seed = new Option<int>("--seed", "-s") { Description = "Seed of the random points: the same seed gives the same points.", DefaultValueFactory = _ => 1, HelpName = "S" };
            var size = Positive(new Option<int>("--size", "-k") { Description = "Length of the arrays and spans passed.", DefaultValueFactory = _ => 3, HelpName = "K" });
            var references = AssemblyInput.ReferenceOption();
            var command = new Command("check", Help) { assembly, method, points, seed, size, references };
            command.SetAction(parsed => Run(parsed.GetRequiredValue(assembly).FullName, parsed.GetValue(method),
                new CheckOptions(parsed.GetValue(points), parsed.GetValue(seed), parsed.GetValue(size)),
                AssemblyInput.Folders(parsed.GetValue(references)), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
            return command;
        }

        private static Option<int> Positive(Option<int> option)
        {
            // Only a value that parsed is checked here: one that did not is already a parse error.
            option.Validators.Add(result =>
            {
                if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out var value) && value < 1) result.AddError($"{option.Name} must be at least 1.");
            });
            return option;
        }

        private static int Run(string input, string? methodName, CheckOptions options, IReadOnlyList<string> referenceFolders, TextWriter stdout, TextWriter stderr)
        {
            IReadOnlyList<DeclaredDerivative> declared;
            using (var file = AssemblyInput.TryRead(input, referenceFolders, stderr))
            {
                if (file == null) return Program.Failed;
                var all = DerivativeInventory.Read(file.Module);
                if (all.Count > 0 && all.All(d => !d.IsWoven))
                {
                    stderr.WriteLine($"{input}: error: the assembly is not woven, so its derivatives only throw; weave it first ('autodiff weave {Path.GetFileName(input)}') and check the woven assembly.");
                    return Program.Failed;
                }
                declared = DerivativeSelector.Select(all, methodName);
                if (methodName != null && declared.Count == 0)
                {
                    stderr.WriteLine(DerivativeSelector.NothingNamed(input, methodName));
                    return Program.Failed;
                }
                if (declared.Count == 0)
                {
                    stdout.WriteLine($"autodiff check: {Path.GetFileName(input)} declares no derivatives; nothing to check.");
                    return Program.Success;
                }
                // Cecil's view (primals, tokens, activities) outlives the file: everything was read up front.
            }

            CheckedLoadContext context;
            try
            {
                context = new CheckedLoadContext(input, referenceFolders);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                stderr.WriteLine($"{input}: error: cannot load the assembly to run it: {e.Message}");
                return Program.Failed;
            }
            try
            {
                var rows = Rows(declared, context.Assembly, options);
                ResultTable.Write(rows, options, stdout);
                return rows.Any(r => r.Status == CheckStatus.Fail) ? Program.Failed : Program.Success;
            }
            finally
            {
                context.Unload();
            }
        }

        /// <summary>A row per derivative, then one per forward/reverse pair of one primal.</summary>
        private static List<CheckRow> Rows(IReadOnlyList<DeclaredDerivative> declared, System.Reflection.Assembly loaded, CheckOptions options)
        {
            var rows = new List<CheckRow>();
            var bound = new List<BoundDerivative>();
            foreach (var d in declared)
            {
                var name = d.Primal.DeclaringType.FullName.Replace('/', '.') + "." + d.Name;
                if (d.Request == null || d.Stub == null)
                {
                    rows.Add(CheckRow.Failed(name, 0, "refused: " + (d.Problem ?? "no declaration")));
                    continue;
                }
                if (!d.IsWoven)
                {
                    rows.Add(CheckRow.Failed(name, 0, "not woven: it only throws AutoDiffNotWovenException"));
                    continue;
                }
                var derivative = SignatureBinder.Bind(d, loaded, out var skipped);
                if (derivative == null)
                {
                    rows.Add(CheckRow.Skipped(name, skipped));
                    continue;
                }
                bound.Add(derivative);
                rows.Add(DerivativeChecker.Check(derivative, options));
            }

            foreach (var forward in bound.Where(b => b.Request.Mode == DerivativeMode.Forward))
            {
                foreach (var reverse in bound.Where(b => b.IsReverse && b.Declared.Primal == forward.Declared.Primal))
                {
                    var row = CrossModeChecker.Check(forward, reverse, options);
                    if (row != null) rows.Add(row);
                }
            }
            return rows;
        }
    }
}
