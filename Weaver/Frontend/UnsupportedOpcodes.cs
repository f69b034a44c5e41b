using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// What an IL opcode the frontend does not read stands for in C#, for the AD2001 message.
    /// Opcodes the frontend reads (arrays, fields, ldstr, newobj, throw...) are not listed.
    /// </summary>
    public static class UnsupportedOpcodes
    {
        public static string Describe(Code code)
        {
            switch (code)
            {
                case Code.Ldsflda: return "taking a reference to a static field";
                case Code.Stsfld: return "writing a static field";
                case Code.Rethrow: return "rethrowing an exception";
                case Code.Box: return "converting a value to object or an interface (boxing)";
                case Code.Unbox: case Code.Unbox_Any: return "converting an object back to a value type (unboxing)";
                case Code.Castclass: return "a cast to a reference type";
                case Code.Isinst: return "an 'is' or 'as' type test";
                case Code.Ldftn: case Code.Ldvirtftn: return "creating a delegate or function pointer";
                case Code.Calli: return "a call through a function pointer";
                case Code.Jmp: return "a jump to another method";
                case Code.Localloc: return "stackalloc";
                case Code.Initobj: return "default(T) of a struct or generic type";
                case Code.Cpobj: return "copying a struct through a reference";
                case Code.Ldtoken: return "typeof or another metadata token";
                case Code.Sizeof: return "sizeof";
                case Code.Ckfinite: return "checking that a float is finite";
                case Code.Mkrefany: case Code.Refanytype: case Code.Refanyval: case Code.Arglist:
                    return "__makeref, __reftype, __refvalue or __arglist";
                case Code.Cpblk: case Code.Initblk: return "a block copy or fill (Unsafe.CopyBlock, Unsafe.InitBlock)";
                case Code.Constrained: return "a call on a generic type parameter";
                case Code.Tail: return "a tail call";
                case Code.Volatile: return "a volatile memory access";
                case Code.Unaligned: return "an unaligned memory access";
                case Code.Leave: case Code.Leave_S: case Code.Endfinally: case Code.Endfilter:
                    return "leaving a try, catch or finally block";
                case Code.Break: return "a debugger break";
            }
            return "an operation the weaver cannot differentiate";
        }
    }
}
