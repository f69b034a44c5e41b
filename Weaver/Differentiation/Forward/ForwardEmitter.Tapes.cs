using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Forward
{
    /// <summary>
    /// Forward mode through a tape of woven code read again (forward over reverse with loops):
    /// a tape from which an active value is popped gets a tape of tangents beside it (one per
    /// lane). Every push onto it pushes the pushed value's tangent (zero for a constant), every pop
    /// pops one, so the two stay in step; releasing it releases both.
    /// </summary>
    public sealed partial class ForwardEmitter
    {
        private Dictionary<Variable, Variable[]>? _tangentTapes;

        private void EmitTape(IrBuilder b, Instruction i)
        {
            _tangentTapes ??= Cloner.Primal.Blocks.SelectMany(bl => bl.Instructions)
                .Where(p => p.Op == Op.CallOnVariable && p.Method!.Name == "Pop" && _activity.IsActive(p))
                .Select(p => p.Variable!).Distinct()
                .ToDictionary(v => v, v => Enumerable.Range(0, _lanes).Select(k => _frame.Function.AddVariable(v.Type, "d" + v.Name + "_" + k)).ToArray());
            if (!_tangentTapes.TryGetValue(i.Variable!, out var tangents)) return;
            switch (i.Method!.Name)
            {
                case "Push":
                    var pushed = i.Operands[0];
                    for (int k = 0; k < _lanes; k++) b.CallOnVariable(tangents[k], i.Method, IrType.Void, TangentOrZero(pushed, k, pushed.Type));
                    break;
                case "Pop":
                    var popped = new Value[_lanes];
                    for (int k = 0; k < _lanes; k++) popped[k] = b.CallOnVariable(tangents[k], i.Method, i.Type);
                    if (_activity.IsActive(i)) _tangents[i] = popped;
                    break;
                default: // Release
                    for (int k = 0; k < _lanes; k++) b.CallOnVariable(tangents[k], i.Method, i.Type);
                    break;
            }
        }
    }
}
