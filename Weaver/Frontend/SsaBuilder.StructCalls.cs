using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Calls that make or read flat structs: constructors (newobj, or a call on the address of
    // the variable being initialised), and the members of System.Numerics.Vector2/3/4, which
    // VectorLowering writes out as scalar IR. A user struct's constructor is followed when all it
    // does is store its parameters (or constants) in fields; other constructors, and methods of
    // user structs, are refused with a diagnostic that says what to write instead.
    public sealed partial class SsaBuilder
    {
        private Engine.KnownMethods? _knownMethods;

        private VectorLowering Vectors(IrBuilder builder) =>
            new VectorLowering(builder, Layout, (v, layout, k) => FieldOf(builder, v, layout, k), _knownMethods ??= new Engine.KnownMethods(_method.Module));

        /// <summary>A call on a flat struct's address, or to a vector member; false when the call is not one (the caller translates it as usual).</summary>
        private bool TryTranslateStructCall(IlInstruction ins, MethodReference method, List<Value> stack, IrBuilder builder)
        {
            if (method.HasThis)
            {
                var layout = Layout(method.DeclaringType);
                int receiverAt = stack.Count - 1 - method.Parameters.Count;
                if (layout == null || receiverAt < 0) return false;
                var receiver = stack[receiverAt];
                var address = receiver as StructAddress;
                bool isAddress = address?.Layout?.Type.FullName == layout.Type.FullName;
                bool isReference = !(receiver is AddressPlaceholder) && receiver.Type.Kind == IrTypeKind.ByRef
                    && Layout(receiver.Type.ElementClr)?.Type.FullName == layout.Type.FullName;
                if (!isAddress && !isReference) return false;

                var arguments = PopArguments(method, ParameterTypes(method, ins), 0, stack, ins, builder);
                stack.RemoveAt(stack.Count - 1);
                if (method.Name == ".ctor")
                {
                    var made = builder.MakeStruct(layout.Type, ConstructorFields(method, layout, arguments, builder, ins));
                    if (isAddress) WriteThrough(builder, address!, made);
                    else StoreFields(builder, layout, receiver, made);
                    return true;
                }
                var self = isAddress ? ReadThrough(builder, address!) : LoadFields(builder, layout, receiver);
                var all = new Value[arguments.Length + 1];
                all[0] = self;
                arguments.CopyTo(all, 1);
                var result = Vectors(builder).TryLower(method, all) ?? throw NotFollowed(method, ins);
                stack.Add(result);
                return true;
            }
            if (!VectorLowering.IsVector(method.DeclaringType)) return false;
            int count = method.Parameters.Count;
            if (stack.Count < count) return false;
            var peek = stack.GetRange(stack.Count - count, count).ToArray();
            var lowered = Vectors(builder).TryLower(method, peek);
            if (lowered == null) return false;
            stack.RemoveRange(stack.Count - count, count);
            stack.Add(lowered);
            return true;
        }

        /// <summary>
        /// Math.SinCos(x) / MathF.SinCos(x), which woven derivatives use (SinCosFusion) and a
        /// derivative of derivative code reads again: the tuple (Sin(x), Cos(x)), each with its rule.
        /// </summary>
        private bool TryTranslateSinCos(MethodReference method, List<Value> stack, IrBuilder builder)
        {
            if (method.Name != "SinCos" || method.Parameters.Count != 1 || !(method.DeclaringType.FullName is "System.Math" or "System.MathF") || stack.Count == 0) return false;
            var x = stack[stack.Count - 1];
            if (!x.Type.IsFloat) return false;
            var tuple = GenericSubstitution.Resolve(method.ReturnType, method);
            if (Layout(tuple) == null) return false;
            stack.RemoveAt(stack.Count - 1);
            var known = _knownMethods ??= new Engine.KnownMethods(_method.Module);
            var sin = builder.Call(known.Math("Sin", x.Type, 1), x);
            var cos = builder.Call(known.Math("Cos", x.Type, 1), x);
            stack.Add(builder.MakeStruct(tuple, sin, cos));
            return true;
        }

        /// <summary>`new T(...)` of a flat struct: its fields, as the constructor sets them.</summary>
        private bool TryTranslateNewStruct(IlInstruction ins, MethodReference constructor, List<Value> stack, IrBuilder builder)
        {
            var layout = Layout(constructor.DeclaringType);
            if (layout == null) return false;
            var arguments = PopArguments(constructor, ParameterTypes(constructor, ins), 0, stack, ins, builder);
            stack.Add(builder.MakeStruct(layout.Type, ConstructorFields(constructor, layout, arguments, builder, ins)));
            return true;
        }

        private Value[] ConstructorFields(MethodReference constructor, FlatStruct layout, Value[] arguments, IrBuilder builder, IlInstruction ins)
        {
            var fields = VectorLowering.IsVector(layout.Type) ? Vectors(builder).ConstructorFields(layout.Type, arguments)
                : Engine.TupleTypes.IsValueTuple(layout.Type, out _) && arguments.Length == layout.Fields.Count ? arguments // (a, b, ...): the items in order
                : FieldStoringConstructor(constructor, layout, arguments, builder);
            return fields ?? throw NotFollowed(constructor, ins);
        }

        /// <summary>
        /// The fields a user struct's constructor sets, when its body only stores parameters or
        /// constants in fields (zeroing the struct first is allowed); null for any other body.
        /// </summary>
        private Value[]? FieldStoringConstructor(MethodReference constructor, FlatStruct layout, Value[] arguments, IrBuilder builder)
        {
            var definition = constructor.TryResolve();
            if (definition == null || !definition.HasBody) return null;
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++) fields[k] = _function.Const(layout.FieldTypes[k], 0);
            Value? pending = null;
            bool thisPushed = false;
            foreach (var i in definition.Body.Instructions)
            {
                switch (i.OpCode.Code)
                {
                    case Code.Nop:
                        continue;
                    case Code.Ldarg_0 when !thisPushed && pending == null:
                        thisPushed = true;
                        continue;
                    case Code.Initobj when thisPushed && pending == null:
                        thisPushed = false;
                        continue;
                    case Code.Ret when !thisPushed && pending == null:
                        return fields;
                    case Code.Stfld when thisPushed && pending != null:
                    {
                        int k = layout.IndexOf((FieldReference)i.Operand);
                        if (k < 0) return null;
                        fields[k] = Coerce(pending, layout.FieldTypes[k], builder, $"field '{layout.Fields[k].Name}'");
                        pending = null;
                        thisPushed = false;
                        continue;
                    }
                }
                if (!thisPushed || pending != null) return null;
                pending = ConstructorOperand(i, arguments);
                if (pending == null) return null;
            }
            return null;
        }

        /// <summary>A parameter (ldarg 1..n: a scalar or a struct) or float constant pushed by a constructor body; null for anything else.</summary>
        private Value? ConstructorOperand(IlInstruction i, Value[] arguments)
        {
            int index;
            switch (i.OpCode.Code)
            {
                case Code.Ldarg_1: index = 0; break;
                case Code.Ldarg_2: index = 1; break;
                case Code.Ldarg_3: index = 2; break;
                case Code.Ldarg:
                case Code.Ldarg_S: index = ((ParameterDefinition)i.Operand).Index; break;
                case Code.Ldc_R4: return _function.Const(IrType.Float32, (float)i.Operand);
                case Code.Ldc_R8: return _function.Const(IrType.Float64, (double)i.Operand);
                default: return null;
            }
            return index >= 0 && index < arguments.Length && (arguments[index].Type.IsFloat || arguments[index].Type.Kind == IrTypeKind.Struct) ? arguments[index] : null;
        }

        private static DiagnosticException NotFollowed(MethodReference method, IlInstruction ins) =>
            new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                $"{CSharpNames.Method(method)} is a member of struct {CSharpNames.Type(method.DeclaringType)} that the weaver does not follow "
                + "(it follows constructors that only store their parameters in fields, the arithmetic, Dot, Length, Distance, Normalize and Cross of System.Numerics vectors, "
                + "and the members of Quaternion, Matrix3x2, Matrix4x4 and the vectors that AutoDiff.Runtime models); "
                + "set the fields one at a time, or write the arithmetic on the fields", ins);
    }
}
