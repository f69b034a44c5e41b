using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Which memory values (arrays, managed pointers, objects) have a shadow: the Duplicated/Dual
    /// memory parameters, every local allocation of float memory (new double[n], stackalloc, an
    /// object of a class whose constructor does nothing, new List&lt;double&gt;()), and what is derived from them (an
    /// element's or field's address, a row of a jagged array, an array held in a field or read
    /// through a ref, a phi of them). Derivatives of values in such memory live in the shadow at
    /// the same place. A Const float array parameter that meets shadowed memory (stored into it,
    /// or joined with it in a phi) gets a zeroed shadow of its own on entry, so whatever path
    /// reaches it finds one shadow; its gradient is dropped. A phi that still mixes shadowed and
    /// unshadowed memory cannot be followed and is refused. Reads; changes nothing.
    /// </summary>
    public static class ShadowAnalysis
    {
        public static ShadowInfo Run(Function function, ISet<int> shadowedParameters)
        {
            var shadowed = new HashSet<Value>();
            var zeroShadowed = new HashSet<Parameter>();
            foreach (var p in function.Parameters)
            {
                if (shadowedParameters.Contains(p.Index) && HoldsFloats(p.Type)) shadowed.Add(p);
            }
            // A Const float array that meets shadowed memory gets a zero shadow (see the summary).
            bool GiveZeroShadow(Value v)
            {
                if (v is Parameter p && !shadowed.Contains(p) && IsZeroShadowable(p.Type))
                {
                    zeroShadowed.Add(p);
                    return shadowed.Add(p);
                }
                return false;
            }
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var b in function.Blocks)
                {
                    foreach (var phi in b.Phis)
                    {
                        if (!shadowed.Contains(phi) && HoldsFloats(phi.Type) && phi.Incoming.Any(e => shadowed.Contains(e.Value)))
                        {
                            changed |= shadowed.Add(phi);
                        }
                        if (shadowed.Contains(phi))
                        {
                            foreach (var e in phi.Incoming) changed |= GiveZeroShadow(e.Value);
                        }
                    }
                    foreach (var i in b.Instructions)
                    {
                        if (ActivityAnalysis.IsStore(i.Op) && shadowed.Contains(i.Operands[0])) changed |= GiveZeroShadow(ActivityAnalysis.StoredValue(i));
                        if (shadowed.Contains(i) || !HoldsFloats(i.Type)) continue;
                        var derived = i.Op switch
                        {
                            Op.NewArray => true,
                            Op.NewObj when i.Type.Kind == IrTypeKind.Object => TrivialConstructors.Is(i.Method!) || ListTypes.IsFloatList(i.Type), // a list: `new List<double>()` or `(capacity)`
                            Op.LoadIndirect => shadowed.Contains(i.Operands[0]),
                            Op.StackAlloc => true, // typed T*: `T* p = stackalloc T[n]` (HoldsFloats leaves out the span's native int)
                            Op.ElementAddress => shadowed.Contains(i.Operands[0]),
                            Op.LoadElement => shadowed.Contains(i.Operands[0]),
                            Op.FieldAddress => shadowed.Contains(i.Operands[0]),
                            Op.CallOnValue => shadowed.Contains(i.Operands[0]),
                            Op.Add or Op.Sub => i.Type.Kind == IrTypeKind.Pointer && i.Operands.Any(shadowed.Contains),
                            Op.Call when Engine.KnownMethods.IsAllocate(i.Method!) => true, // `new C(...)` whose constructor the frontend inlined
                            Op.Call when i.Method!.Name == "ZeroLike" && i.Method.DeclaringType.FullName == "AutoDiff.Shadows" => true, // a zeroed array, in derivative code read again (higher order)
                            Op.Call or Op.NewObj => IsSpanMaker(i) && (i.Operands.Any(shadowed.Contains) || IsStackAllocSpan(i)),
                            Op.LoadField => shadowed.Contains(i.Operands[0]),
                            _ => false,
                        };
                        if (derived) changed |= shadowed.Add(i);
                    }
                }
            }

            foreach (var phi in function.Blocks.SelectMany(b => b.Phis).Where(shadowed.Contains))
            {
                foreach (var e in phi.Incoming)
                {
                    if (shadowed.Contains(e.Value) || e.Value is Constant) continue;
                    throw new DiagnosticException(DiagnosticCatalog.UntrackedMemory,
                        "memory with a derivative (a Duplicated/Dual parameter or a local array) and memory without one meet in one variable; the weaver cannot tell which shadow to use",
                        e.Predecessor.Terminator?.Origin);
                }
            }
            return new ShadowInfo(shadowed, zeroShadowed);
        }

        /// <summary>Memory that can be given a zeroed shadow (AutoDiff.Shadows.ZeroLike): a float or double array, a vector or of rank 2 or 3 (no other rank has a ZeroLike).</summary>
        public static bool IsZeroShadowable(IrType type) =>
            type.Kind == IrTypeKind.Object && type.Clr is ArrayType array && IsFloatElement(array.ElementType) &&
            (array.IsVector || array.Rank > 1 && array.Rank <= Engine.KnownMethods.ZeroLikeRanks);

        /// <summary>A call or constructor that makes a span over memory it is given (AsSpan, new Span(array), the implicit conversions).</summary>
        public static bool IsSpanMaker(Instruction i) =>
            (i.Op == Op.Call || i.Op == Op.NewObj) && i.Type.Kind == IrTypeKind.Struct && IrType.IsSpan(i.Type.Clr!);

        /// <summary>`stackalloc T[n]` as a span: new Span&lt;T&gt;(localloc, n). Its shadow is a second stackalloc of the same size.</summary>
        public static bool IsStackAllocSpan(Instruction i) =>
            i.Op == Op.NewObj && i.Operands.Length == 2 && i.Operands[0] is Instruction { Op: Op.StackAlloc };

        /// <summary>Memory whose contents can carry derivatives: arrays or managed pointers reaching float or double.</summary>
        public static bool HoldsFloats(IrType type) =>
            (type.Kind == IrTypeKind.ByRef || type.Kind == IrTypeKind.Pointer || type.Kind == IrTypeKind.Struct && IrType.IsSpan(type.Clr!)) && HoldsFloats(type.ElementClr!) ||
            type.Kind == IrTypeKind.Object && HoldsFloats(type.Clr!);

        /// <summary>
        /// Float or double itself, or memory that reaches one: an array of them (jagged too), or a
        /// class with such an instance field (its own or inherited).
        /// </summary>
        public static bool HoldsFloats(TypeReference type) => HoldsFloats(type, new HashSet<string>());

        private static bool HoldsFloats(TypeReference type, HashSet<string> seen)
        {
            switch (type.MetadataType)
            {
                case MetadataType.Single:
                case MetadataType.Double:
                    return true;
                case MetadataType.Array:
                    return HoldsFloats(((ArrayType)type).ElementType, seen);
                case MetadataType.ValueType:
                    return IrType.FromClr(type)?.IsScalarStructValue == true;
                case MetadataType.GenericInstance:
                    return ListTypes.IsFloatList(type); // List<double>, List<float>: memory like an array
                case MetadataType.Class:
                    if (!seen.Add(type.FullName)) return false;
                    var definition = type.TryResolve();
                    while (definition != null && definition.FullName != "System.Object")
                    {
                        foreach (var f in definition.Fields)
                        {
                            if (!f.IsStatic && HoldsFloats(f.FieldType, seen)) return true;
                        }
                        definition = definition.BaseType == null ? null : definition.BaseType.TryResolve();
                    }
                    return false;
                default:
                    return false;
            }
        }

        /// <summary>True for a float element type (the memory holds the derivative itself, not more memory).</summary>
        public static bool IsFloatElement(TypeReference? type) =>
            type != null && (type.MetadataType == MetadataType.Single || type.MetadataType == MetadataType.Double);
    }

    public sealed class ShadowInfo
    {
        private readonly HashSet<Value> _shadowed;
        private readonly HashSet<Parameter> _zeroShadowed;

        public ShadowInfo(HashSet<Value> shadowed, HashSet<Parameter> zeroShadowed)
        {
            _shadowed = shadowed;
            _zeroShadowed = zeroShadowed;
        }

        public bool HasShadow(Value v) => _shadowed.Contains(v);

        /// <summary>A Const array parameter whose shadow the derivative allocates, zeroed, on entry (its gradient is dropped).</summary>
        public bool HasZeroShadow(Parameter p) => _zeroShadowed.Contains(p);

        /// <summary>The parameters of <see cref="HasZeroShadow"/>.</summary>
        public IEnumerable<Parameter> ZeroShadowed => _zeroShadowed;

        public static readonly ShadowInfo None = new ShadowInfo(new HashSet<Value>(), new HashSet<Parameter>());
    }
}
