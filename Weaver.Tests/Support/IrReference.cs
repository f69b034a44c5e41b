using System;
using System.Reflection;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// A managed pointer (IR ByRef value) as <see cref="IrInterpreter"/> holds it: a place that
    /// can be read and written. Values read and written are plain CLR values of
    /// <see cref="ElementType"/> (the interpreter converts to and from its canonical boxes).
    /// </summary>
    public abstract class IrReference
    {
        /// <summary>The CLR type of the location.</summary>
        public abstract Type ElementType { get; }

        public abstract object? Get();

        public abstract void Set(object? value);
    }

    /// <summary>The storage behind a ref/in/out argument: the test makes it, passes it, and reads <see cref="Value"/> after the call.</summary>
    public sealed class ArgumentBox : IrReference
    {
        public ArgumentBox(Type elementType, object? value)
        {
            ElementType = elementType;
            Value = value;
        }

        public object? Value { get; set; }

        public override Type ElementType { get; }

        public override object? Get() => Value;

        public override void Set(object? value) => Value = value;

        public override string ToString() => $"ref {Value}";
    }

    /// <summary>A reference to one array element (IL ldelema).</summary>
    public sealed class ElementReference : IrReference
    {
        private readonly Array _array;
        private readonly int _index;

        public ElementReference(Array array, int index)
        {
            _array = array;
            _index = index;
        }

        public override Type ElementType => _array.GetType().GetElementType()!;

        public override object? Get() => _array.GetValue(_index);

        public override void Set(object? value) => _array.SetValue(value, _index);
    }

    /// <summary>A reference to an instance field of an object (IL ldflda).</summary>
    public sealed class FieldSlotReference : IrReference
    {
        private readonly object _target;
        private readonly FieldInfo _field;

        public FieldSlotReference(object target, FieldInfo field)
        {
            _target = target;
            _field = field;
        }

        public override Type ElementType => _field.FieldType;

        public override object? Get() => _field.GetValue(_target);

        public override void Set(object? value) => _field.SetValue(_target, value);
    }
}
