using AutoDiff.Weaver.Differentiation;

namespace AutoDiff.Cli.Check
{
    internal enum Scalar
    {
        Float,
        Double,
    }

    /// <summary>How a float/double parameter is passed; check generates values for these shapes only.</summary>
    internal enum Shape
    {
        /// <summary>By value.</summary>
        Value,
        Array,
        Span,
        ReadOnlySpan,
        /// <summary>ref, in or out.</summary>
        Ref,
    }

    /// <summary>
    /// One primal parameter as <c>check</c> sees it: its shape, scalar type and activity, and so
    /// whether its values are inputs of the function being differentiated, and whether its final
    /// values (memory written through a shadowed array, span or ref) are outputs of it.
    /// </summary>
    internal sealed class ParameterPlan
    {
        public ParameterPlan(int index, string name, Shape shape, Scalar element, Activity activity, bool isOut)
        {
            Index = index;
            Name = name;
            Shape = shape;
            Element = element;
            Activity = activity;
            IsOut = isOut;
        }

        public int Index { get; }

        public string Name { get; }

        public Shape Shape { get; }

        public Scalar Element { get; }

        public Activity Activity { get; }

        /// <summary>An <c>out</c> parameter: what it holds on entry is never read, so it is no input.</summary>
        public bool IsOut { get; }

        public bool IsMemory => Shape != Shape.Value;

        /// <summary>How many scalars it holds: one, or <paramref name="size"/> for an array or span.</summary>
        public int Length(int size) => Shape is Shape.Value or Shape.Ref ? 1 : size;

        /// <summary>Its values are differentiated: a scalar with a gradient or tangent, or memory with a shadow.</summary>
        public bool IsInput => !IsOut && (IsMemory ? ActivityFacts.HasShadow(Activity) : ActivityFacts.Differentiates(Activity));

        /// <summary>
        /// Its values after the call are differentiated outputs: memory with a shadow. (Memory only
        /// read is an output too, equal to its input: that is why a reverse shadow of an input keeps
        /// its seed plus the gradient, and a forward tangent of an input comes back unchanged.)
        /// </summary>
        public bool IsOutput => IsMemory && ActivityFacts.HasShadow(Activity);

        /// <summary>An <c>...Only</c> activity: the primal values it holds after the derivative are not computed.</summary>
        public bool PrimalAfterCallIsKept => Activity is not (Activity.DuplicatedOnly or Activity.DualOnly);
    }

    /// <summary>The primal's return value as <c>check</c> sees it.</summary>
    internal sealed class ReturnPlan
    {
        public ReturnPlan(Scalar? element, Activity? activity)
        {
            Element = element;
            Activity = activity;
        }

        /// <summary>Null for void.</summary>
        public Scalar? Element { get; }

        public Activity? Activity { get; }

        public bool IsOutput => Element != null && Activity != null && ActivityFacts.Differentiates(Activity.Value);
    }
}
