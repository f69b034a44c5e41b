using System;
using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// Appends instructions to one block at a time, working out result types the way IL does.
    /// Every pass that makes code (frontend, differentiation, rules) goes through it.
    /// </summary>
    public sealed class IrBuilder
    {
        public IrBuilder(Function function, Block block)
        {
            Function = function;
            Block = block;
        }

        public Function Function { get; }

        /// <summary>Where the next instruction goes.</summary>
        public Block Block { get; set; }

        /// <summary>Stamped on every instruction made, for diagnostics.</summary>
        public Mono.Cecil.Cil.Instruction? Origin { get; set; }

        public Instruction Binary(Op op, Value a, Value b) => Add(op, BinaryResult(op, a.Type, b.Type), a, b);

        public Instruction Unary(Op op, Value a) => Add(op, a.Type, a);

        public Value Add(Value a, Value b) => Binary(Op.Add, a, b);

        public Value Sub(Value a, Value b) => Binary(Op.Sub, a, b);

        public Value Mul(Value a, Value b) => Binary(Op.Mul, a, b);

        public Value Div(Value a, Value b) => Binary(Op.Div, a, b);

        public Value Neg(Value a) => Unary(Op.Neg, a);

        public Instruction Compare(CompareKind kind, Value a, Value b)
        {
            var i = Add(Op.Compare, IrType.Int32, a, b);
            i.Compare = kind;
            return i;
        }

        public Instruction Convert(ConversionKind kind, Value a)
        {
            var i = Add(Op.Conv, OpFacts.ResultOf(kind), a);
            i.Conversion = kind;
            return i;
        }

        /// <summary>Converts a float value to the given float type, or returns it unchanged when it has that type.</summary>
        public Value ToFloat(Value a, IrType type)
        {
            if (a.Type.SameAs(type)) return a;
            return Convert(type.Kind == IrTypeKind.Float32 ? ConversionKind.R4 : ConversionKind.R8, a);
        }

        public Instruction Select(Value condition, Value ifTrue, Value ifFalse) =>
            Add(Op.Select, ifTrue.Type, condition, ifTrue, ifFalse);

        public Instruction Call(MethodReference method, params Value[] arguments) =>
            Call(method, false, arguments);

        /// <summary>A static call whose result type the IR cannot work out alone (a generic struct such as a ValueTuple).</summary>
        public Instruction CallReturning(MethodReference method, IrType result, params Value[] arguments)
        {
            var i = Add(Op.Call, result, arguments);
            i.Method = method;
            return i;
        }

        /// <summary>A call (virtual or not) whose result type is given: the caller resolved the callee's generic signature.</summary>
        public Instruction CallReturning(MethodReference method, bool isVirtual, IrType result, params Value[] arguments)
        {
            var i = Add(isVirtual ? Op.CallVirt : Op.Call, result, arguments);
            i.Method = method;
            return i;
        }

        public Instruction Call(MethodReference method, bool isVirtual, params Value[] arguments)
        {
            var type = IrType.FromClr(method.ReturnType)
                ?? throw new InvalidOperationException($"IR cannot hold the result type of {method.FullName}");
            var i = Add(isVirtual ? Op.CallVirt : Op.Call, type, arguments);
            i.Method = method;
            return i;
        }

        /// <summary>Constructs a value of the constructor's declaring type: a Struct for a value type, else an Object.</summary>
        public Instruction NewObj(MethodReference constructor, params Value[] arguments)
        {
            var declaring = constructor.DeclaringType;
            var type = declaring.IsValueTypeResolved() ? IrType.Struct(declaring) : IrType.Object(declaring);
            var i = Add(Op.NewObj, type, arguments);
            i.Method = constructor;
            return i;
        }

        /// <summary>Allocates an instance of the constructor's declaring type (a class): <see cref="Op.NewObj"/> giving an Object.</summary>
        public Instruction NewObject(MethodReference constructor, params Value[] arguments)
        {
            var i = Add(Op.NewObj, IrType.Object(constructor.DeclaringType), arguments);
            i.Method = constructor;
            return i;
        }

        /// <summary>Calls an instance method on a value-type variable by address; <paramref name="result"/> is its IR result type.</summary>
        public Instruction CallOnVariable(Variable variable, MethodReference method, IrType result, params Value[] arguments)
        {
            var i = Add(Op.CallOnVariable, result, arguments);
            i.Variable = variable;
            i.Method = method;
            return i;
        }

        /// <summary>
        /// Calls an instance method of a value type on a copy of <paramref name="receiver"/> (a
        /// Struct value, such as a span); <paramref name="result"/> is its IR result type.
        /// </summary>
        public Instruction CallOnValue(MethodReference method, IrType result, Value receiver, params Value[] arguments)
        {
            if (receiver.Type.Kind != IrTypeKind.Struct) throw new InvalidOperationException($"{method.FullName} is called on {receiver}, which is not a struct value");
            var operands = new Value[arguments.Length + 1];
            operands[0] = receiver;
            arguments.CopyTo(operands, 1);
            var i = Add(Op.CallOnValue, result, operands);
            i.Method = method;
            return i;
        }

        /// <summary>A new array of <paramref name="elementType"/>: a vector for one length, a multi-dimensional array (T[,]...) for one length per dimension.</summary>
        public Instruction NewArray(TypeReference elementType, params Value[] lengths)
        {
            var i = Add(Op.NewArray, IrType.Object(ArrayTypes.Of(elementType, lengths.Length)), lengths);
            i.TypeOperand = elementType;
            return i;
        }

        /// <summary>A scalar struct from one value per instance field, in declaration order.</summary>
        public Instruction MakeStruct(TypeReference type, params Value[] fields)
        {
            var i = Add(Op.MakeStruct, IrType.Struct(type), fields);
            i.TypeOperand = type;
            return i;
        }

        /// <summary>localloc of <paramref name="bytes"/>; <paramref name="type"/> is a Pointer type or (by default) NativeInt.</summary>
        public Instruction StackAlloc(Value bytes, IrType? type = null) => Add(Op.StackAlloc, type ?? IrType.NativeInt, bytes);

        /// <summary>The length of a vector (IL ldlen): NativeInt.</summary>
        public Instruction ArrayLength(Value array) => Add(Op.ArrayLength, IrType.NativeInt, array);

        /// <summary>The number of elements of an array of any rank (Array.Length): Int32.</summary>
        public Instruction ArrayElementCount(Value array) => Add(Op.ArrayLength, IrType.Int32, array);

        /// <summary>The length of dimension <paramref name="dimension"/> of an array (Array.GetLength): Int32.</summary>
        public Instruction ArrayDimensionLength(Value array, Value dimension) => Add(Op.ArrayLength, IrType.Int32, array, dimension);

        /// <summary>An element of a vector (one index) or of a multi-dimensional array (one index per dimension).</summary>
        public Instruction LoadElement(TypeReference elementType, Value array, params Value[] indices) =>
            Memory(Op.LoadElement, Of(elementType), elementType, Prepend(array, indices));

        public Instruction StoreElement(TypeReference elementType, Value array, Value index, Value value) =>
            Memory(Op.StoreElement, IrType.Void, elementType, array, index, value);

        /// <summary>As <see cref="StoreElement(TypeReference, Value, Value, Value)"/>, with one index per dimension.</summary>
        public Instruction StoreElement(TypeReference elementType, Value array, Value[] indices, Value value)
        {
            var operands = new Value[indices.Length + 2];
            operands[0] = array;
            indices.CopyTo(operands, 1);
            operands[operands.Length - 1] = value;
            return Memory(Op.StoreElement, IrType.Void, elementType, operands);
        }

        public Instruction ElementAddress(TypeReference elementType, Value array, params Value[] indices) =>
            Memory(Op.ElementAddress, IrType.ByRef(elementType), elementType, Prepend(array, indices));

        private static Value[] Prepend(Value first, Value[] rest)
        {
            if (rest.Length == 0) throw new InvalidOperationException("an element access needs at least one index");
            var all = new Value[rest.Length + 1];
            all[0] = first;
            rest.CopyTo(all, 1);
            return all;
        }

        public Instruction LoadIndirect(TypeReference elementType, Value address) =>
            Memory(Op.LoadIndirect, Of(elementType), elementType, address);

        public Instruction StoreIndirect(TypeReference elementType, Value address, Value value) =>
            Memory(Op.StoreIndirect, IrType.Void, elementType, address, value);

        public Instruction LoadField(FieldReference field, Value instance) => Field(Op.LoadField, Of(field.FieldType), field, instance);

        /// <summary>A field of an object or of a struct value, typed explicitly (for fields of generic types, whose declared type is a parameter).</summary>
        public Instruction LoadField(FieldReference field, Value instance, IrType type) => Field(Op.LoadField, type, field, instance);

        public Instruction StoreField(FieldReference field, Value instance, Value value) => Field(Op.StoreField, IrType.Void, field, instance, value);

        public Instruction FieldAddress(FieldReference field, Value instance) => Field(Op.FieldAddress, IrType.ByRef(field.FieldType), field, instance);

        public Instruction LoadStaticField(FieldReference field) => Field(Op.LoadStaticField, Of(field.FieldType), field);

        public Instruction LoadString(TypeReference stringType, string text)
        {
            var i = Add(Op.LoadString, IrType.Object(stringType));
            i.Text = text;
            return i;
        }

        private Instruction Memory(Op op, IrType type, TypeReference elementType, params Value[] operands)
        {
            var i = Add(op, type, operands);
            i.TypeOperand = elementType;
            return i;
        }

        private Instruction Field(Op op, IrType type, FieldReference field, params Value[] operands)
        {
            var i = Add(op, type, operands);
            i.Field = field;
            return i;
        }

        private static IrType Of(TypeReference type) =>
            IrType.FromClr(type) ?? throw new InvalidOperationException($"IR cannot hold a value of type {type.FullName}");

        public Instruction Load(Variable variable)
        {
            var i = Add(Op.LoadVar, variable.Type);
            i.Variable = variable;
            return i;
        }

        public Instruction Store(Variable variable, Value value)
        {
            var i = Add(Op.StoreVar, IrType.Void, value);
            i.Variable = variable;
            return i;
        }

        public Constant Const(IrType type, double value) => Function.Const(type, value);

        public Constant ConstInt(long value) => Function.ConstInt(IrType.Int32, value);

        public void Jump(Block target) => Terminate(new Jump(target));

        public void Branch(Value condition, Block ifTrue, Block ifFalse) => Terminate(new Branch(condition, ifTrue, ifFalse));

        public void Return(Value? value) => Terminate(new Return(value));

        public void Throw(Value exception) => Terminate(new Throw(exception));

        public void Terminate(Terminator terminator)
        {
            if (Block.Terminator != null) throw new InvalidOperationException($"b{Block.Id} already ends");
            terminator.Origin ??= Origin;
            Block.Terminator = terminator;
        }

        private Instruction Add(Op op, IrType type, params Value[] operands)
        {
            var i = Function.NewInstruction(type, op, operands);
            i.Origin = Origin;
            return Function.Append(Block, i);
        }

        /// <summary>IL's binary numeric operations table (ECMA-335 III.1.5), for the types the IR holds.</summary>
        public static IrType BinaryResult(Op op, IrType a, IrType b)
        {
            if (op == Op.Shl || op == Op.Shr || op == Op.ShrUn) return a;
            if (a.Kind == IrTypeKind.Pointer && b.Kind == IrTypeKind.Pointer) return IrType.NativeInt; // p − q
            if (a.Kind == IrTypeKind.Pointer) return a;                                            // p ± n
            if (b.Kind == IrTypeKind.Pointer) return b;                                            // n + p
            if (a.IsFloat || b.IsFloat)
            {
                return a.Kind == IrTypeKind.Float64 || b.Kind == IrTypeKind.Float64 ? IrType.Float64 : IrType.Float32;
            }
            if (a.Kind == IrTypeKind.NativeInt || b.Kind == IrTypeKind.NativeInt) return IrType.NativeInt;
            if (a.Kind == IrTypeKind.Int64 || b.Kind == IrTypeKind.Int64) return IrType.Int64;
            return IrType.Int32;
        }
    }
}
