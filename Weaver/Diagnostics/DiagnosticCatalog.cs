namespace AutoDiff.Weaver.Diagnostics
{
    /// <summary>
    /// Every diagnostic the weaver reports. Codes are never renumbered or reused; the generator's
    /// AD1xxx codes live with the generator. A new entry here needs a test that triggers it.
    /// </summary>
    public static class DiagnosticCatalog
    {
        // AD2xxx — Frontend: reading the primal's IL.
        public static readonly DiagnosticDescriptor UnsupportedInstruction = new DiagnosticDescriptor(
            "AD2001", "IL instruction not supported",
            "Move this code out of the differentiated method (into a method the derivative does not need), or mark the inputs that reach it Const.");

        // AD2002 (loop not supported) is retired: loops are differentiated in both modes.

        public static readonly DiagnosticDescriptor ExceptionHandlingNotSupported = new DiagnosticDescriptor(
            "AD2003", "exception handling not supported",
            "Move the try/catch/finally (or using/lock/foreach over a disposable) out of the differentiated method.");

        public static readonly DiagnosticDescriptor AddressTaken = new DiagnosticDescriptor(
            "AD2004", "address of a local or parameter taken",
            "Avoid taking the address of locals or parameters (ref locals, out arguments, methods called on struct locals) in the differentiated method.");

        public static readonly DiagnosticDescriptor UnsupportedType = new DiagnosticDescriptor(
            "AD2005", "type not supported",
            "Use float, double, integers, bool, enums, and structs whose fields are float or double, for the values of the differentiated method (arrays, spans, refs and pointers of these too).");

        public static readonly DiagnosticDescriptor NoBody = new DiagnosticDescriptor(
            "AD2006", "method has no body",
            "Put the attribute on a method with an IL body (not abstract, extern or a delegate).");

        public static readonly DiagnosticDescriptor InvalidIl = new DiagnosticDescriptor(
            "AD2007", "IL the weaver does not understand",
            "The method's IL is not in a form the weaver reads (for example an evaluation stack of different depths at a join); rewrite it in plain C#.");

        // AD4xxx — Differentiation.
        public static readonly DiagnosticDescriptor CallWithoutRule = new DiagnosticDescriptor(
            "AD4001", "call that cannot be differentiated",
            "A derivative flows only through calls with a rule (System.Math, System.MathF, the math functions of double and float), a [CustomDerivative] or a body the weaver can read (user code, not virtual, an interface or a delegate): give the callee a [CustomDerivative] (or [assembly: CustomDerivativeFor] for a method you cannot annotate), mark it [Inactive] if its result carries no derivative, call a method whose body is known, or mark the inputs that reach this call Const.");

        public static readonly DiagnosticDescriptor InvalidActivity = new DiagnosticDescriptor(
            "AD4002", "activity not valid here",
            "Give each parameter an activity valid for its type and the mode: Active/ActiveOnly/Const in reverse mode and Dual/DualOnly/Const in forward mode for float and double; Const for integers, bool, enums and strings.");

        public static readonly DiagnosticDescriptor WrongActivityCount = new DiagnosticDescriptor(
            "AD4003", "wrong number of activities",
            "Give one activity per parameter, in order, then one for the return value (none for a void method).");

        public static readonly DiagnosticDescriptor NotSupportedYet = new DiagnosticDescriptor(
            "AD4004", "not supported yet",
            "This is part of the contract but not implemented yet: restructure the code as the message says, or mark the inputs that reach it Const.");

        public static readonly DiagnosticDescriptor UntrackedMemory = new DiagnosticDescriptor(
            "AD4005", "derivative would be lost in memory without a shadow",
            "Store values that depend on active inputs only into Duplicated/Dual parameters or local arrays, or mark the inputs Const.");

        public static readonly DiagnosticDescriptor MemoryStoredWithoutShadow = new DiagnosticDescriptor(
            "AD4006", "memory stored where its shadow cannot follow",
            "Keep memory that carries derivatives in Duplicated/Dual parameters, local arrays and local objects and in what they hold: make the container Duplicated/Dual, or copy Const data into a new local array before storing it.");

        public static readonly DiagnosticDescriptor CustomRuleMismatch = new DiagnosticDescriptor(
            "AD4007", "custom derivative does not match its method",
            "Declare the rule with the signature shown (the one the generator gives the method with every float parameter Active/Dual, every array, span, ref or pointer Duplicated/Dual, the rest Const), or fix the name in [CustomDerivative].");

        public static readonly DiagnosticDescriptor DerivativeCycle = new DiagnosticDescriptor(
            "AD4008", "derivative that needs itself",
            "A derivative's primal may call other generated derivatives (higher order), but not, directly or through them, its own: differentiate a method that does not call this derivative.");

        public static readonly DiagnosticDescriptor ReturnedArrayNotMade = new DiagnosticDescriptor(
            "AD4009", "returned array not made by the method",
            "Return an array the method makes and fills (var y = new double[x.Length]; ... return y;), copying what it would have returned into it (Array.Copy, or a loop) if need be; or make the return Const and write the result into a parameter marked Duplicated (reverse) or Dual (forward).");

        public static readonly DiagnosticDescriptor GenericArgumentNotDifferentiable = new DiagnosticDescriptor(
            "AD4010", "generic derivative used with a type argument it is not made for",
            "A generic method's derivative is made for T = double and T = float: call it (or the generic method that calls it) with one of those, converting at the call (double.CreateChecked(x)) if need be; for another type, write a non-generic overload with its own attribute.");

        // AD5xxx — Backend: writing the derivative.
        public static readonly DiagnosticDescriptor StubNotFound = new DiagnosticDescriptor(
            "AD5001", "derivative declaration not found",
            "Reference the AutoDiff source generator (it declares the derivative), or declare the method yourself with the signature the message shows (the README's section 'The attributes' gives the rules).");

        public static readonly DiagnosticDescriptor StubSignatureMismatch = new DiagnosticDescriptor(
            "AD5002", "derivative declaration has the wrong signature",
            "Let the AutoDiff source generator declare the derivative, or fix the declaration to the signature the message shows (the README's section 'The attributes' gives the rules).");

        public static readonly DiagnosticDescriptor RuntimeTooOld = new DiagnosticDescriptor(
            "AD5003", "AutoDiff.Runtime too old or missing",
            "Reference the AutoDiff.Runtime that comes with this weaver (same version).");

        public static readonly DiagnosticDescriptor IlLimitExceeded = new DiagnosticDescriptor(
            "AD5004", "derivative exceeds a limit of IL",
            "Split the differentiated method into smaller ones (helpers are inlined, so mark large ones with a [CustomDerivative], or differentiate parts separately), or differentiate fewer inputs at once.");

        // AD9xxx — hosts and the weaver itself.
        public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(
            "AD9001", "internal weaver error",
            "This is a bug in AutoDiff.Weaver, not in your code; please report it with the method that triggers it. Nothing was written.");
    }
}
