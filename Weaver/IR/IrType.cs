using Mono.Cecil;

namespace AutoDiff.Weaver.IR
{
    /// <summary>The kinds of value the IR knows. Small integer types widen to Int32, as on the IL stack.</summary>
    public enum IrTypeKind
    {
        Void,
        Int32,
        Int64,
        NativeInt,
        Float32,
        Float64,
        /// <summary>An object reference (class, array, string, boxed value); <see cref="IrType.Clr"/> says which.</summary>
        Object,
        /// <summary>A managed pointer (IL &amp;): a ref/in/out parameter, ldelema, ldflda. <see cref="IrType.Clr"/> is the ByReferenceType.</summary>
        ByRef,
        /// <summary>An unmanaged pointer (T*); <see cref="IrType.Clr"/> is the PointerType. Adding an integer to it gives a pointer.</summary>
        Pointer,
        /// <summary>A value type the IR treats as opaque (never active), such as the ValueTuple a derivative returns.</summary>
        Struct,
    }

    /// <summary>
    /// The type of an IR value. Scalars are shared singletons; reference types carry the Cecil type.
    /// Only Float32 and Float64 values can be active.
    /// </summary>
    public sealed class IrType
    {
        private IrType(IrTypeKind kind, TypeReference? clr)
        {
            Kind = kind;
            Clr = clr;
        }

        public static readonly IrType Void = new IrType(IrTypeKind.Void, null);
        public static readonly IrType Int32 = new IrType(IrTypeKind.Int32, null);
        public static readonly IrType Int64 = new IrType(IrTypeKind.Int64, null);
        public static readonly IrType NativeInt = new IrType(IrTypeKind.NativeInt, null);
        public static readonly IrType Float32 = new IrType(IrTypeKind.Float32, null);
        public static readonly IrType Float64 = new IrType(IrTypeKind.Float64, null);

        public static IrType Object(TypeReference clr) => new IrType(IrTypeKind.Object, clr);

        public static IrType Struct(TypeReference clr) => new IrType(IrTypeKind.Struct, clr);

        public static IrType ByRef(TypeReference elementType) => new IrType(IrTypeKind.ByRef, new ByReferenceType(elementType));

        public static IrType Pointer(TypeReference elementType) => new IrType(IrTypeKind.Pointer, new PointerType(elementType));

        /// <summary>
        /// A struct whose instance fields are all float, double or such structs (a user Point,
        /// System.Numerics.Vector3): a value that can carry a derivative per field.
        /// </summary>
        public static bool IsScalarStruct(TypeDefinition type) => IsScalarStruct(type, 0);

        /// <summary>As <see cref="IsScalarStruct(TypeDefinition)"/>, for a reference that may be a generic instance (<c>Pair&lt;double&gt;</c>).</summary>
        public static bool IsScalarStruct(TypeReference type, int depth = 0)
        {
            if (depth > 8) return false;
            var definition = type.TryResolve();
            if (definition == null || !definition.IsValueType || definition.IsEnum) return false;
            var any = false;
            foreach (var f in definition.Fields)
            {
                if (f.IsStatic) continue;
                any = true;
                var t = f.FieldTypeIn(type);
                if (t.MetadataType == MetadataType.Single || t.MetadataType == MetadataType.Double) continue;
                if (!(t.MetadataType is MetadataType.ValueType or MetadataType.GenericInstance) || t.FullName == type.FullName || !IsScalarStruct(t, depth + 1)) return false;
            }
            return any;
        }

        /// <summary>True for a <see cref="IsScalarStruct"/> value: it carries a derivative per field.</summary>
        public bool IsScalarStructValue => Kind == IrTypeKind.Struct && !IsSpan(Clr!) && IsScalarStruct(Clr!);

        /// <summary>Float values and scalar structs: the values that can be active.</summary>
        public bool IsDifferentiable => IsFloat || IsScalarStructValue;

        /// <summary>What an array, managed pointer or span holds (the element type); null for other types.</summary>
        public TypeReference? ElementClr => Clr switch
        {
            ByReferenceType r => r.ElementType,
            PointerType p => p.ElementType,
            ArrayType a => a.ElementType,
            GenericInstanceType g when IsSpan(g) => g.GenericArguments[0],
            _ => null,
        };

