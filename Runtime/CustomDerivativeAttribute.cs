using System;

namespace AutoDiff
{
    /// <summary>
    /// Names hand-written derivatives of the method it stands on, in the same type: wherever the
    /// method is reached from differentiated code, the weaver calls these rules instead of
    /// differentiating its body (which may then be anything: bit tricks, table lookups, native
    /// calls). Give either or both; a mode without a rule differentiates the body as usual.
    /// </summary>
    /// <remarks>
    /// A rule is a derivative written by hand, with the signature the generator would declare for
    /// the method with every float/double/struct-of-scalars parameter <see cref="Activity.Active"/>
    /// (reverse) or <see cref="Activity.Dual"/> (forward), every array, span, ref or pointer
    /// parameter <see cref="Activity.Duplicated"/> / <see cref="Activity.Dual"/>, every other
    /// parameter <see cref="Activity.Const"/>, and an Active / Dual return (none for void).
    /// For <c>static double F(double x, double[] a)</c>:
    /// <c>(double, double) F_rev(double x, double[] a, double[] da, double dret)</c> returns the
    /// value and ∂x and adds into <c>da</c>; <c>(double, double) F_fwd(double x, double dx,
    /// double[] a, double[] da)</c> returns the value and its tangent. At a call site where an
    /// argument carries no derivative the weaver passes a zero tangent (forward) or drops its
    /// gradient (reverse). <c>this</c> is Const. A rule whose signature does not match is a build error
    /// that shows the expected one.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class CustomDerivativeAttribute : Attribute
    {
        /// <summary>The name of the forward-mode rule in the same type (use nameof).</summary>
        public string? Forward { get; set; }

        /// <summary>The name of the reverse-mode rule in the same type (use nameof).</summary>
        public string? Reverse { get; set; }
    }

    /// <summary>
    /// The assembly-level form of <see cref="CustomDerivativeAttribute"/>, for a method the user
    /// cannot annotate (a third-party library's, or a <c>System.Math</c> function the weaver has
    /// no rule for): <paramref name="type"/>.<paramref name="method"/> (the overload whose
    /// parameter types are <see cref="ParameterTypes"/>, when there are several) gets the rules
    /// named <see cref="Forward"/> / <see cref="Reverse"/> in <paramref name="rules"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
    public sealed class CustomDerivativeForAttribute : Attribute
    {
        public CustomDerivativeForAttribute(Type type, string method, Type rules)
        {
            Type = type;
            Method = method;
            Rules = rules;
        }

        /// <summary>The type that declares the method.</summary>
        public Type Type { get; }

        /// <summary>The method's name.</summary>
        public string Method { get; }

        /// <summary>The type that declares the rules.</summary>
        public Type Rules { get; }

        /// <summary>The parameter types of the overload meant, when the name alone is ambiguous.</summary>
        public Type[]? ParameterTypes { get; set; }

        /// <summary>The name of the forward-mode rule in <see cref="Rules"/>.</summary>
        public string? Forward { get; set; }

        /// <summary>The name of the reverse-mode rule in <see cref="Rules"/>.</summary>
        public string? Reverse { get; set; }
    }
}
