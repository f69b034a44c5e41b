using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    // Code that only builds an exception and throws it (`throw new ArgumentException($"bad {x:F2}")`)
    // carries no derivative, but what it builds the message with may be something the IR does not
    // hold: an interpolated string is a DefaultInterpolatedStringHandler struct local, filled through
    // its address. Such a straight-line run ending in `throw` is moved into a method of its own in the
    // primal's type, which the derivative calls with the values the run reads (then `throw null`,
    // never reached): the exception, its message and when it is thrown stay the primal's, and the
    // call is inactive. As the JIT does with throw helpers. Runs on the merged body before it is
    // finished; one method per run of the source, shared by every derivative of the primal.
    public sealed partial class CallInliner
    {
        /// <summary>Moves every throw run that uses a local the IR cannot hold into a method; true when one was moved.</summary>
        private bool OutlineThrows()
        {
            if (_primal.HasGenericParameters || _primal.DeclaringType.HasGenericParameters) return false;
            bool moved = false;
            for (int t = 0; t < _output.Count; t++)
            {
                if (_output[t].OpCode.Code != Code.Throw) continue;
                int s = t;
                while (s > 0 && !_targets.Contains(_output[s]) && !EndsBlock(_output[s - 1])) s--;
                if (!UsesUnheldLocal(s, t) || !StartsOnEmptyStack(s, t) || !OnlyReachable(s, t)) continue;
                var inputs = Inputs(s, t);
                if (inputs == null) continue;
                var helper = ThrowHelper(s, t, inputs);
                var replacement = inputs.Select(Load).ToList();
                replacement.Add(Instruction.Create(OpCodes.Call, helper));
                replacement.Add(Instruction.Create(OpCodes.Ldnull));
                replacement.Add(Instruction.Create(OpCodes.Throw));
                var origin = _origins[_output[t]];
                // The run's first instruction stays (branches may target it), turned into the first of the replacement.
                var head = _output[s];
                head.OpCode = replacement[0].OpCode;
                head.Operand = replacement[0].Operand;
                replacement[0] = head;
                foreach (var ins in replacement) _origins[ins] = origin;
                _output.RemoveRange(s, t - s + 1);
                _output.InsertRange(s, replacement);
                t = s + replacement.Count - 1;
                moved = true;
            }
            return moved;
        }

        private static bool EndsBlock(Instruction ins) =>
            ins.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw;

        /// <summary>A local of a struct type the IR cannot hold (IsUnheldStruct) is read or written in the run.</summary>
        private bool UsesUnheldLocal(int s, int t) =>
            _output.Skip(s).Take(t - s + 1).Any(i => i.Operand is VariableDefinition v && IsUnheldStruct(v.VariableType));

        /// <summary>A struct type that is not a number, bool or enum (an interpolated-string handler).</summary>
        private static bool IsUnheldStruct(TypeReference type) =>
            type.IsValueType && !type.IsPrimitive && type.TryResolve() is { IsEnum: false };

        /// <summary>The run takes nothing from the stack it starts on and leaves only the exception.</summary>
        private bool StartsOnEmptyStack(int s, int t)
        {
            int depth = 0;
            for (int k = s; k < t; k++)
            {
                if (!(StackEffect.Of(_output[k]) is { } effect)) return false;
                depth -= effect.Pops;
                if (depth < 0) return false;
                depth += effect.Pushes;
            }
            return depth == 1;
        }

        /// <summary>Nothing outside the run branches into it but to its first instruction, and nothing in it refers to a member the primal's type may not reach.</summary>
        private bool OnlyReachable(int s, int t)
        {
            for (int k = s + 1; k <= t; k++) if (_targets.Contains(_output[k])) return false;
            return _output.Skip(s).Take(t - s + 1).All(i => i.Operand switch
            {
                MethodReference m => Reachable(m.TryResolve()),
                FieldReference f => Reachable(f.TryResolve()),
                _ => true,
            });
        }

        private bool Reachable(IMemberDefinition? member) =>
            member is MethodDefinition { IsPublic: true } or FieldDefinition { IsPublic: true } && member.DeclaringType.IsPublic ||
            member?.DeclaringType == _primal.DeclaringType;

        /// <summary>What the run reads from outside it, in order: arguments and locals it reads before it writes them, or that are used elsewhere; null when one of them cannot be handed over.</summary>
        private List<object>? Inputs(int s, int t)
        {
            var inputs = new List<object>();
            var written = new HashSet<object>();
            for (int k = s; k < t; k++)
            {
                var ins = _output[k];
                var code = ins.OpCode.Code;
                if (!(ins.Operand is ParameterDefinition or VariableDefinition)) continue;
                var slot = ins.Operand;
                bool store = code is Code.Stloc or Code.Stloc_S or Code.Starg or Code.Starg_S;
                bool ownLocal = slot is VariableDefinition v && !UsedOutside(v, s, t);
                if (store) written.Add(slot);
                else if (!written.Contains(slot) && !ownLocal && !inputs.Contains(slot)) inputs.Add(slot);
            }
            // An input of a struct type the IR cannot hold would be refused at the call as it was in the run.
            return inputs.Any(i => i is VariableDefinition v && IsUnheldStruct(v.VariableType)) ? null : inputs;
        }

        private bool UsedOutside(VariableDefinition local, int s, int t)
        {
            for (int k = 0; k < _output.Count; k++)
            {
                if ((k < s || k > t) && ReferenceEquals(_output[k].Operand, local)) return true;
            }
            return false;
        }

        private static Instruction Load(object slot) => slot is ParameterDefinition p
            ? Instruction.Create(OpCodes.Ldarg, p)
            : Instruction.Create(OpCodes.Ldloc, (VariableDefinition)slot);

        private static TypeReference TypeOf(object slot) => slot is ParameterDefinition p ? p.ParameterType : ((VariableDefinition)slot).VariableType;

        /// <summary>The method that runs instructions s..t of the merged body, taking <paramref name="inputs"/>; made once per run of the source.</summary>
        private MethodDefinition ThrowHelper(int s, int t, List<object> inputs)
        {
            var module = _context.Module;
            var type = _primal.DeclaringType;
            var source = _origins[_output[t]];
            var key = (source.Original, string.Join(",", inputs.Select(i => TypeOf(i).FullName)));
            if (_context.ThrowHelpers.TryGetValue(key, out var known)) return known;

            var helper = new MethodDefinition($"{_primal.Name}$throw{_context.ThrowHelpers.Count}",
                MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.Void);
            var map = new Dictionary<object, object>();
            foreach (var input in inputs)
            {
                var p = new ParameterDefinition(Named(input, helper.Parameters.Count), ParameterAttributes.None, module.ImportReference(TypeOf(input)));
                helper.Parameters.Add(p);
                map[input] = p;
            }
            helper.Body = new MethodBody(helper) { InitLocals = true };
            var il = helper.Body.GetILProcessor();
            for (int k = s; k <= t; k++)
            {
                var ins = _output[k];
                var operand = ins.Operand;
                var opcode = ins.OpCode;
                if (operand is ParameterDefinition or VariableDefinition)
                {
                    if (!map.TryGetValue(operand, out var mapped))
                    {
                        // Written in the run before it is read: the helper's own local.
                        var local = new VariableDefinition(module.ImportReference(TypeOf(operand)));
                        helper.Body.Variables.Add(local);
                        map[operand] = mapped = local;
                    }
                    opcode = mapped is ParameterDefinition ? AsArgument(opcode) : AsLocal(opcode);
                    operand = mapped;
                }
                else
                {
                    operand = operand switch
                    {
                        MethodReference m => module.ImportReference(m),
                        FieldReference f => module.ImportReference(f),
                        TypeReference r => module.ImportReference(r),
                        _ => operand,
                    };
                }
                var copy = Instruction.Create(OpCodes.Nop);
                copy.OpCode = opcode;
                copy.Operand = operand;
                il.Append(copy);
            }
            type.Methods.Add(helper);
            _context.Edits.Made(() => type.Methods.Remove(helper));
            _context.Calls.MarkInactive(helper);
            _context.ThrowHelpers[key] = helper;
            return helper;
        }

        /// <summary>An argument's load, address or store as a local's (an argument the run writes first becomes a local).</summary>
        private static OpCode AsLocal(OpCode op) => op.Code switch
        {
            Code.Ldarg or Code.Ldarg_S => OpCodes.Ldloc,
            Code.Ldarga or Code.Ldarga_S => OpCodes.Ldloca,
            Code.Starg or Code.Starg_S => OpCodes.Stloc,
            _ => op,
        };

        /// <summary>The helper's parameter name: the argument's, else valueN (a local's name is in the PDB, not here).</summary>
        private static string Named(object slot, int index) =>
            slot is ParameterDefinition { Name: { Length: > 0 } name } ? name : "value" + index;

        /// <summary>A local's load, address or store as the argument's (an input local becomes a parameter).</summary>
        private static OpCode AsArgument(OpCode op) => op.Code switch
        {
            Code.Ldloc or Code.Ldloc_S or Code.Ldloc_0 or Code.Ldloc_1 or Code.Ldloc_2 or Code.Ldloc_3 => OpCodes.Ldarg,
            Code.Ldloca or Code.Ldloca_S => OpCodes.Ldarga,
            Code.Stloc or Code.Stloc_S or Code.Stloc_0 or Code.Stloc_1 or Code.Stloc_2 or Code.Stloc_3 => OpCodes.Starg,
            _ => op,
        };
    }
}
