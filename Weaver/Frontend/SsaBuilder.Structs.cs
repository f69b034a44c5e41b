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
        private readonly Dictionary<(int Key, string Path), IR.Instruction> _parameterFields = new Dictionary<(int, string), IR.Instruction>();

        /// <summary>
        /// An address on the simulated stack: of a split variable, of one of its nested structs
        /// (Layout set), or of one of its scalar leaves (Layout null). Leaves are numbered depth
        /// first from Offset.
        /// </summary>
        private sealed class StructAddress : AddressPlaceholder
        {
            public StructAddress(int key, FlatStruct? layout, int offset, IrType type, IlInstruction origin, string what)
                : base(IrType.ByRef(type.Clr ?? ScalarClr(type)), origin, what)
            {
                Key = key;
                Layout = layout;
                Offset = offset;
                Pointee = type;
            }

            public int Key { get; }

            public FlatStruct? Layout { get; }

            public int Offset { get; }

            /// <summary>The type of what the address points at.</summary>
            public IrType Pointee { get; }

            public override bool SamePlace(AddressPlaceholder other) => other is StructAddress s && s.Key == Key && s.Offset == Offset;

            /// <summary>The <see cref="Offset"/> of the address of a whole scalar variable (not a leaf of a split struct).</summary>
            public const int WholeVariable = -1;

            public StructAddress OfField(int k) =>
                new StructAddress(Key, Layout!.Nested[k], Offset + Layout.LeafStart(k), Layout.FieldTypes[k], Origin, What);

            public override string Name => "&" + Key + "+" + Offset;

            private static TypeReference ScalarClr(IrType type) =>
                new TypeReference("System", type.Kind == IrTypeKind.Float32 ? "Single" : "Double", null, null, valueType: true);
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

        /// <summary>AD2007 when IL stores a value of another type where <paramref name="layout"/>'s struct goes.</summary>
        private static void RequireStruct(Value value, FlatStruct layout, string where, IrBuilder builder)
        {
            if (layout.Holds(value)) return;
            throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"a value of type {CSharpNames.Type(value.Type)} is stored into {where} of type {CSharpNames.Type(layout.Type)}", builder.Origin);
        }

        /// <summary>The layout of the argument or local <paramref name="key"/> when it is split into leaves; null otherwise.</summary>
        private FlatStruct? SplitLayout(int key)
        {
            if (key < _argumentCount) return _function.Parameters[key].Type.Kind == IrTypeKind.Struct ? Layout(_function.Parameters[key].Type.Clr) : null;
            if (key < _argumentCount + _localCount) return Layout(_method.Body.Variables[key - _argumentCount].VariableType);
            return null;
        }

        /// <summary>The SSA variable of leaf <paramref name="leaf"/> of the split variable <paramref name="key"/>.</summary>
        private int LeafKey(int key, int leaf, IrType type)
        {
            if (!_fieldKeys.TryGetValue((key, leaf), out var fieldKey))
            {
                fieldKey = FirstFieldKey + _fieldKeys.Count;
                _fieldKeys[(key, leaf)] = fieldKey;
                _fieldKeyOwners[fieldKey] = (key, leaf, type);
            }
            return fieldKey;
        }

        private bool IsFieldKey(int key) => key >= FirstFieldKey;

        /// <summary>A variable's value: the whole struct (MakeStruct of its fields) for a split one.</summary>
        private Value ReadWhole(IrBuilder builder, int key)
        {
            var layout = SplitLayout(key);
            return layout == null ? ReadVariable(builder.Block, key) : ReadStruct(builder, key, layout, 0);
        }

        /// <summary>Defines a variable: leaf by leaf for a split one.</summary>
        private void WriteWhole(IrBuilder builder, int key, Value value, IrType type, string where)
        {
            var layout = SplitLayout(key);
            if (layout == null)
            {
                WriteVariable(builder.Block, key, Coerce(value, type, builder, where));
                return;
            }
            WriteStruct(builder, key, layout, 0, value, where);
        }

        /// <summary>The struct whose leaves start at <paramref name="offset"/> in variable <paramref name="key"/>.</summary>
        private Value ReadStruct(IrBuilder builder, int key, FlatStruct layout, int offset)
        {
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++)
            {
                int at = offset + layout.LeafStart(k);
                var nested = layout.Nested[k];
                fields[k] = nested != null ? ReadStruct(builder, key, nested, at) : ReadVariable(builder.Block, LeafKey(key, at, layout.FieldTypes[k]));
            }
            return builder.MakeStruct(layout.Type, fields);
        }

        private void WriteStruct(IrBuilder builder, int key, FlatStruct layout, int offset, Value value, string where)
        {
            RequireStruct(value, layout, where, builder);
            for (int k = 0; k < layout.Fields.Count; k++)
            {
                int at = offset + layout.LeafStart(k);
                var field = FieldOf(builder, value, layout, k);
                var nested = layout.Nested[k];
                if (nested != null) WriteStruct(builder, key, nested, at, field, where);
                else WriteVariable(builder.Block, LeafKey(key, at, layout.FieldTypes[k]), field);
            }
        }

        /// <summary>Writes what an address points at: a struct (leaf by leaf) or one scalar leaf.</summary>
        private void WriteThrough(IrBuilder builder, StructAddress address, Value value)
        {
            var where = LocalOrParameter(address);
            if (address.Layout != null) WriteStruct(builder, address.Key, address.Layout, address.Offset, value, where);
            else if (address.Offset == StructAddress.WholeVariable) WriteVariable(builder.Block, address.Key, Coerce(value, address.Pointee, builder, where));
            else WriteVariable(builder.Block, LeafKey(address.Key, address.Offset, address.Pointee), Coerce(value, address.Pointee, builder, where));
        }

        /// <summary>Reads what an address points at.</summary>
        private Value ReadThrough(IrBuilder builder, StructAddress address) =>
            address.Layout != null ? ReadStruct(builder, address.Key, address.Layout, address.Offset)
            : address.Offset == StructAddress.WholeVariable ? ReadVariable(builder.Block, address.Key)
            : ReadVariable(builder.Block, LeafKey(address.Key, address.Offset, address.Pointee));

        /// <summary>Field <paramref name="k"/> of a struct value: the operand of a MakeStruct, else a field read.</summary>
        private static Value FieldOf(IrBuilder builder, Value value, FlatStruct layout, int k)
        {
            if (value is IR.Instruction { Op: Op.MakeStruct } made) return made.Operands[k];
            return builder.LoadField(layout.Fields[k], value, layout.FieldTypes[k]);
        }

        /// <summary>
        /// The value a leaf variable starts with: zero for a local; for an argument, the leaf read
        /// from the parameter (through its nested structs) at the top of the entry block, once,
        /// shared by every later read.
        /// </summary>
        private Value InitialFieldValue(int fieldKey)
        {
            var (key, leaf, type) = _fieldKeyOwners[fieldKey];
            if (key >= _argumentCount) return _function.Const(type, 0);
            Value value = _function.Parameters[key];
            var layout = SplitLayout(key)!;
            var path = "";
            while (true)
            {
                int k = layout.Fields.Count - 1;
                while (layout.LeafStart(k) > leaf) k--;
                path += "." + layout.Fields[k].Name;
                value = EntryFieldRead(key, path, value, layout.Fields[k], layout.FieldTypes[k]);
                if (layout.Nested[k] == null) return value;
                leaf -= layout.LeafStart(k);
                layout = layout.Nested[k]!;
            }
        }

        /// <summary>A field read of a parameter (or of a struct read from it) placed with the others at the top of the entry block.</summary>
        private IR.Instruction EntryFieldRead(int key, string path, Value instance, FieldReference field, IrType type)
        {
            if (_parameterFields.TryGetValue((key, path), out var known)) return known;
            var entry = _function.Blocks[0];
            var load = _function.NewInstruction(type, Op.LoadField, instance);
            load.Field = field;
            load.Origin = _method.Body.Instructions.FirstOrDefault();
            _function.Append(entry, load);
            entry.Instructions.Remove(load);
            entry.Instructions.Insert(_parameterFields.Count, load);
            _parameterFields[(key, path)] = load;
            return load;
        }

        /// <summary>Pushes the address of a split argument (ldarga) or local (ldloca); false for any other variable.</summary>
        private bool TryPushStructAddress(IlInstruction ins, List<Value> stack)
        {
            bool isArgument = ins.OpCode.Code == Code.Ldarga || ins.OpCode.Code == Code.Ldarga_S;
            int key = isArgument ? ArgumentIndex(ins) : LocalKey(Local(ins).Index);
            var layout = SplitLayout(key);
            if (layout == null)
            {
                // The address of a scalar variable (`ref x` handed to an inlined helper): a place
                // whose reads and writes are the variable's own.
                var type = isArgument ? _function.Parameters[key].Type : LocalType(Local(ins), ins);
                if (!type.IsFloat && !type.IsInteger) return false;
                stack.Add(new StructAddress(key, null, StructAddress.WholeVariable, type, ins, isArgument ? ParameterAddressTaken(ins) : LocalAddressTaken(ins)));
                return true;
            }
            if (!isArgument) LocalType(Local(ins), ins);
            stack.Add(new StructAddress(key, layout, 0, IrType.Struct(layout.Type), ins, isArgument ? ParameterAddressTaken(ins) : LocalAddressTaken(ins)));
            return true;
        }

        private static StructAddress? StructAddressAt(List<Value> stack, int fromTop) =>
            stack.Count > fromTop ? stack[stack.Count - 1 - fromTop] as StructAddress : null;

        /// <summary>A managed pointer or object (not an address placeholder) on the stack, <paramref name="fromTop"/> below the top.</summary>
        private static Value? MemoryAt(List<Value> stack, int fromTop)
        {
            if (stack.Count <= fromTop) return null;
            var v = stack[stack.Count - 1 - fromTop];
            return !(v is AddressPlaceholder) && (v.Type.Kind == IrTypeKind.ByRef || v.Type.Kind == IrTypeKind.Object) ? v : null;
        }

        /// <summary>Field reads and writes through a struct variable's address, and whole structs read from or written to memory; false when the instruction is none of these.</summary>
        private bool TryTranslateStructAccess(IlInstruction ins, List<Value> stack, IrBuilder builder)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Ldfld when StructAddressAt(stack, 0) is { Layout: { } } whole:
                    stack.RemoveAt(stack.Count - 1);
                    stack.Add(ReadThrough(builder, whole.OfField(FieldIndex(whole, (FieldReference)ins.Operand, ins))));
                    return true;
                case Code.Ldflda when StructAddressAt(stack, 0) is { Layout: { } } whole:
                    stack.RemoveAt(stack.Count - 1);
                    stack.Add(whole.OfField(FieldIndex(whole, (FieldReference)ins.Operand, ins)));
                    return true;
                case Code.Stfld when StructAddressAt(stack, 1) is { Layout: { } } whole:
                {
                    var field = whole.OfField(FieldIndex(whole, (FieldReference)ins.Operand, ins));
                    var value = Pop(stack, ins);
                    stack.RemoveAt(stack.Count - 1);
                    WriteThrough(builder, field, value);
                    return true;
                }
                case Code.Initobj when StructAddressAt(stack, 0) is { Layout: { } } whole:
                    stack.RemoveAt(stack.Count - 1);
                    for (int leaf = 0; leaf < whole.Layout.LeafCount; leaf++)
                    {
                        var type = whole.Layout.LeafType(leaf);
                        WriteVariable(builder.Block, LeafKey(whole.Key, whole.Offset + leaf, type), _function.Const(type, 0));
                    }
                    return true;
                case Code.Initobj when MemoryAt(stack, 0) is { Type.Kind: IrTypeKind.ByRef } && Layout(stack[stack.Count - 1].Type.ElementClr) is { } layout:
                    // `points[i] = default`: each leaf of the element zeroed.
                    StoreFields(builder, layout, Pop(stack, ins), layout.Zero(builder));
                    return true;
                case Code.Ldfld when MemoryAt(stack, 0) is { } instance && Layout(((FieldReference)ins.Operand).FieldType) is { } layout:
                {
                    // A struct held in an object's field or in a struct in memory (`particles[i].Position`): read leaf by leaf.
                    var field = (FieldReference)ins.Operand;
                    stack.RemoveAt(stack.Count - 1);
                    stack.Add(LoadFields(builder, layout, builder.FieldAddress(field, instance)));
                    return true;
                }
                case Code.Stfld when MemoryAt(stack, 1) is { } instance && Layout(((FieldReference)ins.Operand).FieldType) is { } layout:
                {
                    var field = (FieldReference)ins.Operand;
                    var value = Pop(stack, ins);
                    stack.RemoveAt(stack.Count - 1);
                    StoreFields(builder, layout, builder.FieldAddress(field, instance), value);
                    return true;
                }
            }
            if (!IlMemoryOpcodes.TryGet(ins, _method.Module, out var access, out var elementType)) return false;
            switch (access)
            {
                case MemoryAccess.LoadIndirect when StructAddressAt(stack, 0) is { } address:
                    stack.RemoveAt(stack.Count - 1);
                    stack.Add(ReadThrough(builder, address));
                    return true;
                case MemoryAccess.StoreIndirect when StructAddressAt(stack, 1) is { } address:
                {
                    var value = Pop(stack, ins);
                    stack.RemoveAt(stack.Count - 1);
                    WriteThrough(builder, address, value);
                    return true;
                }
                case MemoryAccess.LoadElement when Layout(elementType) is { } layout:
                {
                    var index = PopIndex(stack, ins);
                    var array = PopArray(stack, ins);
                    stack.Add(LoadFields(builder, layout, builder.ElementAddress(elementType!, array, index)));
                    return true;
                }
                case MemoryAccess.StoreElement when Layout(elementType) is { } layout:
                {
                    var value = Pop(stack, ins);
                    var index = PopIndex(stack, ins);
                    var array = PopArray(stack, ins);
                    StoreFields(builder, layout, builder.ElementAddress(elementType!, array, index), value);
                    return true;
                }
                case MemoryAccess.LoadIndirect when MemoryAt(stack, 0) is { Type.Kind: IrTypeKind.ByRef } && Layout(elementType ?? stack[stack.Count - 1].Type.ElementClr) is { } layout:
                    stack.Add(LoadFields(builder, layout, Pop(stack, ins)));
                    return true;
                case MemoryAccess.StoreIndirect when MemoryAt(stack, 1) is { Type.Kind: IrTypeKind.ByRef } && Layout(elementType ?? stack[stack.Count - 2].Type.ElementClr) is { } layout:
                {
                    var value = Pop(stack, ins);
                    StoreFields(builder, layout, Pop(stack, ins), value);
                    return true;
                }
            }
            return false;
        }

        /// <summary>A whole struct read from memory: each leaf read through the address (nested structs through their field's address).</summary>
        private static Value LoadFields(IrBuilder builder, FlatStruct layout, Value address)
        {
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++)
            {
                fields[k] = layout.Nested[k] is { } nested
                    ? LoadFields(builder, nested, builder.FieldAddress(layout.Fields[k], address))
                    : builder.LoadField(layout.Fields[k], address, layout.FieldTypes[k]);
            }
            return builder.MakeStruct(layout.Type, fields);
        }

        /// <summary>A whole struct written to memory: each leaf written through the address, after all are computed.</summary>
        private void StoreFields(IrBuilder builder, FlatStruct layout, Value address, Value value)
        {
            RequireStruct(value, layout, "memory", builder);
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++) fields[k] = FieldOf(builder, value, layout, k);
            for (int k = 0; k < fields.Length; k++)
            {
                if (layout.Nested[k] is { } nested) StoreFields(builder, nested, builder.FieldAddress(layout.Fields[k], address), fields[k]);
                else builder.StoreField(layout.Fields[k], address, fields[k]);
            }
        }

        private string LocalOrParameter(StructAddress address) =>
            address.Key < _argumentCount ? $"parameter '{_function.Parameters[address.Key].ParameterName}'" : CSharpNames.Local(_method, _method.Body.Variables[address.Key - _argumentCount]);

        private static int FieldIndex(StructAddress address, FieldReference field, IlInstruction ins)
        {
            int k = address.Layout!.IndexOf(field);
            if (k < 0) throw new DiagnosticException(DiagnosticCatalog.InvalidIl, $"{CSharpNames.Type(address.Layout.Type)} has no field '{field.Name}'", ins);
            return k;
        }
    }
}
