using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Within a block, a second load of the same element, field or address, with nothing between
    /// that may write memory, gives the first load's value (C# compiles <c>x[i] * x[i]</c> to two
    /// loads). One load means one value for the reverse sweep to keep or read again, and one
    /// adjoint added into the shadow instead of two.
    /// Expects: SSA. Guarantees: the same function, each redundant load replaced by the first and removed.
    /// </summary>
    public static class RemoveRedundantLoads
    {
        public static void Run(Function function)
        {
            var replacement = new Dictionary<Value, Value>();
            foreach (var block in function.Blocks)
            {
                var seen = new Dictionary<string, Instruction>();
                var redundant = new HashSet<Instruction>();
                foreach (var i in block.Instructions)
                {
                    if (MayWrite(i))
                    {
                        seen.Clear();
                        continue;
                    }
                    var key = Key(i, replacement);
                    if (key == null) continue;
                    if (seen.TryGetValue(key, out var first))
                    {
                        replacement[i] = first;
                        redundant.Add(i);
                    }
                    else
                    {
                        seen[key] = i;
                    }
                }
                if (redundant.Count > 0) block.Instructions.RemoveAll(redundant.Contains);
            }
            if (replacement.Count > 0) function.ReplaceUses(v => replacement.TryGetValue(v, out var r) ? r : v);
        }

        /// <summary>What a load reads (op, element type or field, operands as already replaced); null for anything else.</summary>
        private static string? Key(Instruction i, Dictionary<Value, Value> replacement)
        {
            string what;
            switch (i.Op)
            {
                case Op.LoadElement:
                case Op.LoadIndirect:
                    what = i.TypeOperand!.FullName;
                    break;
                case Op.LoadField when i.Operands[0].Type.Kind != IrTypeKind.Struct:
                    what = i.Field!.FullName;
                    break;
                case Op.ArrayLength:
                    what = "";
                    break;
                default:
                    return null;
            }
            var operands = i.Operands.Select(o => replacement.TryGetValue(o, out var r) ? r : o)
                .Select(o => o is Constant c ? $"{c.Type} {c.IntValue} {c.FloatValue:R}" : "%" + o.Id);
            return i.Op + " " + what + " " + string.Join(",", operands);
        }

        private static bool MayWrite(Instruction i) =>
            OpFacts.WritesMemory(i.Op) ||
            OpFacts.IsCall(i.Op) && !PureMethods.IsPure(i.Method!) && !Engine.CallSemantics.WritesNothing(i.Method!) && !Engine.CallSemantics.GrowsList(i.Method!) ||
            i.Op == Op.CallOnVariable ||
            i.Op == Op.CallOnValue && !Differentiation.SpanShadows.IsPureGetter(i) ||
            i.Op == Op.NewObj && i.Type.Kind == IrTypeKind.Object;
    }
}
