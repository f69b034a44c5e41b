using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Scalar replacement leaves whole-struct values nobody reads: `ldloc p` makes MakeStruct of
    /// p's fields even when only `p.X` is used next, and a parameter's fields are read once at
    /// the entry. This pass drops MakeStruct instructions and field reads of struct values whose
    /// results are unused (both are pure), until none is left, so derivatives do not copy
    /// structs they never use.
    /// </summary>
    public static class RemoveDeadStructValues
    {
        public static void Run(Function function)
        {
            bool changed = true;
            while (changed)
            {
                var used = function.UsedValues();
                changed = false;
                foreach (var block in function.Blocks)
                {
                    changed |= block.Instructions.RemoveAll(i => IsPureStructValue(i) && !used.Contains(i)) > 0;
                }
            }
        }

        private static bool IsPureStructValue(Instruction i) =>
            i.Op == Op.MakeStruct || i.Op == Op.LoadField && i.Operands[0].Type.Kind == IrTypeKind.Struct;
    }
}
