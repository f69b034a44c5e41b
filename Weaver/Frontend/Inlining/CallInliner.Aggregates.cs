using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    // LINQ's aggregates over an array of floats or doubles (`values.Sum()`, `.Average()`, `.Max()`,
    // `.Min()`, as real code writes them): the call is replaced by the body of the matching method
    // of AutoDiff.Aggregates in the runtime the module references, an element loop that returns
    // what LINQ returns. As with the data moves (CallInliner.DataMoves.cs), the derivative then
    // flows through ordinary element reads, and every analysis of memory sees them; only calls
    // whose argument the IL shows is a float[] or double[] are replaced (an IEnumerable built by a
    // query, a list, a selector lambda stay calls, judged as before).
    public sealed partial class CallInliner
    {
        private static readonly string[] AggregateNames = { "Sum", "Average", "Max", "Min" };

        /// <summary>Inlines the Aggregates body standing for <paramref name="target"/>; false when there is none (the call stays).</summary>
        private bool TryInlineAggregate(MethodDefinition source, Instruction ins, MethodReference target)
        {
            if (_dataMoveCall != null || target.HasThis || target.Parameters.Count != 1) return false;
            if (target.DeclaringType.FullName != "System.Linq.Enumerable" || !AggregateNames.Contains(target.Name)) return false;
            if (!(target.Parameters[0].ParameterType is GenericInstanceType { ElementType.FullName: "System.Collections.Generic.IEnumerable`1" } sequence)) return false;
            var element = FloatOrNull(sequence.GenericArguments[0]);
            if (element == null || target.ReturnType.MetadataType != element.MetadataType) return false; // Average(int[]) returns double: not ours
            var array = ArrayTypePushedBy(Producer(0));
            if (array == null || !array.IsVector || array.ElementType.MetadataType != element.MetadataType) return false;
            var model = AggregateModel(target.Name, element);
            if (model == null) return false;
            _dataMoveCall = (source, ins);
            try
            {
                return TryInline(OpCodes.Call, model, constrained: null, dataMove: true);
            }
            finally
            {
                _dataMoveCall = null;
            }
        }

        /// <summary>AutoDiff.Aggregates.<paramref name="name"/>(element[]) of the referenced runtime; null when that runtime has none.</summary>
        private MethodDefinition? AggregateModel(string name, TypeReference element)
        {
            return _context.Methods.RuntimeModels("Aggregates")?.Methods.FirstOrDefault(m => m.Name == name && m.Parameters.Count == 1 &&
                m.Parameters[0].ParameterType is ArrayType { IsVector: true } a && a.ElementType.MetadataType == element.MetadataType);
        }
    }
}
