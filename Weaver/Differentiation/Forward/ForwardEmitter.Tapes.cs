using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Forward
{
    /// <summary>
    /// Forward mode through a tape of woven code read again (forward over reverse with loops):
    /// a tape from which an active value is popped gets a tape of tangents beside it (one per
    /// lane). Every push onto it pushes the pushed values' tangents (zero for a constant), every pop
    /// or frame taken off takes the same off the tangents, so the two stay in step and a value and
    /// its tangent sit at the same index; releasing it releases both.
    /// </summary>
    public sealed partial class ForwardEmitter
    {
        private Dictionary<Variable, Variable[]>? _tangentTapes;

        private void EmitTape(IrBuilder b, Instruction i)
        {
            _tangentTapes ??= Cloner.Primal.Blocks.SelectMany(bl => bl.Instructions)
                .Where(p => Analysis.ActivityAnalysis.IsTapeRead(p) && _activity.IsActive(p))
                .Select(p => p.Variable!).Distinct()
                .ToDictionary(v => v, v => Enumerable.Range(0, _lanes).Select(k => _frame.Function.AddVariable(v.Type, "d" + v.Name + "_" + k)).ToArray());
            if (!_tangentTapes.TryGetValue(i.Variable!, out var tangents)) return;
            switch (i.Method!.Name)
            {
                case "Push": // one value or several
                    for (int k = 0; k < _lanes; k++)
                    {
                        var lane = k;
                        b.CallOnVariable(tangents[k], i.Method, IrType.Void, i.Operands.Select(pushed => TangentOrZero(pushed, lane, pushed.Type)).ToArray());
                    }
                    break;
                case "Pop":
                case "At": // the index of a value, the same on both tapes, which move in step
                    var popped = new Value[_lanes];
                    var index = i.Operands.Select(Cloner.Map).ToArray();
                    for (int k = 0; k < _lanes; k++) popped[k] = b.CallOnVariable(tangents[k], i.Method, i.Type, index);
                    if (_activity.IsActive(i)) _tangents[i] = popped;
                    break;
                default: // PopFrame (its count is a constant), Release
                    for (int k = 0; k < _lanes; k++) b.CallOnVariable(tangents[k], i.Method, i.Type, i.Operands.Select(Cloner.Map).ToArray());
                    break;
            }
        }
    }
}
