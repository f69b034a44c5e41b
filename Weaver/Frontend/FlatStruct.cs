using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// A struct whose instance fields are float, double or (nested) such structs: a user Point,
    /// System.Numerics Vector2/3/4, a Particle holding two Vector3s. The frontend keeps such a
    /// value as one SSA value per leaf (scalar field, depth first), so a local of this type,
    /// written one field at a time, becomes plain scalars (scalar replacement of aggregates).
    /// Field references are made on the type reference the user's IL names, so the woven code
    /// points where the user's code points (not at the implementation assembly).
    /// </summary>
    public sealed class FlatStruct
    {
        private readonly int[] _leafStart;

        private FlatStruct(TypeReference type, List<FieldReference> fields, List<IrType> types, List<FlatStruct?> nested)
        {
            Type = type;
            Fields = fields;
            FieldTypes = types;
            Nested = nested;
            _leafStart = new int[fields.Count];
            int leaves = 0;
            for (int k = 0; k < fields.Count; k++)
            {
                _leafStart[k] = leaves;
                leaves += nested[k]?.LeafCount ?? 1;
            }
            LeafCount = leaves;
        }

        public TypeReference Type { get; }

        /// <summary>The instance fields in declaration order (the order MakeStruct takes them in).</summary>
        public IReadOnlyList<FieldReference> Fields { get; }

        /// <summary>Each field's IR type: Float32, Float64, or the Struct of a nested flat struct.</summary>
        public IReadOnlyList<IrType> FieldTypes { get; }

        /// <summary>Each field's layout when it is a nested struct; null for a scalar field.</summary>
        public IReadOnlyList<FlatStruct?> Nested { get; }

        /// <summary>How many scalar leaves the struct has, nested structs counted through.</summary>
        public int LeafCount { get; }

        /// <summary>The number of the first leaf of field <paramref name="k"/> (its only leaf for a scalar field).</summary>
        public int LeafStart(int k) => _leafStart[k];

        /// <summary>The IR type of leaf <paramref name="leaf"/>.</summary>
        public IrType LeafType(int leaf)
        {
            for (int k = Fields.Count - 1; k >= 0; k--)
            {
                if (leaf < _leafStart[k]) continue;
                return Nested[k]?.LeafType(leaf - _leafStart[k]) ?? FieldTypes[k];
            }
            throw new System.ArgumentOutOfRangeException(nameof(leaf));
        }

        /// <summary>The field's position, or -1 when <paramref name="field"/> is not one of this struct's.</summary>
        public int IndexOf(FieldReference field)
        {
            for (int k = 0; k < Fields.Count; k++)
            {
                if (Fields[k].Name == field.Name) return k;
            }
            return -1;
        }

        /// <summary>The struct with every leaf zero, built with <paramref name="b"/>.</summary>
        public Value Zero(IrBuilder b)
        {
            var fields = new Value[Fields.Count];
            for (int k = 0; k < fields.Length; k++) fields[k] = Nested[k]?.Zero(b) ?? b.Const(FieldTypes[k], 0);
            return b.MakeStruct(Type, fields);
        }

        /// <summary>True when <paramref name="value"/> is a value of this struct type.</summary>
        public bool Holds(Value value) => value.Type.Kind == IrTypeKind.Struct && value.Type.Clr?.FullName == Type.FullName;

        /// <summary>The layout of <paramref name="type"/>, or null when it is not a struct of float, double and such structs only.</summary>
        public static FlatStruct? Of(TypeReference type, ModuleDefinition module) => Of(type, module, 0);

        private static FlatStruct? Of(TypeReference type, ModuleDefinition module, int depth)
        {
            if (depth > 8 || !(IrType.FromClr(type) is { Kind: IrTypeKind.Struct } ir) || !ir.IsScalarStructValue) return null;
            var definition = type.TryResolve();
            if (definition == null) return null;
            var fields = new List<FieldReference>();
            var types = new List<IrType>();
            var nested = new List<FlatStruct?>();
            foreach (var f in definition.Fields.Where(f => !f.IsStatic))
            {
                // A field of a generic instance is named with its open type (ldfld !0 Pair<double>::A).
                var open = type is GenericInstanceType ? f.FieldType : null;
                switch (f.FieldTypeIn(type).MetadataType)
                {
                    case MetadataType.Single:
                        fields.Add(new FieldReference(f.Name, open ?? module.TypeSystem.Single, type));
                        types.Add(IrType.Float32);
                        nested.Add(null);
                        break;
                    case MetadataType.Double:
                        fields.Add(new FieldReference(f.Name, open ?? module.TypeSystem.Double, type));
                        types.Add(IrType.Float64);
                        nested.Add(null);
                        break;
                    default:
                    {
                        var inner = Of(f.FieldTypeIn(type), module, depth + 1);
                        if (inner == null) return null;
                        var fieldType = module.ImportReference(f.FieldTypeIn(type));
                        fields.Add(new FieldReference(f.Name, open ?? fieldType, type));
                        types.Add(IrType.Struct(fieldType));
                        nested.Add(inner);
                        break;
                    }
                }
            }
            return fields.Count == 0 ? null : new FlatStruct(type, fields, types, nested);
        }
    }
}
