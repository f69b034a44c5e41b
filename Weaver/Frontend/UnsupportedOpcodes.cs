using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>What an IL opcode the frontend does not read stands for in C#, for the AD2001 message.</summary>
    public static class UnsupportedOpcodes
    {
        public static string Describe(Code code)
        {
            switch (code)
            {
                case Code.Ldfld: case Code.Ldflda: return "reading a field";
                case Code.Stfld: return "writing a field";
                case Code.Ldsfld: case Code.Ldsflda: return "reading a static field";
                case Code.Stsfld: return "writing a static field";
                case Code.Newobj: return "creating an object with new";
                case Code.Newarr: return "creating an array";
                case Code.Ldlen: return "reading an array's Length";
                case Code.Ldelema: return "taking a reference to an array element";
                case Code.Throw: case Code.Rethrow: return "throwing an exception";
                case Code.Ldstr: return "a string literal";
                case Code.Box: return "converting a value to object or an interface (boxing)";
                case Code.Unbox: case Code.Unbox_Any: return "converting an object back to a value type (unboxing)";
                case Code.Castclass: return "a cast to a reference type";
                case Code.Isinst: return "an 'is' or 'as' type test";
                case Code.Ldftn: case Code.Ldvirtftn: return "creating a delegate or function pointer";
                case Code.Calli: return "a call through a function pointer";
                case Code.Jmp: return "a jump to another method";
                case Code.Localloc: return "stackalloc";
                case Code.Initobj: return "default(T) of a struct or generic type";
                case Code.Ldobj: case Code.Stobj: case Code.Cpobj: return "copying a struct through a reference";
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
                case Code.Readonly: return "a read-only array element reference";
                case Code.Leave: case Code.Leave_S: case Code.Endfinally: case Code.Endfilter:
                    return "leaving a try, catch or finally block";
                case Code.Break: return "a debugger break";
            }
            var name = code.ToString();
            if (name.StartsWith("Ldelem", System.StringComparison.Ordinal)) return "reading an array element";
            if (name.StartsWith("Stelem", System.StringComparison.Ordinal)) return "writing an array element";
            if (name.StartsWith("Ldind", System.StringComparison.Ordinal)) return "reading through a ref or a pointer";
            if (name.StartsWith("Stind", System.StringComparison.Ordinal)) return "writing through a ref or a pointer";
            return "an operation the weaver cannot differentiate";
        }
    }
}
