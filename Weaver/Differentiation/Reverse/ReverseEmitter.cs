using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Builds a reverse-mode derivative as one function with two sweeps:
    /// <list type="number">
    /// <item>the forward sweep: the primal's blocks copied, each return replaced by a jump into
    /// the reverse sweep; every join records which predecessor it was entered from (a phi of
    /// constants); shadows of local memory are allocated beside it;</item>
    /// <item>the reverse sweep: one block per primal block, visiting its instructions backwards
    /// and adding each operand's contribution (rule table) into the operand's adjoint, then
    /// following the recorded edge back to the predecessor's reverse block, where phi adjoints
    /// flow into the incoming value of the edge actually taken.</item>
    /// </list>
    /// Adjoints live in variables (IL locals, zeroed on entry). A block that runs once keeps the
    /// values its reverse block needs in the forward sweep's locals; a block inside a loop pushes
    /// them on a typed tape at its end, and its reverse block pops them at its start, so each
    /// iteration is undone with its own values (ReverseEmitter.Tape.cs). Memory is handled
    /// through shadows (ReverseEmitter.Memory.cs); primal memory is never read again, so code
    /// that overwrites what it read still gets exact derivatives. What it leaves (additions to
    /// adjoints known to be zero, shadow slots read back after a write) is cleaned up by the
    /// derivative passes after it in the Pipeline (Engine/Pipeline.cs).
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        private readonly WeaveContext _context;
        private readonly DerivativeFrame _frame;
        private readonly ActivityInfo _activity;
        private readonly ShadowInfo _shadows;
        private readonly Dictionary<Value, Variable> _adjoints = new Dictionary<Value, Variable>();
        private readonly Dictionary<Block, Block> _reverse = new Dictionary<Block, Block>();
        private readonly Dictionary<Block, Phi> _cameFrom = new Dictionary<Block, Phi>();
        private readonly Dictionary<Block, List<Block>> _predecessors;
        private readonly HashSet<Block> _repeating;
        private Variable? _result;

        private ReverseEmitter(WeaveContext context, DerivativeFrame frame, ActivityInfo activity, ShadowInfo shadows)
        {
            _context = context;
            _frame = frame;
            _activity = activity;
            _shadows = shadows;
            _predecessors = frame.Cloner.Primal.PredecessorMap();
            _repeating = RepeatingBlocks.Find(frame.Cloner.Primal);
            _plan = new ReversePlan(frame.Stub.DeclaringType.Name + "." + frame.Request.Name);
            _unwritten = UnwrittenMemory.Find(frame.Cloner.Primal, (a, b) => AliasChecks.EnsuresDistinct(frame, a, b), FieldShadowChecks.CanCheck(frame));
        }

        /// <summary>Names in the reverse plan of forward values that copy no one primal instruction (the halves of a SinCos).</summary>
        private readonly Dictionary<Value, string> _planNames = new Dictionary<Value, string>();

        /// <summary>For a Sin or Cos computed by SinCos in the forward sweep: the other half, which its rule needs.</summary>
        private readonly Dictionary<Instruction, KeyValuePair<string, Value>> _fusedPartners = new Dictionary<Instruction, KeyValuePair<string, Value>>();

        /// <summary>The primal's loads of memory it never writes: the reverse sweep may read them again.</summary>
        private readonly UnwrittenMemory _unwritten;

        /// <summary>Memory the reverse sweep reads again (parameters, arrays in their fields): checked on entry not to be shadows.</summary>
        private readonly HashSet<Value> _rereadRoots = new HashSet<Value>();

        /// <summary>Forward-sweep instructions that are copies of primal instructions (not shadows or records), and the primal instruction each copies.</summary>
        private readonly Dictionary<Value, Instruction> _isClonedPrimal = new Dictionary<Value, Instruction>();

        public static Function Build(WeaveContext context, DerivativeFrame frame, ActivityInfo activity, ShadowInfo shadows)
        {
            var emitter = new ReverseEmitter(context, frame, activity, shadows);
            emitter.Emit();
            context.Plans.Add(emitter._plan);
            return frame.Function;
        }

        /// <summary>What crosses from the forward sweep to the reverse sweep, and how loops are reversed, as decided while emitting.</summary>
        private readonly ReversePlan _plan;

        private PrimalCloner Cloner => _frame.Cloner;

        private Function F => _frame.Function;

        private void Emit()
        {
            var tape = Cloner.Primal.Blocks.SelectMany(b => b.Instructions).FirstOrDefault(i => i.Op == Op.CallOnVariable);
            if (tape != null)
            {
                throw new Diagnostics.DiagnosticException(Diagnostics.DiagnosticCatalog.NotSupportedYet,
                    "reverse mode over code that calls a reverse-mode derivative with loops (which keeps a tape) is not supported yet; take the outer derivative in forward mode (forward over reverse)", tape.Origin);
            }
            DeclareVariables();
            FindLoops();
            FindFusedLoops();
            FindCounts();
            FindBranchesAskedAgain();
            foreach (var block in Cloner.Order) _reverse[block] = F.AddBlock("rev b" + Cloner.Map(block).Id);
            var exit = F.AddBlock("exit");
            foreach (var p in Cloner.Primal.Parameters)
            {
                if (_shadows.HasShadow(p) && !_shadows.HasZeroShadow(p)) _forwardShadows[p] = _frame.ShadowOf(p, 0)!;
            }
            foreach (var (p, lanes) in ZeroShadows.Emit(_context, _frame, _shadows, 1))
            {
                _forwardShadows[p] = lanes[0];
                DefinedIn(lanes[0], Cloner.Primal.Entry);
            }
            foreach (var block in Cloner.Order) EmitForward(block);
            Cloner.FillPhis();
            FillShadowPhis();
            FillCameFrom();
            FillCounts();
            foreach (var block in Cloner.Order) EmitReverse(block, exit);
            RetargetFusedHeaders();
            FlushLoadSums();
            FinishSecondPasses();
            FillLoopInvariants();
            EmitExit(exit);
            PlaceTapeTraffic();
            AliasChecks.Emit(_context, _frame, _rereadRoots);
            FieldShadowChecks.Emit(_context, _frame, _rereadRoots);
            ShadowLengthChecks.Emit(_context, _frame);
        }

        private void DeclareVariables()
        {
            var primal = Cloner.Primal;
            if (!primal.ReturnType.IsVoid) _result = F.AddVariable(primal.ReturnType, "result");
            foreach (var p in primal.Parameters)
            {
                if (_activity.IsActive(p) && p.Type.IsFloat) _adjoints[p] = F.AddVariable(p.Type, "adj_" + p.ParameterName);
            }
            // A call without a rule is AD4001 whatever it takes or returns (a struct too), before
            // any struct it touches is reported as one reverse mode cannot take apart.
            foreach (var call in Cloner.Order.SelectMany(b => b.Instructions).Where(i => OpFacts.IsCall(i.Op) && _activity.IsActive(i) && !i.CallsDerivative))
            {
                RuleLookup.For(call, _activity);
            }
            foreach (var block in Cloner.Order)
            {
                foreach (var phi in block.Phis)
                {
                    if (_activity.IsActive(phi)) _adjoints[phi] = F.AddVariable(RequireFloat(phi.Type, block.Terminator?.Origin), "adj" + phi.Id);
                }
                foreach (var i in block.Instructions)
                {
                    if (!_activity.IsActive(i) || IsStructPlumbing(i)) continue;
                    _adjoints[i] = F.AddVariable(RequireFloat(i.Type, i.Origin), "adj" + i.Id);
                }
            }
        }

        /// <summary>The forward sweep's copy of a block: the primal, the came-from record of a join, shadows of new memory.</summary>
        private void EmitForward(Block block)
        {
            Cloner.ClonePhis(block);
            var copy = Cloner.Map(block);
            foreach (var phi in block.Phis)
            {
                DefinedIn(Cloner.Map(phi), block);
                _primalPhiOf[Cloner.Map(phi)] = phi;
            }
            EmitForwardShadowPhis(block);
            if (_predecessors[block].Count > 1 && !_loopOfHeader.ContainsKey(block) && !_askedAgain.ContainsKey(block))
            {
                _cameFrom[block] = F.AddPhi(copy, IrType.Int32);
                DefinedIn(_cameFrom[block], block);
            }
            var b = new IrBuilder(F, copy);
            EmitForwardCount(b, block);
            foreach (var i in block.Instructions)
            {
                b.Origin = i.Origin;
                if (_activity.IsActive(i) && SinCosFusion.TryEmit(_context, b, i, Cloner.Map(i.Operands[0]), out var fused, out var partner))
                {
                    Cloner.Record(i, fused);
                    var pair = ((Instruction)fused).Operands[0];
                    DefinedIn(pair, block);
                    foreach (var half in b.Block.Instructions.Skip(b.Block.Instructions.Count - 2)) DefinedIn(half, block);
                    _fusedPartners[i] = partner;
                    _planNames[fused] = $"%{i.Id} (Call Math.{i.Method!.Name}, by SinCos)";
                    _planNames[partner.Value] = $"{partner.Key} of %{i.Operands[0].Id} (by SinCos)";
                    continue;
                }
                var clone = Cloner.CloneInstruction(b, i);
                DefinedIn(clone, block);
                _isClonedPrimal[clone] = i;
                EmitForwardShadow(b, i, block);
            }
            var t = block.Terminator!;
            b.Origin = t.Origin;
            EmitFusedAdjoints(b, block);
            switch (t)
            {
                case Return r:
                    if (_result != null) b.Store(_result, Cloner.Map(r.Value!));
                    if (_frame.Request.ReturnsShadowedArray) SeedReturnedArray(b, r);
                    b.Jump(_reverse[block]);
                    break;
                case Throw th:
                    b.Throw(Cloner.Map(th.Exception));
                    break;
                default:
                    if (!EmitFusedIterationStart(b, block)) b.Terminate(Cloner.CloneBranching(t));
                    break;
            }
        }

        /// <summary>
        /// A Duplicated returned array (ReturnedArrayCheck proved it is one the method made, so its
        /// shadow is the derivative's own): the caller's seed, checked to be as long as the result,
        /// is added into that shadow here, where the result's length is first known and before
        /// the reverse sweep reads the shadow. The seed itself is never written.
        /// </summary>
        private void SeedReturnedArray(IrBuilder b, Return r)
        {
            var element = ((Mono.Cecil.ArrayType)r.Value!.Type.Clr!).ElementType;
            var names = b.LoadString(_context.Module.TypeSystem.String, $"'{_frame.Request.Name}': 'dret'");
            b.Call(_context.Methods.SeedReturned(element), Cloner.Map(r.Value), _forwardShadows[r.Value], _frame.Seed!, names);
        }

        /// <summary>The came-from phis: entering a join from its k-th predecessor sets it to k.</summary>
        private void FillCameFrom()
        {
            foreach (var entry in _cameFrom)
            {
                var phi = entry.Value;
                var preds = _predecessors[entry.Key];
                for (int k = 0; k < preds.Count; k++) phi.Incoming.Add(new PhiIncoming(Cloner.Map(preds[k]), F.ConstInt(IrType.Int32, k)));
            }
        }

        /// <summary>The reverse sweep's block for a primal block: adjoints of its instructions backwards, then back along the edge taken.</summary>
        private void EmitReverse(Block block, Block exit)
        {
            var b = new IrBuilder(F, _reverse[block]);
            var scope = new ReverseScope(block, _reverse[block]);
            if (block.Terminator is Return r && r.Value != null && _frame.Seed != null && !_frame.Request.ReturnsShadowedArray)
            {
                b.Origin = r.Origin;
                if (_adjoints.ContainsKey(r.Value)) Accumulate(b, r.Value, b.ToFloat(_frame.Seed, r.Value.Type));
                else if (r.Value is Instruction made && IsStructPlumbing(made)) SeedStructFields(b, made, _frame.Seed);
            }
            for (int n = block.Instructions.Count - 1; n >= 0; n--)
            {
                var i = block.Instructions[n];
                b.Origin = i.Origin;
                if (EmitReverseStructField(b, i)) continue;
                if (EmitReverseCustomRule(b, scope, i)) continue;
                if (EmitReverseMemory(b, scope, i)) continue;
                if (!_activity.IsActive(i) || IsStructPlumbing(i)) continue;
                var rule = RuleLookup.For(i, _activity);
                var context = new Rules.RuleContext(_context, b, i.Operands.Length,
                    k => Available(scope, Cloner.Map(i.Operands[k])), () => Available(scope, Cloner.Map(i)), i.Type);
                if (_fusedPartners.TryGetValue(i, out var partner))
                {
                    context.Known = new Dictionary<string, System.Func<Value>> { [partner.Key] = () => Available(scope, partner.Value) };
                }
                var seed = TakeAdjoint(b, i);
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
            }
            else if (EmitFusedIterationEnd(b, block))
            {
            }
            else if (_loopOfHeader.TryGetValue(block, out var loop))
            {
                EmitHeaderDispatch(b, scope, block, loop);
            }
            else if (preds.Count == 1)
            {
                ReverseEdge(b, scope, block, preds[0]);
            }
            else
            {
                var edges = new List<Block>();
                foreach (var pred in preds)
                {
                    var edge = F.AddBlock("rev edge b" + Cloner.Map(pred).Id + "→b" + Cloner.Map(block).Id);
                    var eb = new IrBuilder(F, edge) { Origin = b.Origin };
                    ReverseEdge(eb, scope, block, pred);
                    edges.Add(edge);
                }
                if (!EmitBranchAskedAgain(b, scope, block, edges)) b.Terminate(new Switch(Available(scope, _cameFrom[block]), edges, edges[edges.Count - 1]));
            }
            _scopes.Add(scope);
        }

        /// <summary>
        /// Phi adjoints go to the values that came in along the edge from <paramref name="pred"/>.
        /// All are read and cleared first, so a phi feeding another phi of the same block (a swap)
        /// is right, and the next (earlier) iteration starts from zero.
        /// </summary>
        private void FlowPhis(IrBuilder b, Block block, Block pred)
        {
            var flows = new List<(Value Incoming, Value Adjoint)>();
            foreach (var phi in block.Phis)
            {
                if (!_adjoints.ContainsKey(phi)) continue;
                flows.Add((phi.ValueFrom(pred), TakeAdjoint(b, phi)));
            }
            foreach (var (incoming, adjoint) in flows)
            {
                if (_adjoints.ContainsKey(incoming)) Accumulate(b, incoming, b.ToFloat(adjoint, incoming.Type));
            }
        }

        /// <summary>Reads a value's adjoint and, inside a loop, clears it for the previous iteration's value.</summary>
        private Value TakeAdjoint(IrBuilder b, Value primal)
        {
            var variable = _adjoints[primal];
            var adjoint = b.Load(variable);
            if (primal is Instruction || primal is Phi)
            {
                var block = primal is Instruction i ? i.Block : ((Phi)primal).Block;
                if (_repeating.Contains(block)) b.Store(variable, b.Const(primal.Type, 0));
            }
            return adjoint;
        }

        private void Accumulate(IrBuilder b, Value primal, Value contribution)
        {
            var variable = _adjoints[primal];
            b.Store(variable, b.Add(b.Load(variable), contribution));
        }

        /// <summary>Returns the primal result and the gradients of the Active parameters, shaped as the declaration says, after releasing the tapes.</summary>
        private void EmitExit(Block exit)
        {
            var b = new IrBuilder(F, exit);
            ReleaseTapes(b);
            var elements = new List<Value>();
            foreach (var result in _frame.Signature.Results)
            {
                if (result.Role == ResultRole.Primal)
                {
                    elements.Add(b.Load(_result!));
                    continue;
                }
                var parameter = Cloner.Primal.Parameters[result.PrimalIndex + _frame.ThisOffset];
                if (parameter.Type.IsScalarStructValue)
                {
                    elements.Add(StructGradient(b, parameter));
                    continue;
                }
                elements.Add(_adjoints.TryGetValue(parameter, out var adjoint) ? b.Load(adjoint) : b.Const(parameter.Type, 0));
            }
            b.Return(elements.Count == 0 ? null : TupleBuilder.Build(b, _frame.Stub.ReturnType, elements));
        }
    }
}
