using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Refuses code where a derivative would silently vanish: a value that depends on an active
    /// input stored into memory that has no shadow (a Const array, an object's field), or memory
    /// with a shadow handed to a method the weaver cannot see into. Reads; changes nothing.
    /// </summary>
    public static class LostDerivativeCheck
    {
        /// <summary>
        /// A reference to memory stored into other memory takes its shadow along (the shadow of
        /// the row goes into the shadow of the outer array). That needs both or neither to have
        /// one: memory with a derivative kept where none is tracked, or memory without a shadow
        /// kept where derivatives are, would be read later with no derivative at all.
        /// </summary>
        private static void CheckStoredMemory(Instruction store, ShadowInfo shadows)
        {
            var stored = ActivityAnalysis.StoredValue(store);
            if (!ShadowAnalysis.HoldsFloats(stored.Type) || stored is Constant) return; // a null reference carries nothing
            var where = store.Op == Op.StoreField ? $"the field '{store.Field!.Name}' of an object" : "memory";
            if (shadows.HasShadow(stored) && !shadows.HasShadow(store.Operands[0]))
            {
                throw new DiagnosticException(DiagnosticCatalog.MemoryStoredWithoutShadow,
                    $"memory that carries derivatives (a Duplicated/Dual parameter, a local array or what is reached from them) is stored into {where} that has no shadow (a Const parameter, or memory the weaver cannot trace), where reads would lose its derivatives", store.Origin);
            }
            if (!shadows.HasShadow(stored) && shadows.HasShadow(store.Operands[0]))
            {
                throw new DiagnosticException(DiagnosticCatalog.MemoryStoredWithoutShadow,
                    $"memory without a shadow (a Const parameter other than a float or double array of rank 1 to 3, an object the weaver cannot trace, memory returned by a call) is stored into {where} that carries derivatives, where reads would find no shadow", store.Origin);
            }
        }

        /// <summary>Framework methods that turn a float's bits into an integer or bytes (a float from bits carries nothing either way).</summary>
        private static bool ReinterpretsBits(Mono.Cecil.MethodReference m) =>
            m.DeclaringType.FullName == "System.BitConverter" && (m.Name.EndsWith("Bits") || m.Name == "GetBytes" || m.Name == "TryWriteBytes") ||
            m.DeclaringType.FullName == "System.Runtime.CompilerServices.Unsafe" && m.Name is "As" or "BitCast";

        /// <summary>
        /// A List&lt;double&gt; that carries derivatives handed to a member the weaver does not follow
        /// (Insert, Remove, Sort, ToArray, AddRange, Clear, LINQ...): its elements would move, or be
        /// read, where the shadow list cannot follow (SsaBuilder.Lists.cs says which members it follows).
        /// </summary>
        private static void RefuseListMember(Instruction i, ShadowInfo shadows)
        {
            if (!(OpFacts.IsCall(i.Op) || i.Op == Op.NewObj) || ShadowAnalysis.IsSpanMaker(i) && shadows.HasShadow(i)) return;
            for (int k = 0; k < i.Operands.Length; k++)
            {
                var o = i.Operands[k];
                if (!ListTypes.IsFloatList(o.Type) || !shadows.HasShadow(o)) continue;
                var list = CSharpNames.Type(o.Type);
                throw new DiagnosticException(DiagnosticCatalog.CallWithoutRule,
                    $"{CSharpNames.MethodWithParameters(i.Method!)} is {(k == 0 && i.Method!.HasThis ? "called on" : "handed")} a {list} that carries derivatives, where its shadow list cannot follow the elements; " +
                    $"of a {list} the weaver follows the indexer, Count, Add, Contains/IndexOf/BinarySearch and CollectionsMarshal.AsSpan: write the operation as a loop over the indexer, build a new list with Add, or mark the list Const", i.Origin);
            }
        }

        public static void Run(Function function, ActivityInfo activity, ShadowInfo shadows)
        {
            foreach (var b in function.Blocks)
            {
                foreach (var i in b.Instructions)
                {
                    if (ActivityAnalysis.IsStore(i.Op) && activity.IsVaried(ActivityAnalysis.StoredValue(i)) && !shadows.HasShadow(i.Operands[0]))
                    {
                        throw new DiagnosticException(DiagnosticCatalog.UntrackedMemory,
                            i.Op == Op.StoreField
                                ? $"a value that depends on an active input is stored into the field '{i.Field!.Name}' of an object that has no shadow (a Const parameter or this, or an object the weaver cannot trace)"
                                : "a value that depends on an active input is stored into memory that has no derivative (a Const parameter, or memory the weaver cannot trace)", i.Origin);
                    }
                    if (ActivityAnalysis.IsStore(i.Op)) CheckStoredMemory(i, shadows);
                    if ((OpFacts.IsCall(i.Op)) && !i.CallsDerivative && ReinterpretsBits(i.Method!) && i.Operands.Any(activity.IsVaried))
                    {
                        // BitConverter.SingleToInt32Bits(x) and the like: the integer holds x, but no derivative can follow it.
                        throw new DiagnosticException(DiagnosticCatalog.CallWithoutRule,
                            $"the call to {CSharpNames.Method(i.Method!)} reinterprets the bits of a value that depends on an active input, and its derivative would be lost; give the method that does this a [CustomDerivative]", i.Origin);
                    }
                    if (!i.IsInactiveCall && !i.CallsDerivative) RefuseListMember(i, shadows);
                    if (i.IsInactiveCall || i.CallsDerivative) continue; // reads what it is given and keeps no derivative, or its rule answers for it
                    if ((OpFacts.IsCall(i.Op) || i.Op == Op.NewObj) && !activity.IsVaried(i) && !Engine.CallSemantics.KeepsNothing(i.Method!))
                    {
                        // A call that takes a value depending on an active input but whose result does
                        // not carry it could keep the value where the derivative cannot follow (a list,
                        // a field), to be read back later with no derivative at all.
                        foreach (var o in i.Operands)
                        {
                            if (!activity.IsVaried(o)) continue;
                            throw new DiagnosticException(DiagnosticCatalog.CallWithoutRule,
                                $"the call to {CSharpNames.Method(i.Method!)} takes a value that depends on an active input; the weaver cannot follow where the callee keeps it", i.Origin);
                        }
                    }
                    if (OpFacts.IsCall(i.Op) && !(ShadowAnalysis.IsSpanMaker(i) && shadows.HasShadow(i)))
                    {
                        foreach (var o in i.Operands)
                        {
                            if (!shadows.HasShadow(o)) continue;
                            throw new DiagnosticException(DiagnosticCatalog.CallWithoutRule,
                                $"the call to {CSharpNames.Method(i.Method!)} receives memory that carries derivatives, and the weaver cannot differentiate through the callee", i.Origin);
                        }
                    }
                }
            }
        }
    }
}
