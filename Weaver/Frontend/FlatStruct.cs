using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// A struct whose instance fields are all float or double (a user Point, System.Numerics
    /// Vector2/3/4): the frontend keeps such a value as one SSA value per field, so a local of
    /// this type, its fields written one at a time, becomes plain scalars (scalar replacement).
    /// Field references are made on the type reference the user's IL names, so the woven code
    /// points where the user's code points (not at the implementation assembly).
    /// </summary>
    public sealed class FlatStruct
    {
        private FlatStruct(TypeReference type, IReadOnlyList<FieldReference> fields, IReadOnlyList<IrType> types)
        {
            Type = type;
            Fields = fields;
            FieldTypes = types;
        }

        public TypeReference Type { get; }

        /// <summary>The instance fields in declaration order (the order MakeStruct takes them in).</summary>
        public IReadOnlyList<FieldReference> Fields { get; }

        public IReadOnlyList<IrType> FieldTypes { get; }

        /// <summary>The field's position, or -1 when <paramref name="field"/> is not one of this struct's.</summary>
        public int IndexOf(FieldReference field)
        {
            for (int k = 0; k < Fields.Count; k++)
            {
                if (Fields[k].Name == field.Name) return k;
            }
            return -1;
        }

        /// <summary>The layout of <paramref name="type"/>, or null when it is not a struct of float and double fields only.</summary>
        public static FlatStruct? Of(TypeReference type, ModuleDefinition module)
        {
            if (!(IrType.FromClr(type) is { Kind: IrTypeKind.Struct } ir) || !ir.IsScalarStructValue || type is GenericInstanceType) return null;
            var definition = type.TryResolve();
            if (definition == null) return null;
            var fields = new List<FieldReference>();
            var types = new List<IrType>();
            foreach (var f in definition.Fields.Where(f => !f.IsStatic))
            {
                switch (f.FieldType.MetadataType)
                {
                    case MetadataType.Single:
                        fields.Add(new FieldReference(f.Name, module.TypeSystem.Single, type));
                        types.Add(IrType.Float32);
                        break;
                    case MetadataType.Double:
                        fields.Add(new FieldReference(f.Name, module.TypeSystem.Double, type));
                        types.Add(IrType.Float64);
                        break;
                    default:
                        return null; // a nested struct: kept whole
                }
            }
            return new FlatStruct(type, fields, types);
        }
    }
}
