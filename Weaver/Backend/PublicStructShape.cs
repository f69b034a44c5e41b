using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// How a framework struct with private fields (Complex's <c>m_real</c>, PointF's <c>x</c>) is
    /// built and read through its public API, proved from its implementation's IL: a public
    /// constructor whose body only stores each parameter into one field (<c>new Complex(re, im)</c>),
    /// and per field a public getter whose body only returns it (<c>Real</c>). Null when the IL
    /// does not show both: such a struct cannot cross a derivative's boundary.
    /// </summary>
    public sealed class PublicStructShape
    {
        private PublicStructShape(MethodDefinition constructor, int[] parameterOfField, MethodDefinition[] getters)
        {
            Constructor = constructor;
            ParameterOfField = parameterOfField;
            Getters = getters;
        }

        /// <summary>The constructor that sets every field from its parameters.</summary>
        public MethodDefinition Constructor { get; }

        /// <summary>For field k (declaration order), the constructor parameter stored into it.</summary>
        public IReadOnlyList<int> ParameterOfField { get; }

        /// <summary>For field k, the public getter that returns it.</summary>
        public IReadOnlyList<MethodDefinition> Getters { get; }

        public static PublicStructShape? Of(TypeDefinition type)
        {
            var fields = type.Fields.Where(f => !f.IsStatic).ToList();
            var getters = new MethodDefinition[fields.Count];
            for (int k = 0; k < fields.Count; k++)
            {
                getters[k] = type.Methods.FirstOrDefault(m => m.IsPublic && !m.IsStatic && m.IsGetter && m.Parameters.Count == 0 && Returns(m, fields[k]))!;
                if (getters[k] == null) return null;
            }
            foreach (var constructor in type.Methods.Where(m => m.IsConstructor && !m.IsStatic && m.IsPublic && m.Parameters.Count == fields.Count))
            {
                var map = StoresParameters(constructor, fields);
                if (map != null) return new PublicStructShape(constructor, map, getters);
            }
            return null;
        }

        private static List<Instruction> Code(MethodDefinition m) =>
            m.HasBody ? m.Body.Instructions.Where(i => i.OpCode.Code != Mono.Cecil.Cil.Code.Nop).ToList() : new List<Instruction>();

        /// <summary>ldarg.0; ldfld field; ret.</summary>
        private static bool Returns(MethodDefinition getter, FieldDefinition field)
        {
            var code = Code(getter);
            return code.Count == 3 && code[0].OpCode.Code == Mono.Cecil.Cil.Code.Ldarg_0
                && code[1].OpCode.Code == Mono.Cecil.Cil.Code.Ldfld && ((FieldReference)code[1].Operand).Name == field.Name
                && code[2].OpCode.Code == Mono.Cecil.Cil.Code.Ret;
        }

        /// <summary>The parameter each field receives, when the body is (ldarg.0; ldarg k; stfld f)* ret with every field and parameter once; null otherwise.</summary>
        private static int[]? StoresParameters(MethodDefinition constructor, List<FieldDefinition> fields)
        {
            var code = Code(constructor);
            if (code.Count != 3 * fields.Count + 1 || code[code.Count - 1].OpCode.Code != Mono.Cecil.Cil.Code.Ret) return null;
            var map = Enumerable.Repeat(-1, fields.Count).ToArray();
            for (int s = 0; s < fields.Count; s++)
            {
                var (self, argument, store) = (code[3 * s], code[3 * s + 1], code[3 * s + 2]);
                if (self.OpCode.Code != Mono.Cecil.Cil.Code.Ldarg_0 || store.OpCode.Code != Mono.Cecil.Cil.Code.Stfld) return null;
                int field = fields.FindIndex(f => f.Name == ((FieldReference)store.Operand).Name);
                int parameter = ParameterIndex(argument);
                if (field < 0 || parameter < 0 || map[field] >= 0 || map.Contains(parameter)) return null;
                if (constructor.Parameters[parameter].ParameterType.FullName != fields[field].FieldType.FullName) return null;
                map[field] = parameter;
            }
            return map;
        }

        private static int ParameterIndex(Instruction ldarg) => ldarg.OpCode.Code switch
        {
            Mono.Cecil.Cil.Code.Ldarg_1 => 0,
            Mono.Cecil.Cil.Code.Ldarg_2 => 1,
            Mono.Cecil.Cil.Code.Ldarg_3 => 2,
            Mono.Cecil.Cil.Code.Ldarg_S or Mono.Cecil.Cil.Code.Ldarg => ((ParameterDefinition)ldarg.Operand).Index,
            _ => -1,
        };
    }
}
