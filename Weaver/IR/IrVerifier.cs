using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;

namespace AutoDiff.Weaver.IR
{
    /// <summary>
    /// Checks the IR's invariants and returns every violation (empty when sound). The Pipeline
    /// runs it after every pass when verification is on (in tests), the engine on every finished
    /// derivative. Dominance of definitions over uses is checked for pure SSA
    /// functions; derivatives read forward-sweep values from reverse-sweep blocks through
    /// locals and skip that check.
    /// </summary>
    public static class IrVerifier
    {
        public static List<string> Verify(Function f, bool checkDominance = true)
        {
            var errors = new List<string>();
            var blocks = new HashSet<Block>(f.Blocks);
            var defined = new HashSet<Value>(f.Parameters);
            var variables = new HashSet<Variable>(f.Variables);
            // Each instruction's place in its block, for "used before its definition" (IndexOf per
            // use was quadratic: a 4,400-line method's one block took a minute and a half to verify).
            var position = new Dictionary<Instruction, int>();
            foreach (var b in f.Blocks)
            {
                foreach (var phi in b.Phis) defined.Add(phi);
                for (int k = 0; k < b.Instructions.Count; k++)
                {
                    defined.Add(b.Instructions[k]);
                    position[b.Instructions[k]] = k;
                }
            }

            int Position(Instruction i) => position.TryGetValue(i, out var k) ? k : -1;
            var preds = f.PredecessorMap();
            var dom = checkDominance ? new DominatorTree(f) : null;
            foreach (var b in f.Blocks)
            {
                if (b.Terminator == null)
                {
                    errors.Add($"{b} has no terminator");
                    continue;
                }
                foreach (var s in b.Successors)
                {
                    if (!blocks.Contains(s)) errors.Add($"{b} jumps to {s}, which is not in the function");
                }
                foreach (var phi in b.Phis)
                {
                    if (phi.Block != b) errors.Add($"{phi} is listed in {b} but belongs to {phi.Block}");
                    var from = phi.Incoming.Select(e => e.Predecessor).ToList();
                    if (from.Count != from.Distinct().Count() || !new HashSet<Block>(from).SetEquals(preds[b]))
                    {
                        errors.Add($"{phi} in {b} has incoming [{string.Join(", ", from)}] but the predecessors are [{string.Join(", ", preds[b])}]");
                    }
                    foreach (var e in phi.Incoming)
                    {
                        CheckOperand(phi, e.Value, e.Predecessor, isPhiEdge: true);
                    }
                }
                foreach (var i in b.Instructions)
                {
                    if (i.Block != b) errors.Add($"{i} is listed in {b} but belongs to {i.Block}");
                    if ((i.Op == Op.LoadVar || i.Op == Op.StoreVar || i.Op == Op.CallOnVariable) && (i.Variable == null || !variables.Contains(i.Variable)))
                    {
                        errors.Add($"{i} uses a variable not declared in the function");
                    }
                    if (OpFacts.IsCall(i.Op) && i.Method == null) errors.Add($"{i} is a call without a method");
                    if (i.Op == Op.CallOnValue && (i.Method == null || i.Operands.Length == 0 || i.Operands[0].Type.Kind != IrTypeKind.Struct))
                    {
                        errors.Add($"{i} calls a method on a value but has no method or no struct receiver");
                    }
                    foreach (var o in i.Operands) CheckOperand(i, o, b, isPhiEdge: false);
                }
                foreach (var o in b.Terminator.Operands) CheckOperand(b.Terminator, o, b, isPhiEdge: false);
                if (b.Terminator is Return r && (r.Value == null) != f.ReturnType.IsVoid)
                {
                    errors.Add($"{b} returns {(r.Value == null ? "nothing" : "a value")} from a function of type {f.ReturnType}");
                }
            }
            return errors;

            void CheckOperand(object user, Value operand, Block useBlock, bool isPhiEdge)
            {
                if (operand is Constant) return;
                if (!defined.Contains(operand))
                {
                    errors.Add($"{Describe(user)} uses {operand}, which is not defined in the function");
                    return;
                }
                if (operand.Type.IsVoid) errors.Add($"{Describe(user)} uses the void value {operand}");
                if (dom == null || !dom.IsReachable(useBlock)) return;
                var defBlock = operand switch
                {
                    Instruction di => di.Block,
                    Phi dp => dp.Block,
                    _ => f.Entry,
                };
                if (!dom.Dominates(defBlock, useBlock))
                {
                    errors.Add($"{Describe(user)} in {useBlock} uses {operand}, whose definition in {defBlock} does not dominate it");
                }
                else if (!isPhiEdge && defBlock == useBlock && operand is Instruction def && user is Instruction use &&
                         Position(def) >= Position(use))
                {
                    errors.Add($"{Describe(user)} uses {operand} before its definition");
                }
            }
        }

        private static string Describe(object user) => user switch
        {
            Instruction i => IrPrinter.Print(i),
            Terminator t => IrPrinter.Print(t),
            _ => user.ToString() ?? "?",
        };
    }
}
