using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Builds a reverse-mode derivative of loop-free code as one function with two sweeps:
    /// <list type="number">
    /// <item>the forward sweep: the primal's blocks copied, each return replaced by a jump into
    /// the reverse sweep, and every edge into a join recording which predecessor it came from;</item>
    /// <item>the reverse sweep: one block per primal block, visiting its instructions backwards
    /// and adding each operand's contribution (rule table) into the operand's adjoint, then
    /// following the recorded edge back to the predecessor's reverse block, where phi adjoints
    /// flow into the incoming value of the edge actually taken.</item>
    /// </list>
    /// Adjoints live in variables (IL locals, zeroed on entry), so the sweeps need no phis of
    /// their own and nothing is allocated. The reverse sweep reads forward-sweep values directly;
    /// without loops each block runs at most once, so those values are still the ones it needs.
    /// </summary>
    public sealed class ReverseEmitter
    {
        private readonly WeaveContext _context;
        private readonly DerivativeFrame _frame;
        private readonly ActivityInfo _activity;
        private readonly Dictionary<Value, Variable> _adjoints = new Dictionary<Value, Variable>();
        private readonly Dictionary<Block, Variable> _cameFrom = new Dictionary<Block, Variable>();
        private readonly Dictionary<Block, Block> _reverse = new Dictionary<Block, Block>();
        private readonly Dictionary<Block, List<Block>> _predecessors;
        private Variable? _result;

        private ReverseEmitter(WeaveContext context, DerivativeFrame frame, ActivityInfo activity)
        {
            _context = context;
            _frame = frame;
            _activity = activity;
            _predecessors = frame.Cloner.Primal.PredecessorMap();
        }

        public static Function Build(WeaveContext context, DerivativeFrame frame, ActivityInfo activity)
        {
            var emitter = new ReverseEmitter(context, frame, activity);
            emitter.Emit();
            return frame.Function;
        }

        private PrimalCloner Cloner => _frame.Cloner;

        private Function F => _frame.Function;

        private void Emit()
        {
            DeclareVariables();
            foreach (var block in Cloner.Order) _reverse[block] = F.AddBlock("rev b" + Cloner.Map(block).Id);
            var exit = F.AddBlock("exit");
            foreach (var block in Cloner.Order) EmitForward(block);
            Cloner.FillPhis();
            foreach (var block in Cloner.Order) EmitReverse(block, exit);
            EmitExit(exit);
        }

        private void DeclareVariables()
        {
            var primal = Cloner.Primal;
            if (!primal.ReturnType.IsVoid) _result = F.AddVariable(primal.ReturnType, "result");
            foreach (var p in primal.Parameters)
            {
                if (_activity.IsActive(p)) _adjoints[p] = F.AddVariable(p.Type, "adj_" + p.ParameterName);
            }
            foreach (var block in Cloner.Order)
            {
                if (_predecessors[block].Count > 1) _cameFrom[block] = F.AddVariable(IrType.Int32, "from_b" + block.Id);
                foreach (var phi in block.Phis)
                {
                    if (_activity.IsActive(phi)) _adjoints[phi] = F.AddVariable(phi.Type, "adj" + phi.Id);
                }
                foreach (var i in block.Instructions)
                {
                    if (_activity.IsActive(i)) _adjoints[i] = F.AddVariable(i.Type, "adj" + i.Id);
                }
            }
        }

        /// <summary>The forward sweep's copy of a block: the primal, plus the came-from record on edges into joins.</summary>
        private void EmitForward(Block block)
        {
            Cloner.ClonePhis(block);
            var b = new IrBuilder(F, Cloner.Map(block));
            foreach (var i in block.Instructions)
            {
                b.Origin = i.Origin;
                Cloner.CloneInstruction(b, i);
            }
            var t = block.Terminator!;
            b.Origin = t.Origin;
            if (t is Return r)
            {
                if (_result != null) b.Store(_result, Cloner.Map(r.Value!));
                b.Jump(_reverse[block]);
                return;
            }
            foreach (var successor in t.Successors.Distinct())
            {
                if (_cameFrom.TryGetValue(successor, out var from))
                {
                    b.Store(from, b.ConstInt(_predecessors[successor].IndexOf(block)));
                }
            }
            b.Terminate(Cloner.CloneBranching(t));
        }

        /// <summary>The reverse sweep's block for a primal block: adjoints of its instructions backwards, then back along the edge taken.</summary>
        private void EmitReverse(Block block, Block exit)
        {
            var b = new IrBuilder(F, _reverse[block]);
            if (block.Terminator is Return r && r.Value != null && _frame.Seed != null && _adjoints.ContainsKey(r.Value))
            {
                b.Origin = r.Origin;
                Accumulate(b, r.Value, b.ToFloat(_frame.Seed, r.Value.Type));
            }
            for (int n = block.Instructions.Count - 1; n >= 0; n--)
            {
                var i = block.Instructions[n];
                if (!_activity.IsActive(i)) continue;
                b.Origin = i.Origin;
                var rule = RuleLookup.For(i, _activity);
                var copy = (Instruction)Cloner.Map(i);
                var context = new Rules.RuleContext(_context, b, copy.Operands, copy);
                var seed = b.Load(_adjoints[i]);
                for (int a = 0; a < i.Operands.Length; a++)
                {
                    var contribution = a < rule.Arguments.Count ? rule.Arguments[a] : null;
                    var operand = i.Operands[a];
                    if (contribution == null || !_adjoints.ContainsKey(operand)) continue;
                    Accumulate(b, operand, b.ToFloat(contribution(context, seed), operand.Type));
                }
            }

            var preds = _predecessors[block];
            if (preds.Count == 0)
            {
                b.Jump(exit);
                return;
            }
            if (preds.Count == 1)
            {
                FlowPhis(b, block, preds[0]);
                b.Jump(_reverse[preds[0]]);
                return;
            }
            var edges = new List<Block>();
            foreach (var pred in preds)
            {
                var edge = F.AddBlock("rev edge b" + Cloner.Map(pred).Id + "→b" + Cloner.Map(block).Id);
                var eb = new IrBuilder(F, edge) { Origin = b.Origin };
                FlowPhis(eb, block, pred);
                eb.Jump(_reverse[pred]);
                edges.Add(edge);
            }
            b.Terminate(new Switch(b.Load(_cameFrom[block]), edges, edges[edges.Count - 1]));
        }

        /// <summary>A phi's adjoint goes to the value that came in along the edge from <paramref name="pred"/>.</summary>
        private void FlowPhis(IrBuilder b, Block block, Block pred)
        {
            foreach (var phi in block.Phis)
            {
                if (!_adjoints.TryGetValue(phi, out var adjoint)) continue;
                var incoming = phi.ValueFrom(pred);
                if (!_adjoints.ContainsKey(incoming)) continue;
                Accumulate(b, incoming, b.ToFloat(b.Load(adjoint), incoming.Type));
            }
        }

        private void Accumulate(IrBuilder b, Value primal, Value contribution)
        {
            var variable = _adjoints[primal];
            b.Store(variable, b.Add(b.Load(variable), contribution));
        }

        /// <summary>Returns the primal result and the gradients of the Active parameters, shaped as the declaration says.</summary>
        private void EmitExit(Block exit)
        {
            var b = new IrBuilder(F, exit);
            var elements = new List<Value>();
            foreach (var result in _frame.Signature.Results)
            {
                if (result.Role == ResultRole.Primal)
                {
                    elements.Add(b.Load(_result!));
                    continue;
                }
                var parameter = Cloner.Primal.Parameters[result.PrimalIndex + _frame.ThisOffset];
                elements.Add(_adjoints.TryGetValue(parameter, out var adjoint) ? b.Load(adjoint) : b.Const(parameter.Type, 0));
            }
            b.Return(elements.Count == 0 ? null : TupleBuilder.Build(b, _frame.Stub.ReturnType, elements));
        }
    }
}
