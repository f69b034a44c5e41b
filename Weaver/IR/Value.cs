namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// An SSA value: defined once, by a parameter, a constant, an instruction or a phi.
    /// Ids are unique within one <see cref="Function"/> and only serve dumps and maps.
    /// </summary>
    public abstract class Value
    {
        protected Value(int id, IrType type)
        {
            Id = id;
            Type = type;
        }

        public int Id { get; }

        public IrType Type { get; }

        /// <summary>How the value is written in dumps: <c>%7</c>, <c>%x</c>, <c>2.5</c>.</summary>
        public virtual string Name => "%" + Id;

        public override string ToString() => Name;
    }

    /// <summary>A parameter of the function, by position (instance methods: <c>this</c> is 0).</summary>
    public sealed class Parameter : Value
    {
        public Parameter(int id, IrType type, int index, string name)
            : base(id, type)
        {
            Index = index;
            ParameterName = name;
        }

        public int Index { get; }

        public string ParameterName { get; }

        public override string Name => "%" + ParameterName;
    }

    /// <summary>A constant. Integers keep <see cref="IntValue"/>, floats keep <see cref="FloatValue"/>.</summary>
    public sealed class Constant : Value
    {
        public Constant(int id, IrType type, long intValue, double floatValue)
            : base(id, type)
        {
            IntValue = intValue;
            FloatValue = floatValue;
        }

        public long IntValue { get; }

        public double FloatValue { get; }

        public override string Name => Type.IsFloat
            ? FloatValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + (Type.Kind == IrTypeKind.Float32 ? "f" : "")
            : Type.Kind == IrTypeKind.Object ? "null" : IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
