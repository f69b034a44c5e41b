using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Checks the rules a custom derivative names for one method: at least one is named (AD1017),
    /// each named rule is a method of the rules type (AD1013) and has the signature
    /// <see cref="RuleSignatureBuilder"/> gives (AD1014). Static-ness, parameter types, ref kinds,
    /// order and the return type count; names do not. Each message prints the expected signature.
    /// </summary>
    internal static class CustomRuleCheck
    {
        public static void Run(IMethodSymbol target, CustomRuleRequest request, List<DiagnosticInfo> diagnostics)
        {
            if (request.ForwardName is null && request.ReverseName is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.CustomRuleNamesNoRule, request.Location,
                    request.AttributeName, target.ToMessageString()));
                return;
            }
            if (request.ForwardName is not null)
            {
                CheckRule(target, request, DerivativeMode.Forward, request.ForwardName, diagnostics);
            }
            if (request.ReverseName is not null)
            {
                CheckRule(target, request, DerivativeMode.Reverse, request.ReverseName, diagnostics);
            }
        }

        private static void CheckRule(IMethodSymbol target, CustomRuleRequest request, DerivativeMode mode, string name, List<DiagnosticInfo> diagnostics)
        {
            var modeName = mode == DerivativeMode.Reverse ? "reverse" : "forward";
            var expected = RuleSignatureBuilder.Build(target, mode, request.IsAssemblyForm, RuleSignatureBuilder.CompareFormat);
            var expectedShown = RuleSignatureBuilder.Build(target, mode, request.IsAssemblyForm, RuleSignatureBuilder.DisplayFormat);
            var rulesType = request.RulesType.ToMessageString();

            var candidates = request.RulesType.GetMembers(name).OfType<IMethodSymbol>()
                .Where(m => m.MethodKind == MethodKind.Ordinary)
                .ToList();
            if (candidates.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.CustomRuleNotFound, request.Location,
                    modeName, name, target.ToMessageString(), rulesType, expectedShown.ToCSharp(name)));
                return;
            }

            var differences = candidates.Select(c => Differences(c, target, expected, expectedShown)).ToList();
            if (differences.Any(d => d.Count == 0))
            {
                return;
            }
            var what = candidates.Count == 1
                ? string.Join("; ", differences[0])
                : $"none of the {candidates.Count} methods called '{name}' in '{rulesType}' has it";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.CustomRuleSignatureMismatch, request.Location,
                modeName, $"{rulesType}.{name}", target.ToMessageString(), what, expectedShown.ToCSharp(name)));
        }

        /// <summary>What differs between the rule and the expected signature, in words; empty when it matches.</summary>
        private static List<string> Differences(IMethodSymbol rule, IMethodSymbol target, RuleSignature expected, RuleSignature expectedShown)
        {
            var actual = RuleSignature.Of(rule, RuleSignatureBuilder.CompareFormat);
            var actualShown = RuleSignature.Of(rule, RuleSignatureBuilder.DisplayFormat);
            var differences = new List<string>();

            if (actual.IsStatic != expected.IsStatic)
            {
                differences.Add(expected.IsStatic
                    ? "it is an instance method but must be static"
                    : "it is static but must be an instance method of the same type (its 'this' is Const)");
            }
            if (rule.Arity != target.Arity)
            {
                differences.Add(target.Arity == 0
                    ? "it is generic but must not be"
                    : $"it has {rule.Arity} type parameters but must have {target.Arity}, as '{target.ToMessageString()}' has");
            }
            if (actual.Parameters.Count != expected.Parameters.Count)
            {
                differences.Add($"it has {Count(actual.Parameters.Count)} but must have {expected.Parameters.Count}");
            }
            else
            {
                for (var i = 0; i < actual.Parameters.Count; i++)
                {
                    var (got, wanted) = (actual.Parameters[i], expected.Parameters[i]);
                    if (got.Modifier != wanted.Modifier || got.Type != wanted.Type)
                    {
                        var (shown, shownWanted) = (actualShown.Parameters[i], expectedShown.Parameters[i]);
                        differences.Add($"parameter {i + 1} ('{shown.Name}') is '{shown.Modifier}{shown.Type}'"
                                        + $" but must be '{shownWanted.Modifier}{shownWanted.Type}'");
                    }
                }
            }
            if (actual.ReturnType != expected.ReturnType)
            {
                differences.Add($"it returns '{actualShown.ReturnType}' but must return '{expectedShown.ReturnType}'");
            }
            return differences;
        }

        private static string Count(int n) => n == 1 ? "1 parameter" : $"{n} parameters";
    }
}
