using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Scalar replacement of flat structs (FlatStruct: Point, Vector3). An argument, local or
    // stack slot of such a type is not one SSA variable but one per field, so writing a field
    // (`p.X = v`, `acc.X += a[i]`, `initobj`, a constructor run in place) is an ordinary SSA
    // definition and a struct carried around a loop becomes per-field phis. Reading the whole
    // variable gives MakeStruct of its fields; reading a field of a MakeStruct gives the operand
    // back, so the differentiation passes see scalars wherever the struct was taken apart.
    // C# reaches a struct variable's fields through its address (ldloca/ldarga, then ldfld,
    // stfld, ldflda+ldind/stind, initobj, a constructor or method call): the address is pushed as
    // a StructAddress placeholder, and any use other than those is AD2004 at the ldloca/ldarga.
    // A whole flat struct read from or written to memory (ldelem/stelem/ldobj/stobj) is a read or
    // write of each field, which is what the memory passes know how to differentiate.
    public sealed partial class SsaBuilder
    {
        private const int FirstFieldKey = 1 << 24;

        private readonly Dictionary<string, FlatStruct?> _layouts = new Dictionary<string, FlatStruct?>();
        private readonly Dictionary<(int Key, int Field), int> _fieldKeys = new Dictionary<(int, int), int>();
        private readonly Dictionary<int, (int Key, int Field, IrType Type)> _fieldKeyOwners = new Dictionary<int, (int, int, IrType)>();
        private readonly Dictionary<int, IR.Instruction> _parameterFields = new Dictionary<int, IR.Instruction>();

        /// <summary>An address on the simulated stack: of a struct variable (Field = -1) or of one of its fields.</summary>
        private sealed class StructAddress : AddressPlaceholder
        {
            public StructAddress(int key, FlatStruct layout, int field, IlInstruction origin, string what)
                : base(field < 0 ? IrType.ByRef(layout.Type) : IrType.ByRef(layout.Fields[field].FieldType), origin, what)
            {
                Key = key;
                Layout = layout;
                Field = field;
            }

            public int Key { get; }

            public FlatStruct Layout { get; }

            public int Field { get; }

            public StructAddress OfField(int field) => new StructAddress(Key, Layout, field, Origin, What);

            public override string Name => "&" + Key + (Field < 0 ? "" : "." + Layout.Fields[Field].Name);
        }

        private FlatStruct? Layout(TypeReference? type)
        {
            if (type == null) return null;
            if (!_layouts.TryGetValue(type.FullName, out var layout))
            {
                _layouts[type.FullName] = layout = FlatStruct.Of(type, _method.Module);
            }
            return layout;
        }

        /// <summary>The layout of the argument or local <paramref name="key"/> when it is split into fields; null otherwise.</summary>
        private FlatStruct? SplitLayout(int key)
        {
            if (key < _argumentCount) return _function.Parameters[key].Type.Kind == IrTypeKind.Struct ? Layout(_function.Parameters[key].Type.Clr) : null;
            if (key < _argumentCount + _localCount) return Layout(_method.Body.Variables[key - _argumentCount].VariableType);
            return null;
        }

        private int FieldKey(int key, int field, FlatStruct layout)
        {
            if (!_fieldKeys.TryGetValue((key, field), out var fieldKey))
            {
                fieldKey = FirstFieldKey + _fieldKeys.Count;
                _fieldKeys[(key, field)] = fieldKey;
                _fieldKeyOwners[fieldKey] = (key, field, layout.FieldTypes[field]);
            }
            return fieldKey;
        }

        private bool IsFieldKey(int key) => key >= FirstFieldKey;

        /// <summary>A variable's value: the whole struct (MakeStruct of its fields) for a split one.</summary>
        private Value ReadWhole(IrBuilder builder, int key)
        {
            var layout = SplitLayout(key);
            return layout == null ? ReadVariable(builder.Block, key) : ReadStruct(builder, key, layout);
        }

        /// <summary>Defines a variable: field by field for a split one.</summary>
        private void WriteWhole(IrBuilder builder, int key, Value value, IrType type, string where)
        {
            var layout = SplitLayout(key);
            if (layout == null)
            {
                WriteVariable(builder.Block, key, Coerce(value, type, builder, where));
                return;
            }
            WriteStruct(builder, key, layout, value, where);
        }

        private Value ReadStruct(IrBuilder builder, int key, FlatStruct layout)
        {
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++) fields[k] = ReadVariable(builder.Block, FieldKey(key, k, layout));
            return builder.MakeStruct(layout.Type, fields);
        }

        private void WriteStruct(IrBuilder builder, int key, FlatStruct layout, Value value, string where)
        {
            if (value.Type.Kind != IrTypeKind.Struct || Layout(value.Type.Clr)?.Type.FullName != layout.Type.FullName)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"a value of type {value.Type} is stored into {where} of type {layout.Type.Name}", builder.Origin);
            }
            for (int k = 0; k < layout.Fields.Count; k++) WriteVariable(builder.Block, FieldKey(key, k, layout), FieldOf(builder, value, layout, k));
        }

        /// <summary>Field <paramref name="k"/> of a struct value: the operand of a MakeStruct, else a field read.</summary>
        private static Value FieldOf(IrBuilder builder, Value value, FlatStruct layout, int k)
        {
            if (value is IR.Instruction { Op: Op.MakeStruct } made) return made.Operands[k];
            return builder.LoadField(layout.Fields[k], value, layout.FieldTypes[k]);
        }

        /// <summary>
        /// The value a field variable starts with: zero for a local; for an argument, the field read
        /// from the parameter at the top of the entry block (once, shared by every later read).
        /// </summary>
        private Value InitialFieldValue(int fieldKey)
        {
            var (key, field, type) = _fieldKeyOwners[fieldKey];
            if (key >= _argumentCount) return _function.Const(type, 0);
            if (_parameterFields.TryGetValue(fieldKey, out var known)) return known;
            var parameter = _function.Parameters[key];
            var layout = SplitLayout(key)!;
            var entry = _function.Blocks[0];
            var load = _function.NewInstruction(type, Op.LoadField, parameter);
            load.Field = layout.Fields[field];
            load.Origin = _method.Body.Instructions.FirstOrDefault();
            _function.Append(entry, load);
            entry.Instructions.Remove(load);
            entry.Instructions.Insert(_parameterFields.Count, load);
            _parameterFields[fieldKey] = load;
            return load;
        }

        /// <summary>Pushes the address of a split argument (ldarga) or local (ldloca); false for any other variable.</summary>
        private bool TryPushStructAddress(IlInstruction ins, List<Value> stack)
        {
            bool isArgument = ins.OpCode.Code == Code.Ldarga || ins.OpCode.Code == Code.Ldarga_S;
            int key = isArgument ? ArgumentIndex(ins) : LocalKey(Local(ins).Index);
            var layout = SplitLayout(key);
            if (layout == null) return false;
            if (!isArgument) LocalType(Local(ins), ins);
            stack.Add(new StructAddress(key, layout, -1, ins, isArgument ? ParameterAddressTaken(ins) : LocalAddressTaken(ins)));
            return true;
        }

        private static StructAddress? StructAddressAt(List<Value> stack, int fromTop) =>
            stack.Count > fromTop ? stack[stack.Count - 1 - fromTop] as StructAddress : null;

        /// <summary>Field reads and writes through a struct variable's address; false when the instruction is not one.</summary>
        private bool TryTranslateStructAccess(IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Ldfld when StructAddressAt(stack, 0) is { Field: -1 } whole:
                    stack.RemoveAt(stack.Count - 1);
                    stack.Add(ReadVariable(builder.Block, FieldKey(whole.Key, FieldIndex(whole, (FieldReference)ins.Operand, ins), whole.Layout)));
                    return true;
                case Code.Ldflda when StructAddressAt(stack, 0) is { Field: -1 } whole:
                    stack.RemoveAt(stack.Count - 1);
                    stack.Add(whole.OfField(FieldIndex(whole, (FieldReference)ins.Operand, ins)));
                    return true;
                case Code.Stfld when StructAddressAt(stack, 1) is { Field: -1 } whole:
                {
                    int k = FieldIndex(whole, (FieldReference)ins.Operand, ins);
                    var value = Pop(stack, ins);
                    stack.RemoveAt(stack.Count - 1);
                    WriteVariable(builder.Block, FieldKey(whole.Key, k, whole.Layout), Coerce(value, whole.Layout.FieldTypes[k], builder, $"field '{whole.Layout.Fields[k].Name}'"));
                    return true;
                }
                case Code.Initobj when StructAddressAt(stack, 0) is { Field: -1 } whole:
                    stack.RemoveAt(stack.Count - 1);
                    for (int k = 0; k < whole.Layout.Fields.Count; k++) WriteVariable(builder.Block, FieldKey(whole.Key, k, whole.Layout), _function.Const(whole.Layout.FieldTypes[k], 0));
                    return true;
                case Code.Initobj when stack.Count > 0 && stack[stack.Count - 1].Type.Kind == IrTypeKind.ByRef && Layout(stack[stack.Count - 1].Type.ElementClr) is { } layout:
                {
                    // `points[i] = default`: each field of the element zeroed.
                    var address = Pop(stack, ins);
                    for (int k = 0; k < layout.Fields.Count; k++) builder.StoreField(layout.Fields[k], address, _function.Const(layout.FieldTypes[k], 0));
                    return true;
                }
            }
            if (!IlMemoryOpcodes.TryGet(ins, _method.Module, out var access, out var type)) return false;
            switch (access)
            {
                case MemoryAccess.LoadIndirect when StructAddressAt(stack, 0) is { } address:
                    stack.RemoveAt(stack.Count - 1);
                    stack.Add(address.Field < 0
                        ? ReadStruct(builder, address.Key, address.Layout)
                        : ReadVariable(builder.Block, FieldKey(address.Key, address.Field, address.Layout)));
                    return true;
                case MemoryAccess.StoreIndirect when StructAddressAt(stack, 1) is { } address:
                {
                    var value = Pop(stack, ins);
                    stack.RemoveAt(stack.Count - 1);
                    if (address.Field < 0) WriteStruct(builder, address.Key, address.Layout, value, LocalOrParameter(address));
                    else WriteVariable(builder.Block, FieldKey(address.Key, address.Field, address.Layout), Coerce(value, address.Layout.FieldTypes[address.Field], builder, LocalOrParameter(address)));
                    return true;
                }
                case MemoryAccess.LoadElement when Layout(type) is { } layout:
                {
                    var index = PopIndex(stack, ins);
                    var array = PopArray(stack, ins);
                    stack.Add(LoadFields(builder, layout, builder.ElementAddress(type!, array, index)));
                    return true;
                }
                case MemoryAccess.StoreElement when Layout(type) is { } layout:
                {
                    var value = Pop(stack, ins);
                    var index = PopIndex(stack, ins);
                    var array = PopArray(stack, ins);
                    StoreFields(builder, layout, builder.ElementAddress(type!, array, index), value);
                    return true;
                }
                case MemoryAccess.LoadIndirect when stack.Count > 0 && stack[stack.Count - 1].Type.Kind == IrTypeKind.ByRef && Layout(type ?? stack[stack.Count - 1].Type.ElementClr) is { } layout:
                    stack.Add(LoadFields(builder, layout, Pop(stack, ins)));
                    return true;
                case MemoryAccess.StoreIndirect when stack.Count > 1 && stack[stack.Count - 2].Type.Kind == IrTypeKind.ByRef && Layout(type ?? stack[stack.Count - 2].Type.ElementClr) is { } layout:
                {
                    var value = Pop(stack, ins);
                    StoreFields(builder, layout, Pop(stack, ins), value);
                    return true;
                }
            }
            return false;
        }

        /// <summary>A whole struct read from memory: each field read through the address.</summary>
        private static Value LoadFields(IrBuilder builder, FlatStruct layout, Value address)
        {
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++) fields[k] = builder.LoadField(layout.Fields[k], address, layout.FieldTypes[k]);
            return builder.MakeStruct(layout.Type, fields);
        }

        /// <summary>A whole struct written to memory: each field written through the address.</summary>
        private void StoreFields(IrBuilder builder, FlatStruct layout, Value address, Value value)
        {
            if (value.Type.Kind != IrTypeKind.Struct || Layout(value.Type.Clr)?.Type.FullName != layout.Type.FullName)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"a value of type {value.Type} is stored into memory of type {layout.Type.Name}", builder.Origin);
            }
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++) fields[k] = FieldOf(builder, value, layout, k);
            for (int k = 0; k < fields.Length; k++) builder.StoreField(layout.Fields[k], address, fields[k]);
        }

        private string LocalOrParameter(StructAddress address) =>
            address.Key < _argumentCount ? $"parameter '{_function.Parameters[address.Key].ParameterName}'" : LocalName(_method.Body.Variables[address.Key - _argumentCount]);

        private static int FieldIndex(StructAddress address, FieldReference field, IlInstruction ins)
        {
            int k = address.Layout.IndexOf(field);
            if (k < 0) throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"{address.Layout.Type.Name} has no field '{field.Name}'", ins);
            return k;
        }
    }
}
