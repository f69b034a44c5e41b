using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Constructors that leave every field zero or null: they store nothing but zeros and nulls
    /// (what `= null!` or `= 0` initializers compile to) and call a base constructor that does
    /// the same, up to System.Object's. The same call with no arguments makes an object's
    /// shadow. Anything else is work the weaver does not follow. Reads; changes nothing.
    /// </summary>
    public static class TrivialConstructors
    {
        public static bool Is(MethodReference constructor)
        {
            for (int depth = 0; depth < 64; depth++)
            {
                if (constructor.DeclaringType.FullName == "System.Object") return true;
                var definition = constructor.TryResolve();
                if (definition == null || !definition.IsConstructor || definition.IsStatic || definition.HasParameters || !definition.HasBody) return false;
                var body = definition.Body.Instructions.Where(i => i.OpCode.Code != Code.Nop).ToList();
                var next = BaseCall(body);
                if (next == null) return false;
                constructor = next;
            }
            return false;
        }

        /// <summary>The base constructor a body calls, when the body is only zero stores, that call and ret; else null.</summary>
        private static MethodReference? BaseCall(List<Mono.Cecil.Cil.Instruction> body)
        {
            MethodReference? baseCall = null;
            int k = 0;
            while (k < body.Count && body[k].OpCode.Code == Code.Ldarg_0)
            {
                if (k + 2 < body.Count && IsZero(body[k + 1]) && body[k + 2].OpCode.Code == Code.Stfld)
                {
                    k += 3;
                    continue;
                }
                if (baseCall == null && k + 1 < body.Count && body[k + 1].OpCode.Code == Code.Call &&
                    body[k + 1].Operand is MethodReference m && m.Name == ".ctor" && !m.HasParameters)
                {
                    baseCall = m;
                    k += 2;
                    continue;
                }
                return null;
            }
            return k == body.Count - 1 && body[k].OpCode.Code == Code.Ret ? baseCall : null;
        }

        private static bool IsZero(Mono.Cecil.Cil.Instruction i) => i.OpCode.Code switch
        {
            Code.Ldnull or Code.Ldc_I4_0 => true,
            Code.Ldc_I4 or Code.Ldc_I4_S => System.Convert.ToInt64(i.Operand) == 0,
            Code.Ldc_I8 => (long)i.Operand == 0,
            Code.Ldc_R4 => (float)i.Operand == 0,
            Code.Ldc_R8 => (double)i.Operand == 0,
            _ => false,
        };
    }
}
