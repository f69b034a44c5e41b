using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    /// <summary>
    /// InlineCalls, the frontend's first pass: copies the primal's IL into a detached method in
    /// which every call the derivative must go through (user code with IL, CallKind.Body) is
    /// replaced by the callee's own IL, recursively: static and instance methods, struct methods,
    /// properties and operators (<c>this</c> by reference), struct constructors, local functions,
    /// generic methods and methods of generic types closed at the call site (generic math on
    /// float and double written out as IL arithmetic), methods of other assemblies of the user.
    /// The rest of the frontend then reads one body, so splitting a kernel into helpers costs
    /// nothing, and loops, memory and structs inside helpers are differentiated as if written
    /// in place.
    /// Why on IL rather than on the IR: the SSA builder already follows addresses of struct
    /// locals and values left on the stack across branches within one body; inlining first lets
    /// a struct method's <c>this</c> be the caller's <c>ldloca</c> itself.
    /// Arguments become fresh locals, except a <c>ref</c>/<c>in</c>/<c>this</c> argument that
    /// is the address of a local or parameter (<c>ldloca</c>, <c>ldarga</c>): the callee's
    /// <c>ldarg</c> of it becomes that address. Each <c>ret</c> jumps past the body, leaving the
    /// result on the stack. A <c>callvirt</c> keeps its null check.
    /// Not inlined (left as calls for the rest of the engine to judge): recursive callees,
    /// virtual calls whose target is not known, bodies with exception handlers (but the
    /// try/finally of a foreach over a List&lt;double&gt;, lowered to an index loop:
    /// CallInliner.ListForeach.cs), calls the call
    /// table knows otherwise (rules, custom rules for this mode, inactive), class constructors that do work.
    /// Returns the primal itself when nothing was inlined. Diagnostics inside inlined code point
    /// at the callee's source line (<see cref="InlineOrigins"/>).
    /// </summary>
    public sealed partial class CallInliner
    {
        /// <summary>Inlining stops growing a body past this many IL instructions (the rest stay calls).</summary>
        public const int MaximumSize = 60_000;

        private readonly WeaveContext _context;
        private readonly Differentiation.DerivativeMode _mode;
        private readonly MethodDefinition _primal;
        private readonly MethodDefinition _merged;
        private readonly List<Instruction> _output = new List<Instruction>();
        private readonly HashSet<Instruction> _targets = new HashSet<Instruction>();
        private readonly Dictionary<Instruction, (MethodDefinition Method, Instruction Original, Instruction CallSite)> _origins = new Dictionary<Instruction, (MethodDefinition, Instruction, Instruction)>();

        /// <summary>The primal's instruction whose call is being inlined (every copy made meanwhile stems from it).</summary>
        private Instruction? _callSite;
        private readonly List<MethodDefinition> _inlining = new List<MethodDefinition>();
        private int _inlined;

        private CallInliner(WeaveContext context, MethodDefinition primal, Differentiation.DerivativeMode mode)
        {
            _context = context;
            _mode = mode;
            _primal = primal;
            _merged = new MethodDefinition(primal.Name, primal.Attributes, primal.ReturnType)
            {
                DeclaringType = primal.DeclaringType,
                HasThis = primal.HasThis,
                ExplicitThis = primal.ExplicitThis,
                CallingConvention = primal.CallingConvention,
            };
            foreach (var p in primal.Parameters) _merged.Parameters.Add(new ParameterDefinition(p.Name, p.Attributes, p.ParameterType));
            _merged.Body = new MethodBody(_merged) { InitLocals = primal.Body.InitLocals };
        }

        /// <summary>The method the rest of the frontend reads: the primal, or its copy with calls inlined.</summary>
        public static MethodDefinition Run(WeaveContext context, MethodDefinition primal, Differentiation.DerivativeMode mode)
        {
            if (!primal.HasBody || primal.Body.HasExceptionHandlers && ForeachPlan(primal.Body) == null) return primal; // PrimalReader reports these
            var inliner = new CallInliner(context, primal, mode);
            inliner.EmitPrimal();
            bool outlined = inliner.OutlineThrows();
            if (inliner._inlined == 0 && !outlined && !primal.Body.HasExceptionHandlers) return primal; // (foreach loops over lists lowered: the copy)
            return inliner.Finish();
        }

        private void EmitPrimal()
        {
            var arguments = new List<Binding>();
            if (_primal.HasThis) arguments.Add(Binding.Parameter(_merged.Body.ThisParameter));
            arguments.AddRange(_merged.Parameters.Select(Binding.Parameter));
            var locals = _primal.Body.Variables.Select(v => AddLocal(v.VariableType)).ToArray();
            EmitBody(_primal, GenericContext.None, arguments.ToArray(), locals, end: null);
        }

        private MethodDefinition Finish()
        {
            int offset = 0;
            foreach (var ins in _output)
            {
                ins.Offset = offset;
                offset += ins.GetSize();
                _merged.Body.Instructions.Add(ins);
            }
            foreach (var entry in _origins) _context.InlineOrigins[entry.Key] = entry.Value;
            return _merged;
        }

        private VariableDefinition AddLocal(TypeReference type)
        {
            var v = new VariableDefinition(type);
            _merged.Body.Variables.Add(v);
            return v;
        }

        /// <summary>
        /// Appends a copy of <paramref name="source"/>'s body. Arguments and locals are read and
        /// written through <paramref name="arguments"/> and <paramref name="locals"/>; each ret
        /// jumps to <paramref name="end"/> (null: the primal, whose rets stay).
        /// </summary>
        private void EmitBody(MethodDefinition source, GenericContext generic, Binding[] arguments, VariableDefinition[] locals, Instruction? end)
        {
            var first = new Dictionary<Instruction, Instruction>();
            var branches = new List<(Instruction Copy, object Operand)>();
            var targets = BranchTargets(source.Body);
            var body = source.Body.Instructions;
            var foreachLoops = ForeachPlan(source.Body) is { } plan ? new ForeachCopy(plan) : null;
            for (int n = 0; n < body.Count; n++)
            {
                var ins = body[n];
                int before = _output.Count;
                if (foreachLoops != null && TryLowerForeach(foreachLoops, source, ins, branches))
                {
                    if (_inlining.Count == 0) _callSite = ins;
                    first[ins] = _output[before];
                    if (targets.Contains(ins)) _targets.Add(_output[before]);
                    Trace(before, source, ins);
                    continue;
                }
                if (foreachLoops != null) RefuseWriteToWalkedList(foreachLoops, ins);
                if (ins.OpCode.OpCodeType == OpCodeType.Prefix && n + 1 < body.Count && EmitPrefixed(ins, body[n + 1], generic))
                {
                    // The prefix and the call it qualifies were replaced together.
                    first[ins] = _output[before];
                    if (targets.Contains(ins)) _targets.Add(_output[before]);
                    Trace(before, source, ins);
                    n++;
                    first[body[n]] = _output[before];
                    continue;
                }
                if (_inlining.Count == 0) _callSite = ins;
                EmitOne(source, ins, generic, arguments, locals, end, branches);
                first[ins] = _output[before];
                if (targets.Contains(ins)) _targets.Add(_output[before]);
                Trace(before, source, ins);
            }
            foreach (var (copy, operand) in branches)
            {
                copy.Operand = operand is Instruction t ? first[t] : ((Instruction[])operand).Select(t => first[t]).ToArray();
            }
        }

        /// <summary>Remembers where the instructions appended since <paramref name="from"/> came from, when nothing else was recorded for them.</summary>
        private void Trace(int from, MethodDefinition source, Instruction original)
        {
            for (int k = from; k < _output.Count; k++)
            {
                if (_origins.ContainsKey(_output[k])) continue;
                // A DataMoves body stands for one framework call: what it does is reported there.
                _origins[_output[k]] = _dataMoveCall is { } move ? (move.Method, move.Call, _callSite ?? move.Call) : (source, original, _callSite ?? original);
            }
        }

        private void EmitOne(MethodDefinition source, Instruction ins, GenericContext generic, Binding[] arguments, VariableDefinition[] locals, Instruction? end, List<(Instruction, object)> branches)
        {
            var code = ins.OpCode.Code;
            if (IsCastOfClone(source, ins, code == Code.Castclass ? generic.Operand(ins.Operand) : null))
            {
                Append(Instruction.Create(OpCodes.Nop)); // every instruction maps to at least one (branches to it, origins)
                return;
            }
            switch (code)
            {
                case Code.Ldarg_0: case Code.Ldarg_1: case Code.Ldarg_2: case Code.Ldarg_3: case Code.Ldarg_S: case Code.Ldarg:
                    Append(arguments[ArgumentIndex(source, ins)].Load());
                    return;
                case Code.Ldarga_S: case Code.Ldarga:
                    Append(arguments[ArgumentIndex(source, ins)].Address());
                    return;
                case Code.Starg_S: case Code.Starg:
                    Append(arguments[ArgumentIndex(source, ins)].Store());
                    return;
                case Code.Ldloc_0: case Code.Ldloc_1: case Code.Ldloc_2: case Code.Ldloc_3: case Code.Ldloc_S: case Code.Ldloc:
                    Append(Instruction.Create(OpCodes.Ldloc, locals[LocalIndex(source, ins)]));
                    return;
                case Code.Stloc_0: case Code.Stloc_1: case Code.Stloc_2: case Code.Stloc_3: case Code.Stloc_S: case Code.Stloc:
                {
                    var local = locals[LocalIndex(source, ins)];
                    NoteExactStore(source, ins, source.Body.Variables[LocalIndex(source, ins)], local);
                    Append(Instruction.Create(OpCodes.Stloc, local));
                    return;
                }
                case Code.Ldloca_S: case Code.Ldloca:
                    Append(Instruction.Create(OpCodes.Ldloca, locals[LocalIndex(source, ins)]));
                    return;
                case Code.Ret when end != null:
                {
                    var jump = Instruction.Create(OpCodes.Br, end);
                    Append(jump);
                    return;
                }
                case Code.Ldsfld when FrameworkConstants.Replacement((FieldReference)ins.Operand) is { } constant:
                    // Complex.Zero, or a private threshold Complex.Sqrt reads: the constant its class constructor stores.
                    foreach (var c in constant) EmitOne(source, c, generic, arguments, locals, end, branches);
                    _inlined++;
                    return;
                case Code.Call when end != null && ins.Operand is MethodReference { Name: ".ctor" } baseCall && baseCall.DeclaringType.FullName == "System.Object":
                    // An inlined constructor's call of System.Object's, which does nothing: drop its `this`.
                    Append(Instruction.Create(OpCodes.Pop));
                    return;
                case Code.Call: case Code.Callvirt: case Code.Newobj:
                    if (code != Code.Newobj && TryInlineDataMove(source, ins, generic.Method((MethodReference)ins.Operand))) return;
                    if (code == Code.Call && TryInlineAggregate(source, ins, generic.Method((MethodReference)ins.Operand))) return;
                    if (code == Code.Call && TryLowerConversion(generic.Method((MethodReference)ins.Operand))) return;
                    if (code == Code.Call && TryInlineComplexDerivative(ins, (MethodReference)ins.Operand)) return;
                    if (TryInlineNumericsModel(ins, generic.Method((MethodReference)ins.Operand))) return;
                    if (code != Code.Newobj && _context.ClosedDerivative(generic.Method((MethodReference)ins.Operand)) is { } closed)
                    {
                        // D<double>(...) of a generic derivative: its closing D__double, past the dispatch.
                        if (TryInline(ins.OpCode, closed, constrained: null)) return;
                        Append(Instruction.Create(ins.OpCode, closed));
                        _inlined++;
                        return;
                    }
                    if (TryInline(ins.OpCode, generic.Method((MethodReference)ins.Operand), constrained: null)) return;
                    break;
            }
            var copy = Instruction.Create(OpCodes.Nop);
            copy.OpCode = ins.OpCode;
            if (ins.Operand is Instruction || ins.Operand is Instruction[])
            {
                branches.Add((copy, ins.Operand));
            }
            else
            {
                copy.Operand = generic.Operand(ins.Operand);
            }
            Append(copy);
        }

        private void Append(Instruction ins) => _output.Add(ins);

        private static HashSet<Instruction> BranchTargets(MethodBody body)
        {
            var targets = new HashSet<Instruction>();
            foreach (var ins in body.Instructions)
            {
                if (ins.Operand is Instruction t) targets.Add(t);
                else if (ins.Operand is Instruction[] many) targets.UnionWith(many);
            }
            return targets;
        }

        /// <summary>The IL argument number (0 is <c>this</c>) a ldarg/starg/ldarga of <paramref name="method"/> names.</summary>
        private static int ArgumentIndex(MethodDefinition method, Instruction ins)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Ldarg_0: return 0;
                case Code.Ldarg_1: return 1;
                case Code.Ldarg_2: return 2;
                case Code.Ldarg_3: return 3;
            }
            var p = (ParameterDefinition)ins.Operand;
            if (p == method.Body.ThisParameter || p.Index < 0) return 0;
            return p.Index + (method.HasThis ? 1 : 0);
        }

        private static int LocalIndex(MethodDefinition method, Instruction ins) => ins.OpCode.Code switch
        {
            Code.Ldloc_0 or Code.Stloc_0 => 0,
            Code.Ldloc_1 or Code.Stloc_1 => 1,
            Code.Ldloc_2 or Code.Stloc_2 => 2,
            Code.Ldloc_3 or Code.Stloc_3 => 3,
            _ => ((VariableDefinition)ins.Operand).Index,
        };
    }
}
