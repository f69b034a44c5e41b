using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Objects: fields of class instances (ldfld, stfld, ldflda), static readonly fields (ldsfld),
    // string literals (ldstr) and objects of classes made with new (newobj), and spans made with
    // new (a Struct value). Flat structs (Point, Vector3) are SsaBuilder.Structs.cs's; fields
    // of other structs and other structs made with new are AD2005; reading a
    // static field that is not readonly, and every other static field access, is AD2001.
    public sealed partial class SsaBuilder
    {
        /// <summary>Translates <paramref name="ins"/> if it is a field, string or object-creation op; false otherwise.</summary>
        private bool TryTranslateObject(IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Ldfld when stack.Count > 0 && stack[stack.Count - 1].Type.IsScalarStructValue:
                {
                    // A field of a struct value (a scalar struct: Point, Vector3), read by value.
                    var field = (FieldReference)ins.Operand;
                    var instance = Pop(stack, ins);
                    var layout = Layout(instance.Type.Clr);
                    int k = layout?.IndexOf(field) ?? -1;
                    stack.Add(k >= 0 ? FieldOf(builder, instance, layout!, k) : builder.LoadField(field, instance, HeldType(field.FieldType, ins, $"field '{field.Name}'")));
                    return true;
                }
                case Code.Ldfld:
                {
                    var field = (FieldReference)ins.Operand;
                    var instance = PopInstance(stack, ins, field, "read");
                    HeldType(field.FieldType, ins, $"field '{field.Name}'");
                    stack.Add(builder.LoadField(field, instance));
                    return true;
                }
                case Code.Stfld:
                {
                    var field = (FieldReference)ins.Operand;
                    var value = Pop(stack, ins);
                    var instance = PopInstance(stack, ins, field, "written");
                    var stored = Coerce(value, HeldType(field.FieldType, ins, $"field '{field.Name}'"), builder, $"field '{field.Name}'");
                    builder.StoreField(field, instance, stored);
                    return true;
                }
                case Code.Ldflda:
                {
                    var field = (FieldReference)ins.Operand;
                    stack.Add(builder.FieldAddress(field, PopInstance(stack, ins, field, "referenced")));
                    return true;
                }
                case Code.Ldsfld:
                {
                    var field = (FieldReference)ins.Operand;
                    if (CSharpNames.IsLambdaCache(field))
                    {
                        throw new DiagnosticException(DiagnosticCatalog.UnsupportedInstruction,
                            "a lambda passed as a delegate (to a LINQ query, a solver, a callback) is not supported in a differentiated method: the weaver does not differentiate through delegates. Write the loop out (LINQ's Sum, Average, Max and Min of an array without a selector are supported), or move the work into a method the derivative calls directly", ins);
                    }
                    if (!IsReadOnly(field))
                    {
                        throw new DiagnosticException(DiagnosticCatalog.UnsupportedInstruction,
                            $"ldsfld (reading a static field that is not readonly, {CSharpNames.Field(field)}) is not supported in a differentiated method", ins);
                    }
                    HeldType(field.FieldType, ins, $"static field '{field.Name}'");
                    stack.Add(builder.LoadStaticField(field));
                    return true;
                }
                case Code.Ldstr:
                    stack.Add(builder.LoadString(_method.Module.TypeSystem.String, (string)ins.Operand));
                    return true;
                case Code.Newobj:
                    TranslateNewObj(ins, stack, builder);
                    return true;
                case Code.Localloc:
                {
                    var bytes = stack[stack.Count - 1];
                    stack.RemoveAt(stack.Count - 1);
                    stack.Add(builder.StackAlloc(bytes, StackAllocType(ins)));
                    return true;
                }
                default:
                    return false;
            }
        }

        private void TranslateNewObj(IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            var constructor = (MethodReference)ins.Operand;
            if (IrType.IsSpan(constructor.DeclaringType) && constructor.Parameters.Count == 2 && constructor.Parameters[0].ParameterType.IsPointer)
            {
                // `Span<T> s = stackalloc T[n]`: localloc, then new Span<T>(void*, int). A span over
                // any other unmanaged pointer is not followed.
                var length = stack[stack.Count - 1];
                var pointer = stack[stack.Count - 2];
                if (!(pointer is IR.Instruction { Op: Op.StackAlloc }))
                {
                    throw new DiagnosticException(DiagnosticCatalog.UnsupportedInstruction,
                        "a span over an unmanaged pointer (other than stackalloc) is not supported in a differentiated method", ins);
                }
                stack.RemoveRange(stack.Count - 2, 2);
                stack.Add(builder.NewObj(constructor, pointer, length));
                return;
            }
            RefuseListCopy(ins, constructor);
            if (TryTranslateNewStruct(ins, constructor, stack, builder) || TryTranslateNewMultiDimArray(ins, constructor, stack, builder)) return;
            if (constructor.DeclaringType.IsValueTypeResolved() && !IrType.IsSpan(constructor.DeclaringType))
            {
                throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                    $"new {CSharpNames.Type(constructor.DeclaringType)}(...) creates a struct", ins);
            }
            var arguments = PopArguments(constructor, ParameterTypes(constructor, ins), 0, stack, ins, builder);
            stack.Add(builder.NewObj(constructor, arguments));
        }

        /// <summary>
        /// Pops what holds the field: an object, or a managed pointer to a struct of scalars (an
        /// element of a Point[], a ref Point). Other struct values and references to them are AD2005.
        /// </summary>
        private static Value PopInstance(List<Value> stack, IlInstruction ins, FieldReference field, string how)
        {
            var instance = Pop(stack, ins);
            if (instance.Type.Kind == IrTypeKind.Object && !field.DeclaringType.IsValueTypeResolved()) return instance;
            if (instance.Type.Kind == IrTypeKind.ByRef && IrType.FromClr(instance.Type.ElementClr!)?.IsScalarStructValue == true) return instance;
            if (instance.Type.Kind == IrTypeKind.Object || instance.Type.Kind == IrTypeKind.ByRef || instance.Type.Kind == IrTypeKind.Struct)
            {
                throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                    $"field '{field.Name}' of struct {CSharpNames.Type(field.DeclaringType)} is {how}", ins);
            }
            throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"{ins.OpCode.Name} at IL_{ins.Offset:x4} takes an object but finds {CSharpNames.Type(instance.Type)}", ins);
        }

        /// <summary>True for a static readonly field (an unresolvable one counts as writable).</summary>
        private static bool IsReadOnly(FieldReference field)
        {
            return field.TryResolve()?.IsInitOnly ?? false;
        }
    }
}
