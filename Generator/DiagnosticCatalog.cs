using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator
{
    /// <summary>
    /// Every diagnostic the source generator reports (AD1xxx). All are errors reported at the
    /// attribute that asked for the derivative (or named the custom rule); when one is reported,
    /// that derivative is not declared. Codes are never renumbered or reused; a new entry needs a
    /// test that triggers it (Weaver.Tests/Generator/DiagnosticTests.cs, and
    /// CustomRuleDiagnosticTests.cs for custom rules).
    /// </summary>
    internal static class DiagnosticCatalog
    {
        private const string Category = "AutoDiff.Generator";

        public static readonly DiagnosticDescriptor WrongActivityCount = Error(
            "AD1001", "Wrong number of activities",
            "{0}: expected {1} but got {2}. Give one activity per parameter, in order, then one for the return value; a void method takes no return activity.");

        public static readonly DiagnosticDescriptor ActivityNotValidInMode = Error(
            "AD1002", "Activity not valid in this mode",
            "{0} on {1} is not a {2}-mode activity: in {2} mode use {3}");

        public static readonly DiagnosticDescriptor ActivityNotValidForType = Error(
            "AD1003", "Activity not valid for this type",
            "{0} on {1} of type '{2}' is not valid: {3}");

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
            "AD1004", "Containing type is not partial",
            "The derivative '{0}' is generated into the type that declares '{1}', so that type and every type around it must be partial: add the partial modifier to {2}");

        public static readonly DiagnosticDescriptor NameCollidesWithMember = Error(
            "AD1005", "Derivative name already used by a member",
            "'{0}' already has a member named '{1}' ({2}): give the derivative another name in the attribute, or rename the member");

        public static readonly DiagnosticDescriptor DuplicateDerivativeName = Error(
            "AD1006", "Derivative name given twice",
            "The derivative name '{0}' is already given by the attribute on '{1}' (line {2}); each derivative in '{3}' needs its own name: rename one of them");

        public static readonly DiagnosticDescriptor InvalidWidth = Error(
            "AD1007", "Batch width must be at least 1",
            "The batch forward derivative '{0}' has width {1}: each Dual value carries width tangents, so give a width of 1 or more (1 is plain forward mode)");

        public static readonly DiagnosticDescriptor InvalidThisActivity = Error(
            "AD1008", "Activity of 'this' not valid",
            "This = {0} is not valid on '{1}': {2}");

        public static readonly DiagnosticDescriptor InvalidDerivativeName = Error(
            "AD1009", "Derivative name is not a valid method name",
            "{0} is not a valid C# method name: give the derivative a name that is an identifier (letters, digits and underscores, not starting with a digit, not a keyword)");

        public static readonly DiagnosticDescriptor ShadowNameCollides = Error(
            "AD1010", "Generated parameter name collides",
            "The derivative '{0}' needs a parameter named '{1}' ({2}), but that name is already taken by {3}: rename the primal's parameter");

        public static readonly DiagnosticDescriptor UnsupportedMethod = Error(
            "AD1011", "Method cannot be differentiated",
            "'{0}' {1}: {2}");

        public static readonly DiagnosticDescriptor UnknownActivity = Error(
            "AD1012", "Unknown activity",
            "{0} on {1} is not a member of AutoDiff.Activity: use Const, Active, ActiveOnly, Duplicated, DuplicatedOnly, Dual or DualOnly");

        // AD1013-AD1017: custom derivative rules ([CustomDerivative], [assembly: CustomDerivativeFor]).
        // Nothing is generated for them; these only check that the rules named exist and fit.

        public static readonly DiagnosticDescriptor CustomRuleNotFound = Error(
            "AD1013", "Custom derivative rule not found",
            "The {0} rule '{1}' named for '{2}' does not exist: '{3}' has no method called '{1}'. Declare it in '{3}' as: {4}");

        public static readonly DiagnosticDescriptor CustomRuleSignatureMismatch = Error(
            "AD1014", "Custom derivative rule has the wrong signature",
            "The {0} rule '{1}' for '{2}' does not have the expected signature: {3}. Expected: {4}");

        public static readonly DiagnosticDescriptor CustomRuleTargetNotFound = Error(
            "AD1015", "Method given a custom derivative not found",
            "'{0}' has no method '{1}'{2}: name a method that '{0}' declares{3}");

        public static readonly DiagnosticDescriptor CustomRuleTargetAmbiguous = Error(
            "AD1016", "Method given a custom derivative is ambiguous",
            "'{0}' has {1} methods named '{2}' ({3}): {4}");

        public static readonly DiagnosticDescriptor CustomRuleNamesNoRule = Error(
            "AD1017", "Custom derivative names no rule",
            "[{0}] for '{1}' names no rule: give Forward = nameof(...), Reverse = nameof(...), or both");

        private static DiagnosticDescriptor Error(string id, string title, string message)
            => new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
