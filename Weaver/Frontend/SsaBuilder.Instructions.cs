using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Straight-line IL: loads, stores, constants, stack shuffles, arithmetic, conversions,
    // comparisons and calls, each turned into IR on the simulated stack. Memory and objects
    // are in SsaBuilder.Memory.cs and SsaBuilder.Objects.cs.
    public sealed partial class SsaBuilder
    {
        private void Translate(IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            var code = ins.OpCode.Code;
            var block = builder.Block;
            if (_consumed.Contains(ins) || TryTranslateArrayInitializer(ins, stack, builder)) return;
            switch (code)
            {
                case Code.Nop:
                    return;
                case Code.Br:
                case Code.Br_S:
                    // Only a branch to the next instruction gets here (CfgBuilder.IsBranchToNext).
                    return;
                case Code.Ldarg_0: case Code.Ldarg_1: case Code.Ldarg_2: case Code.Ldarg_3:
                case Code.Ldarg: case Code.Ldarg_S:
                    stack.Add(ReadWhole(builder, ArgumentIndex(ins)));
                    return;
                case Code.Starg: case Code.Starg_S:
                {
                    int index = ArgumentIndex(ins);
                    var parameter = _function.Parameters[index];
                    WriteWhole(builder, index, Pop(stack, ins), parameter.Type, $"parameter '{parameter.ParameterName}'");
                    return;
                }
                case Code.Ldloc_0: case Code.Ldloc_1: case Code.Ldloc_2: case Code.Ldloc_3:
                case Code.Ldloc: case Code.Ldloc_S:
                {
                    var local = Local(ins);
                    if (_placeLocals.TryGetValue(local.Index, out var place))
                    {
                        stack.Add(place);
                        return;
                    }
                    LocalType(local, ins);
                    stack.Add(ReadWhole(builder, LocalKey(local.Index)));
                    return;
                }
                case Code.Stloc_0: case Code.Stloc_1: case Code.Stloc_2: case Code.Stloc_3:
                case Code.Stloc: case Code.Stloc_S:
                {
                    var local = Local(ins);
                    if (stack.Count > 0 && stack[stack.Count - 1] is AddressPlaceholder address && local.VariableType.IsByReference)
                    {
                        BindPlace(local, address);
                        stack.RemoveAt(stack.Count - 1);
                        return;
                    }
                    var type = LocalType(local, ins);
                    WriteWhole(builder, LocalKey(local.Index), Pop(stack, ins), type, CSharpNames.Local(_method, local));
                    return;
                }
                case Code.Ldarga: case Code.Ldarga_S:
                    // A span's address may be the receiver of a read (SsaBuilder.Spans.cs), a flat
                    // struct's the way to its fields (SsaBuilder.Structs.cs); no other.
                    if (TryPushSpanAddress(ins, stack) || TryPushStructAddress(ins, stack)) return;
                    throw new DiagnosticException(DiagnosticCatalog.AddressTaken, ParameterAddressTaken(ins), ins);
                case Code.Ldloca: case Code.Ldloca_S:
                    if (TryPushTapeAddress(ins, stack) || TryPushSpanAddress(ins, stack) || TryPushStructAddress(ins, stack)) return;
                    throw new DiagnosticException(DiagnosticCatalog.AddressTaken, LocalAddressTaken(ins), ins);
                case Code.Ldc_I4_M1: case Code.Ldc_I4_0: case Code.Ldc_I4_1: case Code.Ldc_I4_2: case Code.Ldc_I4_3:
                case Code.Ldc_I4_4: case Code.Ldc_I4_5: case Code.Ldc_I4_6: case Code.Ldc_I4_7: case Code.Ldc_I4_8:
                    stack.Add(_function.ConstInt(IrType.Int32, code - Code.Ldc_I4_0));
                    return;
                case Code.Ldc_I4_S:
                    stack.Add(_function.ConstInt(IrType.Int32, (sbyte)ins.Operand));
                    return;
                case Code.Ldc_I4:
                    stack.Add(_function.ConstInt(IrType.Int32, (int)ins.Operand));
                    return;
                case Code.Ldc_I8:
                    stack.Add(_function.ConstInt(IrType.Int64, (long)ins.Operand));
                    return;
                case Code.Ldc_R4:
                    stack.Add(_function.Const(IrType.Float32, (float)ins.Operand));
                    return;
                case Code.Ldc_R8:
                    stack.Add(_function.Const(IrType.Float64, (double)ins.Operand));
                    return;
                case Code.Ldnull:
                    stack.Add(_function.Null(IrType.Object(_method.Module.TypeSystem.Object)));
                    return;
                case Code.Dup:
                {
                    if (stack.Count > 0 && stack[stack.Count - 1] is AddressPlaceholder address)
                    {
                        // `acc.X += v`: ldloca, ldflda, dup, ldind, ..., stind. Each copy is used on its own.
                        stack.Add(address);
                        return;
                    }
                    var top = Pop(stack, ins);
                    stack.Add(top);
                    stack.Add(top);
                    return;
                }
                case Code.Pop:
                    Pop(stack, ins);
                    return;
                case Code.Call:
                case Code.Callvirt:
                    TranslateCall(ins, stack, builder);
                    return;
            }
            if (TryInitializeTape(ins, stack) || TryTranslateStructAccess(ins, stack, builder) || TryTranslateMemory(ins, stack, builder) || TryTranslateObject(ins, stack, builder))
            {
                return;
            }
            if (IlOpcodes.TryGetBinary(code, out var binary))
            {
                var right = Pop(stack, ins);
                var left = Pop(stack, ins);
                stack.Add(builder.Binary(binary, left, right));
            }
            else if (IlOpcodes.TryGetUnary(code, out var unary))
            {
                stack.Add(builder.Unary(unary, Pop(stack, ins)));
            }
            else if (IlOpcodes.TryGetConversion(code, out var conversion))
            {
                stack.Add(builder.Convert(conversion, Pop(stack, ins)));
            }
            else if (IlOpcodes.TryGetComparison(code, out var compare))
            {
                var right = Pop(stack, ins);
                var left = Pop(stack, ins);
                stack.Add(builder.Compare(compare, left, right));
            }
            else
            {
                throw Unsupported(ins);
            }
        }

        /// <summary>
        /// Ref locals that hold the address of a variable (a struct or scalar local or argument):
        /// a ref local is a name for a place, so reading it gives the place again. Such a local
        /// must name one place for the whole method (a `ref` argument of an inlined helper, or
        /// `ref var r = ref x;`); a second, different place is AD2004.
        /// </summary>
        private readonly Dictionary<int, AddressPlaceholder> _placeLocals = new Dictionary<int, AddressPlaceholder>();

        private void BindPlace(VariableDefinition local, AddressPlaceholder address)
        {
            if (_placeLocals.TryGetValue(local.Index, out var bound) && !bound.SamePlace(address)) throw address.Misused();
            _placeLocals[local.Index] = address;
        }

        private void TranslateCall(IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            var method = (MethodReference)ins.Operand;
            if (method.CallingConvention == MethodCallingConvention.VarArg)
            {
                throw new DiagnosticException(DiagnosticCatalog.UnsupportedInstruction,
                    $"{ins.OpCode.Name} ({CSharpNames.Method(method)} with __arglist) is not supported in a differentiated method", ins);
            }
            if (TryTranslateArrayCall(ins, method, stack, builder) || TryTranslateListCall(ins, method, stack, builder) || TryTranslateSinCos(method, stack, builder) || TryTranslateTapeCall(ins, method, stack, builder) || TryTranslateSpanCall(ins, method, stack, builder) || TryTranslateStructCall(ins, method, stack, builder)) return;
            // A result written with the callee's type parameters (a span from x.AsSpan(), Func<double, double>.Invoke's !1) is resolved first.
            var resolvedReturn = GenericSubstitution.Resolve(method.ReturnType, method);
            var returnType = IrType.FromClr(resolvedReturn) ?? throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                $"the call to {CSharpNames.Method(method)} returns {CSharpNames.Type(resolvedReturn)}", ins);
            var parameterTypes = ParameterTypes(method, ins);
            if (method.HasThis && method.DeclaringType.IsValueTypeResolved())
            {
                throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                    $"the call to {CSharpNames.Method(method)} is made on a struct of type {CSharpNames.Type(method.DeclaringType)}", ins);
            }

            int receiver = method.HasThis ? 1 : 0;
            var arguments = PopArguments(method, parameterTypes, receiver, stack, ins, builder);
            if (receiver == 1) arguments[0] = Pop(stack, ins);
            var call = builder.CallReturning(method, ins.OpCode.Code == Code.Callvirt, returnType, arguments);
            if (!returnType.IsVoid) stack.Add(call);
        }

        /// <summary>The IR types of a callee's parameters (by-ref ones included); AD2005 for a type the IR cannot hold.</summary>
        private static IrType[] ParameterTypes(MethodReference method, IlInstruction ins)
        {
            var types = new IrType[method.Parameters.Count];
            for (int i = 0; i < types.Length; i++)
            {
                var p = method.Parameters[i];
                var type = IrType.FromClr(GenericSubstitution.Resolve(p.ParameterType, method));
                if (type == null || type.IsVoid)
                {
                    throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                        $"the call to {CSharpNames.Method(method)} passes parameter {CSharpNames.Parameter(p)} of type {CSharpNames.Type(p.ParameterType, method)}", ins);
                }
                types[i] = type;
            }
            return types;
        }

        /// <summary>
        /// Pops a call's arguments (last first), each converted to its parameter's type, into an
        /// array that leaves <paramref name="receiver"/> slots free at the front for the receiver.
        /// </summary>
        private static Value[] PopArguments(MethodReference method, IrType[] parameterTypes, int receiver, List<Value> stack, IlInstruction ins, IrBuilder builder)
        {
            var arguments = new Value[receiver + parameterTypes.Length];
            for (int i = parameterTypes.Length - 1; i >= 0; i--)
            {
                // The same kind needs no conversion, and no message: spelling the callee resolves its declaration.
                var argument = Pop(stack, ins);
                arguments[receiver + i] = argument.Type.Kind == parameterTypes[i].Kind ? argument
                    : Coerce(argument, parameterTypes[i], builder, $"argument {CSharpNames.Parameter(method.Parameters[i])} of {CSharpNames.Method(method)}");
            }
            return arguments;
        }

        /// <summary>
        /// Makes the conversion IL performs implicitly when a value is stored into a location of
        /// another type: float64 ↔ float32 (stloc, starg, ret, call arguments), int32 ↔ native int, native int ↔ T*.
        /// </summary>
        private static Value Coerce(Value value, IrType target, IrBuilder builder, string where)
        {
            if (value.Type.Kind == target.Kind) return value;
            if (value.Type.IsFloat && target.IsFloat) return builder.ToFloat(value, target);
            if (value.Type.Kind == IrTypeKind.Int32 && target.Kind == IrTypeKind.NativeInt) return builder.Convert(ConversionKind.I, value);
            if (value.Type.Kind == IrTypeKind.NativeInt && target.Kind == IrTypeKind.Int32) return builder.Convert(ConversionKind.I4, value);
            // A native int and an unmanaged pointer are the same bits; the value keeps its own type
            // (an address in a plain integer is refused where it is used as one).
            if (value.Type.Kind == IrTypeKind.NativeInt && target.Kind == IrTypeKind.Pointer || value.Type.Kind == IrTypeKind.Pointer && target.Kind == IrTypeKind.NativeInt) return value;
            var origin = builder.Origin;
            throw new DiagnosticException(DiagnosticCatalog.InvalidIl,
                $"a value of type {CSharpNames.Type(value.Type)} is stored into {where} of type {CSharpNames.Type(target)}" + (origin == null ? "" : $" at IL_{origin.Offset:x4}"), origin);
        }

        /// <summary>The IL argument number (0 is <c>this</c> in an instance method) a ldarg/starg/ldarga names.</summary>
        private int ArgumentIndex(IlInstruction ins)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Ldarg_0: return 0;
                case Code.Ldarg_1: return 1;
                case Code.Ldarg_2: return 2;
                case Code.Ldarg_3: return 3;
            }
            var p = (ParameterDefinition)ins.Operand;
            if (p == _method.Body.ThisParameter) return 0;
            return p.Index + (_method.HasThis ? 1 : 0);
        }

        private VariableDefinition Local(IlInstruction ins)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Ldloc_0: case Code.Stloc_0: return _method.Body.Variables[0];
                case Code.Ldloc_1: case Code.Stloc_1: return _method.Body.Variables[1];
                case Code.Ldloc_2: case Code.Stloc_2: return _method.Body.Variables[2];
                case Code.Ldloc_3: case Code.Stloc_3: return _method.Body.Variables[3];
                default: return (VariableDefinition)ins.Operand;
            }
        }
    }
}
