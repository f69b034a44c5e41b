using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    // One call replaced by its callee's body: which calls qualify, how the arguments get to the
    // body, the null check of a callvirt, `new S(...)` of a struct, and recursion.
    public sealed partial class CallInliner
    {
        private readonly Dictionary<MethodDefinition, bool> _recursive = new Dictionary<MethodDefinition, bool>();

        /// <summary>Replaces a call (or struct newobj) by its callee's body; false when the call stays a call.</summary>
        private bool TryInline(OpCode opcode, MethodReference target, TypeReference? constrained, bool dataMove = false)
        {
            if (_output.Count > MaximumSize) return false;
            if (opcode.Code == Code.Callvirt && constrained == null && ExactReceiver(target) is { } exact && Override(exact, target) is { } implementation)
            {
                // The receiver was made with `new` right here: the body that runs is known.
                target = implementation;
                constrained = exact;
            }
            var callee = Inlinable(opcode, target, constrained, dataMove);
            if (callee == null) return false;

            var generic = new GenericContext(target);
            bool isNew = opcode.Code == Code.Newobj;
            int count = callee.Parameters.Count + (callee.HasThis ? 1 : 0);
            var types = new TypeReference[count];
            if (callee.HasThis) types[0] = callee.DeclaringType.IsValueType ? new ByReferenceType(target.DeclaringType) : target.DeclaringType;
            for (int k = callee.HasThis ? 1 : 0; k < count; k++) types[k] = generic.Type(callee.Parameters[k - (callee.HasThis ? 1 : 0)].ParameterType);

            var bindings = new Binding?[count];
            int first = isNew ? 1 : 0; // `new S(...)`: `this` is a fresh local, not on the stack
            var substituted = new List<Instruction>();
            for (int k = first; k < count; k++)
            {
                if (!(types[k] is ByReferenceType) || WritesOrAddresses(callee, k)) continue;
                var producer = Producer(depth: count - 1 - k);
                if (producer == null) continue;
                switch (producer.OpCode.Code)
                {
                    case Code.Ldloca: case Code.Ldloca_S:
                        bindings[k] = Binding.AddressOf((VariableDefinition)producer.Operand);
                        substituted.Add(producer);
                        break;
                    case Code.Ldarga: case Code.Ldarga_S:
                        bindings[k] = Binding.AddressOf((ParameterDefinition)producer.Operand);
                        substituted.Add(producer);
                        break;
                }
            }
            foreach (var p in substituted)
            {
                // The address is read where the body reads the argument instead.
                p.OpCode = OpCodes.Nop;
                p.Operand = null;
            }
            for (int k = count - 1; k >= first; k--)
            {
                if (bindings[k] != null) continue;
                var temporary = AddLocal(types[k]);
                Append(Instruction.Create(OpCodes.Stloc, temporary));
                bindings[k] = Binding.Local(temporary);
            }
            VariableDefinition? made = null;
            if (isNew && !callee.DeclaringType.IsValueType)
            {
                // `new C(a, b)` of a class: an object with every field zero (no constructor run),
                // then the constructor's body on it. Its shadow is made the same way.
                made = AddLocal(target.DeclaringType);
                _exact[made] = target.DeclaringType;
                Append(Instruction.Create(OpCodes.Call, _context.Methods.Allocate(target.DeclaringType)));
                Append(Instruction.Create(OpCodes.Stloc, made));
                bindings[0] = Binding.Local(made);
            }
            else if (isNew)
            {
                // `new S(a, b)`: S zeroed in a local, the constructor run on its address, then read.
                made = AddLocal(target.DeclaringType);
                Append(Instruction.Create(OpCodes.Ldloca, made));
                Append(Instruction.Create(OpCodes.Initobj, target.DeclaringType));
                bindings[0] = Binding.AddressOf(made);
            }
            else if (opcode.Code == Code.Callvirt && callee.HasThis && !callee.DeclaringType.IsValueType)
            {
                // callvirt checks `this` for null before the call, whatever the body does.
                var ok = Instruction.Create(OpCodes.Nop);
                Append(bindings[0]!.Load());
                Append(Instruction.Create(OpCodes.Brtrue, ok));
                Append(Instruction.Create(OpCodes.Ldnull));
                Append(Instruction.Create(OpCodes.Throw));
                Append(ok);
                _targets.Add(ok);
            }

            var locals = callee.Body.Variables.Select(v => AddLocal(generic.Type(v.VariableType))).ToArray();
            var end = Instruction.Create(OpCodes.Nop);
            _inlining.Add(callee);
            EmitBody(callee, generic, bindings!, locals, end);
            _inlining.RemoveAt(_inlining.Count - 1);
            Append(end);
            _targets.Add(end);
            if (made != null) Append(Instruction.Create(OpCodes.Ldloc, made));
            _inlined++;
            return true;
        }

        /// <summary>The callee's definition when this call is one to inline; null when it stays a call.</summary>
        private MethodDefinition? Inlinable(OpCode opcode, MethodReference target, TypeReference? constrained, bool dataMove)
        {
            if (!dataMove && _context.Calls.Classify(target, _mode) != CallKind.Body) return null; // a DataMoves body is the runtime's, read on purpose
            var callee = target.TryResolve();
            if (callee == null || !callee.HasBody || callee.Body.HasExceptionHandlers && ForeachPlan(callee.Body) == null || callee.IsAbstract) return null;
            if (opcode.Code == Code.Newobj && !callee.DeclaringType.IsValueType && (callee.DeclaringType.IsAbstract || IsObjectConstructorOnly(callee))) return null;
            if (opcode.Code == Code.Callvirt && constrained == null && CallSemantics.IsOpenVirtual(callee)) return null;
            if (_inlining.Contains(callee) || IsRecursive(callee)) return null;
            return callee;
        }

        /// <summary>A constructor that only calls System.Object's (with nothing to follow, `new C()` stays as it is).</summary>
        private static bool IsObjectConstructorOnly(MethodDefinition constructor) => Analysis.TrivialConstructors.Is(constructor);

        /// <summary>Merged locals that only ever hold objects made with `new` of one class (so a virtual call on them has a known target).</summary>
        private readonly Dictionary<VariableDefinition, TypeReference> _exact = new Dictionary<VariableDefinition, TypeReference>();

        /// <summary>The class of the receiver of a call about to be made, when the IL proves it (a local that only `new C(...)` wrote); else null.</summary>
        private TypeReference? ExactReceiver(MethodReference target)
        {
            if (!target.HasThis) return null;
            var producer = Producer(depth: target.Parameters.Count);
            if (producer == null) return null;
            if (producer.OpCode.Code == Code.Newobj) return ((MethodReference)producer.Operand).DeclaringType;
            return producer.OpCode.Code == Code.Ldloc && producer.Operand is VariableDefinition v && _exact.TryGetValue(v, out var type) ? type : null;
        }

        /// <summary>Records that <paramref name="local"/> (of the body being copied) holds an object of one known class, when its only store takes the value just made.</summary>
        private void NoteExactStore(MethodDefinition source, Instruction store, VariableDefinition local, VariableDefinition merged)
        {
            var producer = Producer(depth: 0);
            TypeReference? type = producer?.OpCode.Code == Code.Newobj ? ((MethodReference)producer.Operand).DeclaringType
                : producer?.OpCode.Code == Code.Ldloc && producer.Operand is VariableDefinition v && _exact.TryGetValue(v, out var t) ? t : null;
            if (type == null || source.Body.Instructions.Count(i => i != store && IsStoreTo(source, i, local.Index)) > 0) return;
            _exact[merged] = type;
        }

        private static bool IsStoreTo(MethodDefinition method, Instruction i, int index) =>
            i.OpCode.Code is Code.Stloc_0 or Code.Stloc_1 or Code.Stloc_2 or Code.Stloc_3 or Code.Stloc_S or Code.Stloc && LocalIndex(method, i) == index ||
            i.OpCode.Code is Code.Ldloca or Code.Ldloca_S && LocalIndex(method, i) == index; // an address taken may be written through

        /// <summary>The method of class <paramref name="type"/> (or its nearest base) that overrides virtual <paramref name="method"/>; null when not found.</summary>
        private static MethodReference? Override(TypeReference type, MethodReference method)
        {
            if (type is GenericInstanceType || method.DeclaringType is GenericInstanceType) return null;
            for (var t = type.TryResolve(); t != null; t = t.BaseType?.TryResolve())
            {
                foreach (var m in t.Methods)
                {
                    if (m.Name != method.Name || m.IsStatic || m.IsAbstract || m.Parameters.Count != method.Parameters.Count) continue;
                    if (m.Parameters.Select(p => p.ParameterType.FullName).SequenceEqual(method.Parameters.Select(p => p.ParameterType.FullName))) return m;
                }
            }
            return null;
        }

        /// <summary>True when a method can reach itself through calls that would be inlined.</summary>
        private bool IsRecursive(MethodDefinition method)
        {
            if (_recursive.TryGetValue(method, out var known)) return known;
            var seen = new HashSet<MethodDefinition>();
            var work = new Stack<MethodDefinition>();
            work.Push(method);
            bool found = false;
            while (work.Count > 0 && !found)
            {
                foreach (var callee in Callees(work.Pop()))
                {
                    if (callee == method) { found = true; break; }
                    if (seen.Add(callee)) work.Push(callee);
                }
            }
            return _recursive[method] = found;
        }

        private IEnumerable<MethodDefinition> Callees(MethodDefinition method)
        {
            if (!method.HasBody) yield break;
            foreach (var ins in method.Body.Instructions)
            {
                if (!(ins.Operand is MethodReference m) || !(ins.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj)) continue;
                var definition = m.TryResolve();
                if (definition != null && definition.HasBody && CallSemantics.IsUserCode(definition)) yield return definition;
            }
        }

        /// <summary>True when the body writes IL argument <paramref name="index"/> or takes its address (it must then be a real local).</summary>
        private static bool WritesOrAddresses(MethodDefinition method, int index)
        {
            foreach (var ins in method.Body.Instructions)
            {
                if (!(ins.OpCode.Code is Code.Starg or Code.Starg_S or Code.Ldarga or Code.Ldarga_S)) continue;
                if (ArgumentIndex(method, ins) == index) return true;
            }
            return false;
        }

        /// <summary>
        /// The instruction already emitted that pushed the value <paramref name="depth"/> below the
        /// top of the stack (0: the top), found by walking back through straight-line code; null
        /// when the walk meets a branch, a branch target or an instruction of unknown stack effect.
        /// </summary>
        private Instruction? Producer(int depth)
        {
            int need = depth;
            for (int j = _output.Count - 1; j >= 0; j--)
            {
                var ins = _output[j];
                var flow = ins.OpCode.FlowControl;
                if (flow is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw) return null;
                var effect = StackEffect.Of(ins);
                if (effect == null) return null;
                if (need < effect.Value.Pushes) return ins;
                need = need - effect.Value.Pushes + effect.Value.Pops;
                if (_targets.Contains(ins)) return null; // control may arrive here from elsewhere with other values
            }
            return null;
        }
    }
}
