using System.Collections.Generic;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    public enum DerivativeMode
    {
        Forward,
        Reverse,
    }

    /// <summary>
    /// One derivative asked for by one attribute: which primal, which mode, the activity of every
    /// parameter and of the return value, and the declaration (stub) whose body it becomes.
    /// Activities use the runtime enum's numeric values (AutoDiff.Activity), read from the
    /// attribute's blob, so the engine needs no reference to the runtime assembly.
    /// </summary>
    public sealed class DerivativeRequest
    {
        public DerivativeRequest(MethodDefinition primal, CustomAttribute attribute, DerivativeMode mode, string name, int width,
            IReadOnlyList<Activity> parameters, Activity? returnActivity, Activity thisActivity)
        {
            Primal = primal;
            Attribute = attribute;
            Mode = mode;
            Name = name;
            Width = width;
            Parameters = parameters;
            ReturnActivity = returnActivity;
            ThisActivity = thisActivity;
        }

        public MethodDefinition Primal { get; }

        public CustomAttribute Attribute { get; }

        public DerivativeMode Mode { get; }

        /// <summary>The derivative method's name.</summary>
        public string Name { get; }

        /// <summary>Forward mode: how many tangents travel together (1 unless batch mode).</summary>
        public int Width { get; }

        /// <summary>One activity per primal parameter (not counting <c>this</c>).</summary>
        public IReadOnlyList<Activity> Parameters { get; }

        /// <summary>The return value's activity; null for a void primal.</summary>
        public Activity? ReturnActivity { get; }

        public Activity ThisActivity { get; }

        /// <summary>The generated declaration that receives the body (set once found).</summary>
        public MethodDefinition? Stub { get; set; }

        public bool ReturnIsActive => ReturnActivity is Activity.Active or Activity.ActiveOnly or Activity.Dual or Activity.DualOnly;

        /// <summary>
        /// A returned float[]/double[] with a shadow: Duplicated/DuplicatedOnly in reverse mode
        /// (the caller passes its seed, dret) or Dual/DualOnly in forward mode (the tangent array
        /// is returned). semantics.md, "Returned arrays".
        /// </summary>
        public bool ReturnsShadowedArray => Primal.ReturnType is ArrayType && ReturnActivity is Activity.Duplicated or Activity.DuplicatedOnly or Activity.Dual or Activity.DualOnly;

        /// <summary>The primal value is left out of the derivative's result (ActiveOnly, DuplicatedOnly, DualOnly on the return).</summary>
        public bool LeavesOutPrimal => ReturnActivity is Activity.ActiveOnly or Activity.DuplicatedOnly or Activity.DualOnly;

        public override string ToString() => $"{Primal.DeclaringType.Name}.{Primal.Name} → {Name} ({Mode})";
    }

    /// <summary>Mirror of AutoDiff.Activity (same numeric values: they are read from attribute blobs).</summary>
    public enum Activity
    {
        Const = 0,
        Active = 1,
        ActiveOnly = 2,
        Duplicated = 3,
        DuplicatedOnly = 4,
        Dual = 5,
        DualOnly = 6,
    }

    public static class ActivityFacts
    {
        /// <summary>True for activities that give a scalar parameter a derivative (tangent or gradient).</summary>
        public static bool Differentiates(Activity a) => a is Activity.Active or Activity.ActiveOnly or Activity.Dual or Activity.DualOnly;

        /// <summary>True for activities that add a shadow parameter after their parameter.</summary>
        public static bool HasShadow(Activity a) => a is Activity.Duplicated or Activity.DuplicatedOnly or Activity.Dual or Activity.DualOnly;
    }
}
