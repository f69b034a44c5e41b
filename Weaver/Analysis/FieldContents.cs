using Mono.Cecil;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// A root of memory for UnwrittenMemory: the object (an array, most often) that field
    /// <see cref="Field"/> of parameter <see cref="Owner"/> refers to when the function is entered,
    /// as `net.W1` in a loss over a network object. Used only where nothing in the function can make
    /// that field refer to anything else, or make anything made in the function reachable from it.
    /// Not a value of the function: it has no definition and is never emitted.
    /// </summary>
    public sealed class FieldContents : Value
    {
        public FieldContents(Parameter owner, FieldReference field, IrType type)
            : base(-1, type)
        {
            Owner = owner;
            Field = field;
        }

        public Parameter Owner { get; }

        public FieldReference Field { get; }

        public override string Name => $"{Owner.Name}.{Field.Name}";
    }
}
