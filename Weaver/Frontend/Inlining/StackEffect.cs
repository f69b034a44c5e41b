using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    /// <summary>
    /// How many values an IL instruction pops and pushes, from its opcode's stack behaviour and,
    /// for calls, its callee's signature; null where that is not fixed (calli, ret, an unknown
    /// form). Used to find which instruction pushed a given argument of a call.
    /// </summary>
    public static class StackEffect
    {
        public static (int Pops, int Pushes)? Of(Instruction ins)
        {
            var code = ins.OpCode.Code;
            if (code == Code.Call || code == Code.Callvirt || code == Code.Newobj)
            {
                var m = (MethodReference)ins.Operand;
                int pops = m.Parameters.Count + (m.HasThis && code != Code.Newobj ? 1 : 0);
                int pushes = code == Code.Newobj || m.ReturnType.MetadataType != MetadataType.Void ? 1 : 0;
                return (pops, pushes);
            }
            var pop = Pops(ins.OpCode.StackBehaviourPop);
            var push = Pushes(ins.OpCode.StackBehaviourPush);
            if (pop == null || push == null) return null;
            return (pop.Value, push.Value);
        }

        private static int? Pops(StackBehaviour b) => b switch
        {
            StackBehaviour.Pop0 => 0,
            StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
            StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8 or
            StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
            StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or
            StackBehaviour.Popref_popi_popr4 or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
            _ => null,
        };

        private static int? Pushes(StackBehaviour b) => b switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1 or StackBehaviour.Pushi or StackBehaviour.Pushi8 or StackBehaviour.Pushr4 or
            StackBehaviour.Pushr8 or StackBehaviour.Pushref => 1,
            StackBehaviour.Push1_push1 => 2,
            _ => null,
        };
    }
}
