using System;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// The shadow of a span is a Span of the same element type (a ReadOnlySpan's shadow is
    /// writable: derivatives are added into it). A member called on a primal span is called on
    /// its shadow through the same member of the shadow's own span type, which this rebuilds.
    /// </summary>
    public static class SpanShadows
    {
        /// <summary>The member <paramref name="primal"/> (get_Item, get_Length, Slice...) as declared on <paramref name="shadowSpan"/>.</summary>
        public static MethodReference Member(MethodReference primal, TypeReference shadowSpan)
        {
            if (primal.DeclaringType.FullName == shadowSpan.FullName) return primal;
            if (!(shadowSpan is GenericInstanceType instance)) throw new InvalidOperationException($"{shadowSpan.FullName} is not a span instance");
            var open = instance.ElementType;
            while (open.GenericParameters.Count < 1) open.GenericParameters.Add(new GenericParameter(open));
            var t = open.GenericParameters[0];
            TypeReference result = primal.Name switch
            {
                "get_Item" => new ByReferenceType(t),
                // Members of a generic instance keep the open type's signature: Span<T>, not Span<double>.
                "Slice" => new GenericInstanceType(open) { GenericArguments = { t } },
                _ => primal.ReturnType,
            };
            var member = new MethodReference(primal.Name, result, instance) { HasThis = true };
            foreach (var p in primal.Parameters) member.Parameters.Add(new ParameterDefinition(p.ParameterType));
            return member;
        }

        /// <summary>span.Length, as a new instruction appended to <paramref name="into"/> (for code placed by hand, such as entry checks).</summary>
        public static Value Length(Engine.WeaveContext context, Function f, Value span, System.Collections.Generic.List<Instruction> into)
        {
            var getter = new MethodReference("get_Length", context.Module.TypeSystem.Int32, span.Type.Clr!) { HasThis = true };
            var length = f.NewInstruction(IrType.Int32, Op.CallOnValue, span);
            length.Method = getter;
            into.Add(length);
            return length;
        }

        /// <summary>True for the span getters that only read the span itself (not the memory it points to).</summary>
        public static bool IsPureGetter(Instruction i) =>
            i.Op == Op.CallOnValue && i.Method!.Name is "get_Item" or "get_Length" or "get_IsEmpty" or "Slice" &&
            IrType.IsSpan(i.Method.DeclaringType);
    }
}
