using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// Builds a derivative's result: one element is returned as itself; more are packed into the
    /// declaration's ValueTuple type (TRest nested past seven), with the constructor referenced on
    /// the generic instance through its open signature (!0, !1, ...) as the metadata requires.
    /// </summary>
    public static class TupleBuilder
    {
        public static Value Build(IrBuilder b, TypeReference resultType, IReadOnlyList<Value> elements)
        {
            var count = ElementCount(resultType);
            if (elements.Count != count)
            {
                throw new InvalidOperationException($"{resultType.FullName} holds {count} values but {elements.Count} were given");
            }
            if (elements.Count == 1) return elements[0];
            TupleTypes.IsValueTuple(resultType, out var tuple);
            var arity = tuple.GenericArguments.Count;
            var arguments = new List<Value>();
            for (int i = 0; i < arity; i++)
            {
                arguments.Add(i == 7 ? Build(b, tuple.GenericArguments[7], elements.Skip(7).ToList()) : elements[i]);
            }
            return b.NewObj(Constructor(tuple), arguments.ToArray());
        }

        /// <summary>The values a call returning <paramref name="resultType"/> gave, one per element (the value itself when there is one, none for void).</summary>
        public static List<Value> Elements(IrBuilder b, TypeReference resultType, Value result)
        {
            var list = new List<Value>();
            if (resultType.MetadataType == MetadataType.Void) return list;
            if (!TupleTypes.IsValueTuple(resultType, out var tuple))
            {
                list.Add(result);
                return list;
            }
            var open = tuple.ElementType;
            while (open.GenericParameters.Count < tuple.GenericArguments.Count) open.GenericParameters.Add(new GenericParameter(open));
            for (int k = 0; k < tuple.GenericArguments.Count; k++)
            {
                var type = tuple.GenericArguments[k];
                var field = new FieldReference(k == 7 ? "Rest" : "Item" + (k + 1), open.GenericParameters[k], tuple);
                var ir = IrType.FromClr(type) ?? IrType.Struct(type);
                var item = b.LoadField(field, result, ir);
                if (k == 7) list.AddRange(Elements(b, type, item));
                else list.Add(item);
            }
            return list;
        }

        /// <summary>How many values a result of this type holds.</summary>
        public static int ElementCount(TypeReference resultType) => TupleTypes.Elements(resultType).Count;

        private static MethodReference Constructor(GenericInstanceType tuple)
        {
            var module = tuple.Module;
            var open = tuple.ElementType;
            // A type reference read from a signature may not list its generic parameters yet;
            // they only name positions (!0, !1, ...), so adding them changes no metadata row.
            while (open.GenericParameters.Count < tuple.GenericArguments.Count) open.GenericParameters.Add(new GenericParameter(open));
            var ctor = new MethodReference(".ctor", module.TypeSystem.Void, tuple) { HasThis = true };
            for (int i = 0; i < tuple.GenericArguments.Count; i++)
            {
                ctor.Parameters.Add(new ParameterDefinition(open.GenericParameters[i]));
            }
            return ctor;
        }
    }
}
