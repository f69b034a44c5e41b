using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>
    /// Higher order: a method that calls a generated derivative (a Hessian-vector product as the
    /// forward derivative of a method calling a reverse one) can carry an attribute itself. Its
    /// derivative reads the inner derivative's woven IL, so inner derivatives are woven first:
    /// this orders the requests so every derivative comes after those its primal reaches (through
    /// its own IL and the user methods it calls), and reports the ones that reach themselves.
    /// Reads; changes nothing.
    /// </summary>
    public static class DerivativeOrder
    {
        /// <summary>
        /// The indices of <paramref name="primals"/> in weaving order, and for each the indices
        /// of the requests whose declarations (<paramref name="stubs"/>) its primal reaches.
        /// Requests in a cycle come back in <paramref name="cyclic"/>, unordered.
        /// </summary>
        public static List<int> Of(IReadOnlyList<MethodDefinition> primals, IReadOnlyList<MethodDefinition?> stubs, out List<int>[] reaches, out List<int> cyclic)
        {
            var stubIndex = new Dictionary<MethodDefinition, List<int>>();
            for (int k = 0; k < stubs.Count; k++)
            {
                if (stubs[k] == null) continue;
                if (!stubIndex.TryGetValue(stubs[k]!, out var list)) stubIndex[stubs[k]!] = list = new List<int>();
                list.Add(k);
            }
            reaches = new List<int>[primals.Count];
            for (int k = 0; k < primals.Count; k++)
            {
                reaches[k] = Reached(primals[k]).Where(stubIndex.ContainsKey).SelectMany(s => stubIndex[s]).Distinct().ToList();
            }
            var order = new List<int>();
            var state = new int[primals.Count]; // 0 new, 1 on the path, 2 done
            cyclic = new List<int>();
            for (int k = 0; k < primals.Count; k++) Visit(k, reaches, state, order, cyclic);
            return order;
        }

        private static void Visit(int k, List<int>[] reaches, int[] state, List<int> order, List<int> cyclic)
        {
            if (state[k] == 2) return;
            if (state[k] == 1)
            {
                if (!cyclic.Contains(k)) cyclic.Add(k);
                return;
            }
            state[k] = 1;
            foreach (var inner in reaches[k]) Visit(inner, reaches, state, order, cyclic);
            state[k] = 2;
            order.Add(k);
        }

        /// <summary>Every method called from <paramref name="primal"/>, directly or through user methods with IL.</summary>
        private static HashSet<MethodDefinition> Reached(MethodDefinition primal)
        {
            var seen = new HashSet<MethodDefinition>();
            var work = new Stack<MethodDefinition>();
            work.Push(primal);
            while (work.Count > 0)
            {
                var m = work.Pop();
                if (!m.HasBody) continue;
                foreach (var ins in m.Body.Instructions)
                {
                    if (!(ins.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj) || !(ins.Operand is MethodReference callee)) continue;
                    var definition = callee.TryResolve();
                    if (definition == null || !seen.Add(definition)) continue;
                    if (CallSemantics.IsUserCode(definition)) work.Push(definition);
                }
            }
            return seen;
        }
    }
}
