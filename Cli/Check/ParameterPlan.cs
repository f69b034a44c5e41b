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
        public ParameterPlan(int index, string name, Shape shape, Scalar element, Activity activity, bool isOut, int rank = 1)
        {
            Rank = rank;
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

        /// <summary>Dimensions of an array (2 for a <c>double[,]</c>); 1 for anything else.</summary>
        public int Rank { get; }

        public Scalar Element { get; }

        public Activity Activity { get; }

        /// <summary>An <c>out</c> parameter: what it holds on entry is never read, so it is no input.</summary>
        public bool IsOut { get; }

        public bool IsMemory => Shape != Shape.Value;

        /// <summary>How many scalars it holds: one, <paramref name="size"/> for a vector or span, <paramref name="size"/> in each dimension of a multi-dimensional array.</summary>
        public int Length(int size) => Shape is Shape.Value or Shape.Ref ? 1 : (int)System.Math.Pow(size, Rank);

        /// <summary>Element <paramref name="element"/> of the <paramref name="count"/> it holds, as C# indexes it: <c>x</c>, <c>x[2]</c>, <c>m[1, 0]</c> (row-major, as the runtime lays out a <c>double[,]</c>).</summary>
        public string ElementName(int element, int count)
        {
            if (Shape is Shape.Value or Shape.Ref) return Name;
            var side = Values.Side(count, Rank);
            var indices = new int[Rank];
            for (int k = Rank - 1; k >= 0; k--, element /= side) indices[k] = element % side;
            return Name + "[" + string.Join(", ", indices) + "]";
        }

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
