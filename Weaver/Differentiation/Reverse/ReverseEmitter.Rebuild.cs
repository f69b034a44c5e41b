using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Spans and refs made inside a loop. A managed pointer or a span cannot be kept on a tape
    /// (no array can hold one), but each is a pure function of its pieces: the array, object or
    /// span it points into and integer offsets. So a loop's reverse block rebuilds it from those
    /// pieces, each obtained like any value the block needs (read before the loop, computed from
    /// the iteration count, recomputed or popped), primal and shadow alike. The pieces are the
    /// ones the forward sweep used, so a bounds check that passed then passes again, and the
    /// memory is still there: arrays live on (the tape holds them), and spans over stackalloc
    /// memory, whose shadow cannot be found again, are refused.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        /// <summary>The span or ref <paramref name="forward"/>, made again at the current end of the scope's reverse block.</summary>
        private Value Rebuilt(ReverseScope scope, Value forward)
        {
            if (!(forward is Instruction i) || !Rebuildable(i))
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet, WhyNotRebuildable(forward), OriginOf(forward));
            }
            return AppendCopy(scope, i);
        }

        /// <summary>
        /// Ops that only compute where memory is (an element's or field's address, a span over an
        /// array or over part of a span, an element of a span) and never read or write it.
        /// </summary>
        private static bool Rebuildable(Instruction i)
        {
            switch (i.Op)
            {
                case Op.ElementAddress:
                case Op.FieldAddress:
                    return true;
                case Op.CallOnValue:
                    return i.Method!.Name is "get_Item" or "Slice" && IrType.IsSpan(i.Method.DeclaringType);
                case Op.Call:
                case Op.NewObj:
                    return IsArraySpanMaker(i);
                default:
                    return false;
            }
        }

        /// <summary>AsSpan, a Span or ReadOnlySpan constructor, or an implicit conversion, over an array or span: no stackalloc, no user code.</summary>
        private static bool IsArraySpanMaker(Instruction i)
        {
            if (!ShadowAnalysis.IsSpanMaker(i)) return false;
            var declaring = i.Method!.DeclaringType;
            var known = declaring.FullName == "System.MemoryExtensions" && i.Method.Name == "AsSpan" ||
                        IrType.IsSpan(declaring) && i.Method.Name is ".ctor" or "op_Implicit";
            if (!known) return false;
            // Over a pointer, the shadow pointer may not be found again (a stackalloc's is not kept).
            return !i.Operands.Any(o => o.Type.Kind is IrTypeKind.NativeInt or IrTypeKind.Pointer);
        }

        private string WhyNotRebuildable(Value forward)
        {
            const string remedy = "; make it before the loop";
            switch (forward)
            {
                case Phi:
                    return "a span or ref made inside a loop and chosen on different paths is needed again by the reverse sweep, which can neither keep it nor rebuild it" + remedy;
                case Instruction i when ShadowAnalysis.IsStackAllocSpan(i):
                    return "a span over stackalloc memory made inside a loop is needed again by the reverse sweep, which can neither keep it nor find its shadow again" + remedy;
                case Instruction i when ShadowAnalysis.IsSpanMaker(i) && i.Operands.Any(o => o.Type.Kind is IrTypeKind.NativeInt or IrTypeKind.Pointer):
                    return "a span over unmanaged memory made inside a loop is needed again by the reverse sweep, which can neither keep it nor rebuild it yet" + remedy;
                case Instruction i when (i.Op == Op.Call || i.Op == Op.CallVirt) && (forward.Type.Kind == IrTypeKind.ByRef || IrType.IsSpan(forward.Type.Clr!)):
                    return $"a span or ref returned by {Diagnostics.CSharpNames.Method(i.Method!)} inside a loop is needed again by the reverse sweep, which can neither keep it nor call again" + remedy;
                default:
                    return forward.Type.Kind == IrTypeKind.Struct && !IrType.IsSpan(forward.Type.Clr!)
                        ? $"a struct value of type {Diagnostics.CSharpNames.Type(forward.Type)} made inside a loop is needed again by the reverse sweep, which cannot keep it yet" + remedy
                        : "a span or ref made inside a loop is needed again by the reverse sweep, which can neither keep it nor rebuild it" + remedy;
            }
        }

        /// <summary>
        /// Where to report a forward-sweep value: its own primal instruction; for a phi, where its
        /// first incoming value was made (the join itself has no line); else the first instruction
        /// of the primal block it belongs to.
        /// </summary>
        private Mono.Cecil.Cil.Instruction? OriginOf(Value forward)
        {
            if (forward is Instruction { Origin: { } origin }) return origin;
            if (forward is Phi phi)
            {
                foreach (var e in phi.Incoming)
                {
                    if (e.Value is Instruction { Origin: { } made }) return made;
                }
            }
            if (!_definedIn.TryGetValue(forward, out var block)) return null;
            return block.Instructions.Count > 0 ? block.Instructions[0].Origin : block.Terminator?.Origin;
        }
    }
}
