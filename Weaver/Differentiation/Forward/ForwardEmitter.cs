using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Differentiation.Forward
{
    /// <summary>
    /// Builds a forward-mode derivative: the primal's blocks copied in order, and beside every
    /// active instruction its tangent (one per lane in batch mode), computed from the operands'
    /// tangents with the rule table. Phis of active values get tangent phis; loops need nothing
    /// more. Memory with a shadow (the tangent buffers of Dual arrays and refs, local arrays)
    /// has its shadow computed beside it: loads read the tangent from the shadow, stores write
    /// it there (ForwardEmitter.Memory.cs). No tape, no reversal. Expects SSA from the frontend,
    /// activity and shadows; returns the derivative function whose parameters are the stub's.
    /// </summary>
    public sealed partial class ForwardEmitter
    {
        private readonly WeaveContext _context;
        private readonly DerivativeFrame _frame;
        private readonly ActivityInfo _activity;
        private readonly ShadowInfo _shadows;
        private readonly int _lanes;

        /// <summary>Per primal value with a derivative: its tangent (float values) or its shadow (memory), one per lane.</summary>
        private readonly Dictionary<Value, Value[]> _tangents = new Dictionary<Value, Value[]>();
        private readonly List<(Phi Primal, Phi[] Lanes)> _tangentPhis = new List<(Phi, Phi[])>();

        private ForwardEmitter(WeaveContext context, DerivativeFrame frame, ActivityInfo activity, ShadowInfo shadows)
        {
            _context = context;
            _frame = frame;
            _activity = activity;
            _shadows = shadows;
            _lanes = frame.Request.Width;
        }

        public static Function Build(WeaveContext context, DerivativeFrame frame, ActivityInfo activity, ShadowInfo shadows)
        {
            var emitter = new ForwardEmitter(context, frame, activity, shadows);
            emitter.Emit();
            return frame.Function;
        }

        private PrimalCloner Cloner => _frame.Cloner;

        private bool HasTangent(Value v) => _activity.IsActive(v) || _shadows.HasShadow(v);

        private void Emit()
        {
            foreach (var p in Cloner.Primal.Parameters)
            {
                if (!HasTangent(p) || _shadows.HasZeroShadow(p)) continue;
                _tangents[p] = Enumerable.Range(0, _lanes).Select(k => (Value)_frame.ShadowOf(p, k)!).ToArray();
            }
            foreach (var (p, lanes) in ZeroShadows.Emit(_context, _frame, _shadows, _lanes)) _tangents[p] = lanes;

            foreach (var block in Cloner.Order)
            {
                Cloner.ClonePhis(block);
                var b = new IrBuilder(_frame.Function, Cloner.Map(block));
                foreach (var phi in block.Phis)
                {
                    if (!HasTangent(phi)) continue;
                    var lanes = new Phi[_lanes];
                    for (int k = 0; k < _lanes; k++) lanes[k] = _frame.Function.AddPhi(b.Block, phi.Type);
                    _tangentPhis.Add((phi, lanes));
                    _tangents[phi] = lanes;
                }
                foreach (var i in block.Instructions)
                {
                    b.Origin = i.Origin;
                    if (_activity.IsActive(i) && i.Operands.Length == 1 && SinCosFusion.TryEmit(_context, b, i, Cloner.Map(i.Operands[0]), out var fused, out var partner))
                    {
                        Cloner.Record(i, fused);
                        _tangents[i] = Tangents(b, i, new Dictionary<string, System.Func<Value>> { [partner.Key] = () => partner.Value });
                        continue;
                    }
                    if (i.CallsDerivative && EmitCustomRule(b, i)) continue;
                    Cloner.CloneInstruction(b, i);
                    if (i.Op == Op.CallOnVariable)
                    {
                        EmitTape(b, i);
                        continue;
                    }
                    if (EmitMemory(b, i) || !_activity.IsActive(i)) continue;
                    _tangents[i] = i.Op == Op.MakeStruct ? StructTangents(b, i) : Tangents(b, i, null);
                }
                b.Origin = block.Terminator!.Origin;
                switch (block.Terminator)
                {
                    case Return r: EmitReturn(b, r); break;
                    case Throw t: b.Throw(Cloner.Map(t.Exception)); break;
                    default: b.Terminate(Cloner.CloneBranching(block.Terminator)); break;
                }
            }

            Cloner.FillPhis();
            AliasChecks.Emit(_context, _frame, System.Array.Empty<Parameter>());
            ShadowLengthChecks.Emit(_context, _frame);
            foreach (var (phi, lanes) in _tangentPhis)
            {
                foreach (var e in phi.Incoming)
                {
                    var pred = Cloner.Map(e.Predecessor);
                    for (int k = 0; k < _lanes; k++)
                    {
                        lanes[k].Incoming.Add(new PhiIncoming(pred, TangentOrZero(e.Value, k, phi.Type)));
                    }
                }
            }
        }

        /// <summary>The tangents of an active instruction: per lane, the sum of its operands' contributions.</summary>
        private Value[] Tangents(IrBuilder b, Instruction primal, Dictionary<string, System.Func<Value>>? known)
        {
            var rule = RuleLookup.For(primal, _activity);
            var context = new Rules.RuleContext(_context, b, primal.Operands.Length, k => Cloner.Map(primal.Operands[k]), () => Cloner.Map(primal), primal.Type)
            {
                Known = known,
            };
            var result = new Value[_lanes];
            for (int k = 0; k < _lanes; k++)
            {
                Value? sum = null;
                for (int a = 0; a < primal.Operands.Length; a++)
                {
                    var contribution = a < rule.Arguments.Count ? rule.Arguments[a] : null;
                    if (contribution == null || !_activity.IsActive(primal.Operands[a])) continue;
                    var term = b.ToFloat(contribution(context, _tangents[primal.Operands[a]][k]), primal.Type);
                    sum = sum == null ? term : b.Add(sum, term);
                }
                result[k] = sum ?? b.Const(primal.Type, 0);
            }
            return result;
        }

        /// <summary>A value's tangent in a lane: zero for an inactive float, null for memory without a shadow (a null constant).</summary>
        private Value TangentOrZero(Value primal, int lane, IrType type)
        {
            if (_tangents.TryGetValue(primal, out var t)) return t[lane];
            return type.IsFloat ? _frame.Function.Const(type, 0) : _frame.Function.Null(type);
        }

        /// <summary>The tangent of a struct built from fields: per lane, the struct of the fields' tangents.</summary>
        private Value[] StructTangents(IrBuilder b, Instruction made)
        {
            var result = new Value[_lanes];
            for (int k = 0; k < _lanes; k++)
            {
                result[k] = b.MakeStruct(made.TypeOperand!, made.Operands.Select(o => o.Type.IsScalarStructValue && !_tangents.ContainsKey(o) ? ZeroStruct(b, o.Type) : TangentOrZero(o, k, o.Type)).ToArray());
            }
            return result;
        }

        /// <summary>The zero tangent of a struct of scalars (a return that does not depend on any Dual input).</summary>
        private Value ZeroStruct(IrBuilder b, IrType type)
        {
            var layout = Frontend.FlatStruct.Of(type.Clr!, _context.Module) ?? throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"the tangent of a {Diagnostics.CSharpNames.Type(type.Clr!)} return value, a struct holding more than float and double fields, is not supported", b.Origin);
            return layout.Zero(b);
        }

        private void EmitReturn(IrBuilder b, Return r)
        {
            if (r.Value == null)
            {
                b.Return(null);
                return;
            }
            var primal = Cloner.Map(r.Value);
            var elements = new List<Value>();
            foreach (var result in _frame.Signature.Results)
            {
                elements.Add(result.Role == ResultRole.Primal ? primal
                    : !_tangents.ContainsKey(r.Value) && r.Value.Type.IsScalarStructValue ? ZeroStruct(b, r.Value.Type)
                    : TangentOrZero(r.Value, result.Lane, r.Value.Type));
            }
            b.Return(TupleBuilder.Build(b, _frame.Stub.ReturnType, elements));
        }
    }
}
