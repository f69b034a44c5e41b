using System;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Tests.Support
{
    // The memory ops: arrays are real .NET arrays, objects real objects (made through
    // reflection), ByRef values IrReference objects; null, bounds and length errors throw the
    // exceptions the CLR throws for the same IL.
    public sealed partial class IrInterpreter
    {
        private bool TryExecuteMemory(Instruction i, object?[] args, out object? result)
        {
            result = null;
            switch (i.Op)
            {
                case Op.NewArray:
                {
                    var length = Convert.ToInt64(args[0]);
                    if (length < 0 || length > int.MaxValue) throw new OverflowException();
                    result = Array.CreateInstance(ClrType(i.TypeOperand!), (int)length);
                    return true;
                }
                case Op.ArrayLength:
                    result = (long)ArrayOf(args[0]).Length;
                    return true;
                case Op.LoadElement:
                {
                    var array = ArrayOf(args[0]);
                    result = ToCanonical(array.GetValue(IndexIn(array, args[1])), i.Type);
                    return true;
                }
                case Op.StoreElement:
                {
                    var array = ArrayOf(args[0]);
                    array.SetValue(FromCanonical(args[2], array.GetType().GetElementType()!), IndexIn(array, args[1]));
                    return true;
                }
                case Op.ElementAddress:
                {
                    var array = ArrayOf(args[0]);
                    result = new ElementReference(array, IndexIn(array, args[1]));
                    return true;
                }
                case Op.LoadIndirect:
                    result = ToCanonical(ReferenceOf(args[0]).Get(), i.Type);
                    return true;
                case Op.StoreIndirect:
                {
                    var reference = ReferenceOf(args[0]);
                    reference.Set(FromCanonical(args[1], reference.ElementType));
                    return true;
                }
                case Op.LoadField:
                    result = ToCanonical(FieldOf(i).GetValue(ObjectOf(args[0])), i.Type);
                    return true;
                case Op.StoreField:
                {
                    var field = FieldOf(i);
                    field.SetValue(ObjectOf(args[0]), FromCanonical(args[1], field.FieldType));
                    return true;
                }
                case Op.FieldAddress:
                    result = new FieldSlotReference(ObjectOf(args[0]), FieldOf(i));
                    return true;
                case Op.LoadStaticField:
                    result = ToCanonical(FieldOf(i).GetValue(null), i.Type);
                    return true;
                case Op.LoadString:
                    result = i.Text;
                    return true;
                case Op.NewObj:
                    result = Construct(i, args);
                    return true;
                default:
                    return false;
            }
        }

        private object Construct(Instruction i, object?[] args)
        {
            if (i.Type.Kind != IrTypeKind.Object) throw new NotSupportedException("the interpreter does not construct structs");
            var reference = i.Method!;
            var type = ClrType(reference.DeclaringType);
            var parameterTypes = reference.Parameters.Select(p => ClrType(p.ParameterType)).ToArray();
            var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, null, parameterTypes, null)
                ?? throw new InvalidOperationException($"constructor {reference.FullName} not found");
            var clrArgs = args.Select((a, k) => FromCanonical(a, parameterTypes[k])).ToArray();
            try
            {
                return constructor.Invoke(clrArgs);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
        }

        private FieldInfo FieldOf(Instruction i)
        {
            var reference = i.Field!;
            return ClrType(reference.DeclaringType).GetField(reference.Name,
                       BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                   ?? throw new InvalidOperationException($"field {reference.FullName} not found");
        }

        private Type ClrType(Mono.Cecil.TypeReference type) =>
            FindType(type.FullName) ?? throw new InvalidOperationException($"type {type.FullName} not found");

        private static Array ArrayOf(object? value) => value as Array ?? throw NullOr("an array", value);

        private static object ObjectOf(object? value) => value ?? throw new NullReferenceException();

        private static IrReference ReferenceOf(object? value) => value as IrReference ?? throw NullOr("a reference", value);

        private static Exception NullOr(string what, object? value) =>
            value == null ? new NullReferenceException() : new InvalidOperationException($"{what} was expected, found {value.GetType().Name}");

        /// <summary>The index as an int, checked against the array's bounds as IL does.</summary>
        private static int IndexIn(Array array, object? index)
        {
            var i = Convert.ToInt64(index);
            if (i < 0 || i >= array.Length) throw new IndexOutOfRangeException();
            return (int)i;
        }
    }
}
