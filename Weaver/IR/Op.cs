namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// What an <see cref="Instruction"/> computes. Arithmetic ops follow IL's semantics exactly
    /// (result type from the operand types, .un and .ovf variants kept apart) so that lowering
    /// back to IL is one opcode per op.
    /// </summary>
    public enum Op
    {
        // Binary arithmetic: Operands = [a, b].
        Add, Sub, Mul, Div, Rem,
        DivUn, RemUn,
        AddOvf, AddOvfUn, SubOvf, SubOvfUn, MulOvf, MulOvfUn,
        And, Or, Xor, Shl, Shr, ShrUn,

        // Unary arithmetic: Operands = [a].
        Neg, Not,

        /// <summary>Numeric conversion; <see cref="Instruction.Conversion"/> says which (IL's conv.* family).</summary>
        Conv,

        /// <summary>Comparison giving 0 or 1 (Int32); <see cref="Instruction.Compare"/> says which.</summary>
        Compare,

        /// <summary>Operands = [condition (Int32), ifTrue, ifFalse]: ifTrue when condition != 0.</summary>
        Select,

        /// <summary>Static or non-virtual call; <see cref="Instruction.Method"/> is the callee, Operands are its arguments.</summary>
        Call,

        /// <summary>Virtual call (IL callvirt); as <see cref="Call"/>.</summary>
        CallVirt,

        /// <summary>
        /// Constructs a value type (result Struct) or allocates a class instance (result Object) (IL
        /// newobj); <see cref="Instruction.Method"/> is the constructor, Operands its arguments.
        /// </summary>
        NewObj,

        /// <summary>Reads <see cref="Instruction.Variable"/>. No operands.</summary>
        LoadVar,

        /// <summary>Writes Operands[0] into <see cref="Instruction.Variable"/>. Type void.</summary>
        StoreVar,

        /// <summary>
        /// Calls the instance method <see cref="Instruction.Method"/> on the value-type variable
        /// <see cref="Instruction.Variable"/> by address (ldloca; args; call): how derivatives drive
        /// a struct they own, such as the tape. Operands are the other arguments.
        /// </summary>
        CallOnVariable,

        /// <summary>
        /// Calls the instance method <see cref="Instruction.Method"/> of a value type on a copy of
        /// the struct value Operands[0] (its address is the call's <c>this</c>); Operands[1..] are
        /// the other arguments, and the result type is given explicitly. How a span is read:
        /// <c>span[i]</c> (get_Item, a ByRef into the span's memory), <c>Length</c>,
        /// <c>IsEmpty</c>, <c>Slice</c>. Always kept in place and in order (it may throw, and a
        /// ByRef it returns points into memory).
        /// </summary>
        CallOnValue,

        // Memory. TypeOperand is the element type (ldelem/stelem/ldelema/ldobj/stobj's token).
        //
        // Arrays of rank 2 and up (double[,], float[,,]) use the same element ops with one index
        // per dimension, in order (Instruction.Indices): IL reaches their elements through the
        // runtime's T[,]::Get, Set and Address calls and makes them with newobj T[,]::.ctor, one
        // IR op each, as ldelem, stelem, ldelema and newarr are. Why not one flattened index
        // (i·n₁ + j): IL has no way to use it without unsafe code that drops the bounds checks of
        // each dimension and the array's lower bounds, so the derivative would not fail where the
        // primal fails; and with the indices kept, every pass that tells slots apart by their
        // operands (RemoveRedundantLoads, ShadowSlotForwarding, the reverse sweep's shadow
        // addresses) sees a[i, j] and a[j, i] as the different slots they are.

        /// <summary>
        /// new T[Operands[0]] (IL newarr), or new T[Operands[0], Operands[1], ...] (newobj
        /// T[,]::.ctor) with one length per dimension; T = <see cref="Instruction.TypeOperand"/>.
        /// Result: the array (Object).
        /// </summary>
        NewArray,

        /// <summary>
        /// The length of the vector Operands[0] (IL ldlen): NativeInt. Typed Int32: with one operand,
        /// the element count of an array of any rank (Array.Length); with Operands = [array,
        /// dimension], the length of that dimension (Array.GetLength).
        /// </summary>
        ArrayLength,

        /// <summary>Operands = [array, index...]: the element (IL ldelem T; T[,]::Get).</summary>
        LoadElement,

        /// <summary>Operands = [array, index..., value] (IL stelem T; T[,]::Set). Void.</summary>
        StoreElement,

        /// <summary>Operands = [array, index...]: a managed pointer to the element (IL ldelema T; T[,]::Address). ByRef.</summary>
        ElementAddress,

        /// <summary>Operands = [address]: the value it points to (IL ldobj T / ldind.*).</summary>
        LoadIndirect,

        /// <summary>Operands = [address, value] (IL stobj T / stind.*). Void.</summary>
        StoreIndirect,

        /// <summary>Operands = [object]: its field <see cref="Instruction.Field"/> (IL ldfld).</summary>
        LoadField,

        /// <summary>Operands = [object, value] (IL stfld). Void.</summary>
        StoreField,

        /// <summary>Operands = [object]: a managed pointer to its field (IL ldflda). ByRef.</summary>
        FieldAddress,

        /// <summary>The static field <see cref="Instruction.Field"/> (IL ldsfld). No operands. Never active.</summary>
        LoadStaticField,

        /// <summary>The string constant <see cref="Instruction.Text"/> (IL ldstr). Object.</summary>
        LoadString,

        /// <summary>A value of the scalar struct <see cref="Instruction.TypeOperand"/> built from its instance fields, in declaration order (Operands).</summary>
        MakeStruct,

        /// <summary>
        /// Operands[0] bytes on the stack frame, zeroed (IL localloc in a localsinit method). A T*
        /// (Pointer) when the IL keeps it in a T* local, so it is memory like a pointer parameter;
        /// otherwise a NativeInt that only a span constructor may take.
        /// </summary>
        StackAlloc,
    }

    /// <summary>Comparisons. The Un forms are IL's: unsigned for integers, unordered (true on NaN) for floats.</summary>
    public enum CompareKind
    {
        Eq, NeUn,
        Lt, LtUn, Le, LeUn,
        Gt, GtUn, Ge, GeUn,
    }

    /// <summary>IL's numeric conversions (the target, and whether the source is read as unsigned or checked).</summary>
    public enum ConversionKind
    {
        I1, U1, I2, U2, I4, U4, I8, U8, I, U,
        R4, R8, RUn,
        OvfI1, OvfU1, OvfI2, OvfU2, OvfI4, OvfU4, OvfI8, OvfU8, OvfI, OvfU,
        OvfI1Un, OvfU1Un, OvfI2Un, OvfU2Un, OvfI4Un, OvfU4Un, OvfI8Un, OvfU8Un, OvfIUn, OvfUUn,
    }

    public static class OpFacts
    {
        public static bool IsBinary(Op op) => op <= Op.ShrUn;

        public static bool IsUnary(Op op) => op == Op.Neg || op == Op.Not;

        public static bool IsCall(Op op) => op == Op.Call || op == Op.CallVirt;

        /// <summary>Ops that read memory: they may not move past a store (or past anything that may throw).</summary>
        public static bool ReadsMemory(Op op) =>
            op is Op.LoadElement or Op.LoadIndirect or Op.LoadField or Op.LoadStaticField or Op.ArrayLength;

        /// <summary>
        /// Computed again from the same operands, <paramref name="i"/> gives the same bits, cannot
        /// throw (once it did not) and reads no memory that can change: integer and IEEE arithmetic
        /// without overflow checks (integer division excepted), comparisons, conversions that do not
        /// check, an array's length. What the reverse sweep, fused loops and trip counts may compute
        /// again instead of keeping.
        /// </summary>
        public static bool RecomputesExactly(Instruction i) => i.Op switch
        {
            Op.Add or Op.Sub or Op.Mul or Op.Neg or Op.And or Op.Or or Op.Xor or Op.Shl or Op.Shr or Op.ShrUn or Op.Not or Op.Compare => true,
            Op.Div => i.Type.IsFloat,
            Op.Conv => i.Conversion < ConversionKind.OvfI1,
            Op.ArrayLength => true,
            _ => false,
        };

        /// <summary>Ops that write memory.</summary>
        public static bool WritesMemory(Op op) => op is Op.StoreElement or Op.StoreIndirect or Op.StoreField;

        /// <summary>The IR type a conversion produces.</summary>
        public static IrType ResultOf(ConversionKind kind)
        {
            switch (kind)
            {
                case ConversionKind.R4: return IrType.Float32;
                case ConversionKind.R8:
                case ConversionKind.RUn: return IrType.Float64;
                case ConversionKind.I8:
                case ConversionKind.U8:
                case ConversionKind.OvfI8:
                case ConversionKind.OvfU8:
                case ConversionKind.OvfI8Un:
                case ConversionKind.OvfU8Un: return IrType.Int64;
                case ConversionKind.I:
                case ConversionKind.U:
                case ConversionKind.OvfI:
                case ConversionKind.OvfU:
                case ConversionKind.OvfIUn:
                case ConversionKind.OvfUUn: return IrType.NativeInt;
                default: return IrType.Int32;
            }
        }

        public static string Spell(CompareKind kind) => kind.ToString().ToLowerInvariant();
    }
}
