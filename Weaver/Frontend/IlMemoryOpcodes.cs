using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>The four ways IL reads or writes one typed memory location.</summary>
    public enum MemoryAccess
    {
        LoadElement,
        StoreElement,
        LoadIndirect,
        StoreIndirect,
    }

    /// <summary>
    /// How IL's typed memory opcodes (ldelem.*, stelem.*, ldind.*, stind.*, ldobj, stobj) name
    /// the type of the location they access: by the opcode (ldelem.r8: double), by a token
    /// (ldelem T, ldobj T), or not at all (the .ref forms: the caller takes it from the
    /// array's or the managed pointer's static type).
    /// </summary>
    public static class IlMemoryOpcodes
    {
        /// <summary>
        /// True for a typed load or store; <paramref name="type"/> is the accessed type, or null
        /// for the .ref forms. Type names come from <paramref name="module"/>'s core library.
        /// </summary>
        public static bool TryGet(Instruction ins, ModuleDefinition module, out MemoryAccess access, out TypeReference? type)
        {
            var types = module.TypeSystem;
            switch (ins.OpCode.Code)
            {
                case Code.Ldelem_I1: return Is(MemoryAccess.LoadElement, types.SByte, out access, out type);
                case Code.Ldelem_U1: return Is(MemoryAccess.LoadElement, types.Byte, out access, out type);
                case Code.Ldelem_I2: return Is(MemoryAccess.LoadElement, types.Int16, out access, out type);
                case Code.Ldelem_U2: return Is(MemoryAccess.LoadElement, types.UInt16, out access, out type);
                case Code.Ldelem_I4: return Is(MemoryAccess.LoadElement, types.Int32, out access, out type);
                case Code.Ldelem_U4: return Is(MemoryAccess.LoadElement, types.UInt32, out access, out type);
                case Code.Ldelem_I8: return Is(MemoryAccess.LoadElement, types.Int64, out access, out type);
                case Code.Ldelem_I: return Is(MemoryAccess.LoadElement, types.IntPtr, out access, out type);
                case Code.Ldelem_R4: return Is(MemoryAccess.LoadElement, types.Single, out access, out type);
                case Code.Ldelem_R8: return Is(MemoryAccess.LoadElement, types.Double, out access, out type);
                case Code.Ldelem_Ref: return Is(MemoryAccess.LoadElement, null, out access, out type);
                case Code.Ldelem_Any: return Is(MemoryAccess.LoadElement, (TypeReference)ins.Operand, out access, out type);

                case Code.Stelem_I1: return Is(MemoryAccess.StoreElement, types.SByte, out access, out type);
                case Code.Stelem_I2: return Is(MemoryAccess.StoreElement, types.Int16, out access, out type);
                case Code.Stelem_I4: return Is(MemoryAccess.StoreElement, types.Int32, out access, out type);
                case Code.Stelem_I8: return Is(MemoryAccess.StoreElement, types.Int64, out access, out type);
                case Code.Stelem_I: return Is(MemoryAccess.StoreElement, types.IntPtr, out access, out type);
                case Code.Stelem_R4: return Is(MemoryAccess.StoreElement, types.Single, out access, out type);
                case Code.Stelem_R8: return Is(MemoryAccess.StoreElement, types.Double, out access, out type);
                case Code.Stelem_Ref: return Is(MemoryAccess.StoreElement, null, out access, out type);
                case Code.Stelem_Any: return Is(MemoryAccess.StoreElement, (TypeReference)ins.Operand, out access, out type);

                case Code.Ldind_I1: return Is(MemoryAccess.LoadIndirect, types.SByte, out access, out type);
                case Code.Ldind_U1: return Is(MemoryAccess.LoadIndirect, types.Byte, out access, out type);
                case Code.Ldind_I2: return Is(MemoryAccess.LoadIndirect, types.Int16, out access, out type);
                case Code.Ldind_U2: return Is(MemoryAccess.LoadIndirect, types.UInt16, out access, out type);
                case Code.Ldind_I4: return Is(MemoryAccess.LoadIndirect, types.Int32, out access, out type);
                case Code.Ldind_U4: return Is(MemoryAccess.LoadIndirect, types.UInt32, out access, out type);
                case Code.Ldind_I8: return Is(MemoryAccess.LoadIndirect, types.Int64, out access, out type);
                case Code.Ldind_I: return Is(MemoryAccess.LoadIndirect, types.IntPtr, out access, out type);
                case Code.Ldind_R4: return Is(MemoryAccess.LoadIndirect, types.Single, out access, out type);
                case Code.Ldind_R8: return Is(MemoryAccess.LoadIndirect, types.Double, out access, out type);
                case Code.Ldind_Ref: return Is(MemoryAccess.LoadIndirect, null, out access, out type);
                case Code.Ldobj: return Is(MemoryAccess.LoadIndirect, (TypeReference)ins.Operand, out access, out type);

                case Code.Stind_I1: return Is(MemoryAccess.StoreIndirect, types.SByte, out access, out type);
                case Code.Stind_I2: return Is(MemoryAccess.StoreIndirect, types.Int16, out access, out type);
                case Code.Stind_I4: return Is(MemoryAccess.StoreIndirect, types.Int32, out access, out type);
                case Code.Stind_I8: return Is(MemoryAccess.StoreIndirect, types.Int64, out access, out type);
                case Code.Stind_I: return Is(MemoryAccess.StoreIndirect, types.IntPtr, out access, out type);
                case Code.Stind_R4: return Is(MemoryAccess.StoreIndirect, types.Single, out access, out type);
                case Code.Stind_R8: return Is(MemoryAccess.StoreIndirect, types.Double, out access, out type);
                case Code.Stind_Ref: return Is(MemoryAccess.StoreIndirect, null, out access, out type);
                case Code.Stobj: return Is(MemoryAccess.StoreIndirect, (TypeReference)ins.Operand, out access, out type);

                default:
                    access = default;
                    type = null;
                    return false;
            }
        }

        private static bool Is(MemoryAccess kind, TypeReference? of, out MemoryAccess access, out TypeReference? type)
        {
            access = kind;
            type = of;
            return true;
        }
    }
}
