using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    // Complex.Sqrt(z) and Complex.Pow(z, w) (also reached from inside Complex's own IL, as
    // Pow(z, double) calls Pow(z, w)): the body of the same-named method of
    // AutoDiff.ComplexDerivatives in the runtime the module references is inlined instead of the
    // framework's. The framework's IL returns a constant at one exact value (Sqrt on the real
    // axis, Pow with w = 0) whose derivative would be wrong there; the runtime's body returns the
    // same values with the right derivative, and falls back to the framework's member, which
    // is then inlined as it is. A runtime without ComplexDerivatives leaves the framework's.
    public sealed partial class CallInliner
    {
        private bool TryInlineComplexDerivative(Instruction ins, MethodReference target)
        {
            if (target.DeclaringType.FullName != "System.Numerics.Complex" || !(target.Name is "Sqrt" or "Pow")) return false;
            if (!target.Parameters.All(p => p.ParameterType.FullName == "System.Numerics.Complex")) return false;
            if (_inlining.Any(m => m.DeclaringType.FullName == "AutoDiff.ComplexDerivatives")) return false; // its fallback: the framework's member
            var model = _context.Methods.RuntimeModels("ComplexDerivatives")?.Methods.FirstOrDefault(m => m.Name == target.Name && m.Parameters.Count == target.Parameters.Count);
            if (model == null) return false;
            var outer = _dataMoveCall;
            _dataMoveCall ??= (_inlining.Count == 0 ? _primal : _inlining[_inlining.Count - 1], ins);
            try
            {
                return TryInline(OpCodes.Call, model, constrained: null, dataMove: true);
            }
            finally
            {
                _dataMoveCall = outer;
            }
        }
    }
}