        /// <summary>True for System.Span&lt;T&gt; and System.ReadOnlySpan&lt;T&gt; (an instance, or the open type).</summary>
        public static bool IsSpan(TypeReference type)
        {
            var open = type is GenericInstanceType g ? g.ElementType : type;
            return open.Namespace == "System" && (open.Name == "Span`1" || open.Name == "ReadOnlySpan`1") && open.DeclaringType == null;
        }

        public IrTypeKind Kind { get; }

        /// <summary>The Cecil type of an <see cref="IrTypeKind.Object"/> value; null for scalars.</summary>
        public TypeReference? Clr { get; }

        public bool IsFloat => Kind == IrTypeKind.Float32 || Kind == IrTypeKind.Float64;

        public bool IsInteger => Kind == IrTypeKind.Int32 || Kind == IrTypeKind.Int64 || Kind == IrTypeKind.NativeInt;

        public bool IsVoid => Kind == IrTypeKind.Void;

        public bool SameAs(IrType other) =>
            Kind == other.Kind && (Clr == null || Clr.FullName == other.Clr!.FullName);

        public override string ToString() => Kind switch
        {
            IrTypeKind.Void => "void",
            IrTypeKind.Int32 => "i32",
            IrTypeKind.Int64 => "i64",
            IrTypeKind.NativeInt => "nint",
            IrTypeKind.Float32 => "f32",
            IrTypeKind.Float64 => "f64",
            IrTypeKind.Struct => "struct<" + Clr!.FullName + ">",
            IrTypeKind.ByRef => "ref<" + ElementClr!.FullName + ">",
            IrTypeKind.Pointer => "ptr<" + ElementClr!.FullName + ">",
            _ => "obj<" + Clr!.FullName + ">",
        };

        /// <summary>
        /// The IR type of a value of the given Cecil type once it is on the evaluation stack, or
        /// null for types the IR does not model yet (pointers, value types other than primitives,
        /// enums and spans). Span&lt;T&gt; and ReadOnlySpan&lt;T&gt; are opaque Struct values. Custom
        /// modifiers are looked through.
        /// </summary>
        public static IrType? FromClr(TypeReference type)
        {
            switch (type.MetadataType)
            {
                case MetadataType.Void: return Void;
                case MetadataType.Boolean:
                case MetadataType.Char:
                case MetadataType.SByte:
                case MetadataType.Byte:
                case MetadataType.Int16:
                case MetadataType.UInt16:
                case MetadataType.Int32:
                case MetadataType.UInt32:
                    return Int32;
                case MetadataType.Int64:
                case MetadataType.UInt64:
                    return Int64;
                case MetadataType.IntPtr:
                case MetadataType.UIntPtr:
                    return NativeInt;
                case MetadataType.Single: return Float32;
                case MetadataType.Double: return Float64;
                case MetadataType.String:
                case MetadataType.Object:
                case MetadataType.Class:
                case MetadataType.Array:
                    return Object(type);
                case MetadataType.ValueType:
                    var def = type.TryResolve();
                    if (def != null && def.IsEnum)
                    {
                        foreach (var f in def.Fields)
                        {
                            if (!f.IsStatic) return FromClr(f.FieldType);
                        }
                    }
                    return def != null && IsScalarStruct(def) ? Struct(type) : null;
                case MetadataType.GenericInstance:
                    if (IsSpan(type)) return Struct(type);
                    if (!type.IsValueTypeResolved()) return Object(type);
                    return IsScalarStruct(type) ? Struct(type) : null;
                case MetadataType.Pointer:
                    return IrType.Pointer(((PointerType)type).ElementType);
                case MetadataType.ByReference:
                    return IrType.ByRef(((ByReferenceType)type).ElementType);
                case MetadataType.RequiredModifier:
                case MetadataType.OptionalModifier:
                    // modreq/modopt (such as the InAttribute around an `in` parameter of a virtual
                    // method) change nothing about the value.
                    return FromClr(((IModifierType)type).ElementType);
                default:
                    return null;
            }
        }
    }
}
