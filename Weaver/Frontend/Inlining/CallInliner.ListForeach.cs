using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    // `foreach (var v in list)` over a List<double> or List<float>: C# calls GetEnumerator, keeps
    // the struct List<T>.Enumerator in a local, and wraps the loop in try/finally to Dispose it,
    // which the frontend does not read (AD2003). The enumerator only walks the list by index, and
    // its Dispose does nothing, so the loop is copied as the index loop it is:
    //
    //   GetEnumerator(); stloc e   →  list = …; index = -1; count = list.Count
    //   e.MoveNext()               →  ListShadows.EnumerationUnchanged(count, list.Count); ++index < count
    //   e.Current                  →  list[index]    (the indexer: an element op, SsaBuilder.Lists.cs)
    //   leave                      →  br;  the finally (e.Dispose()) is left out
    //
    // The enumerator throws InvalidOperationException when the list changed since the loop began;
    // the check on Count keeps that for an Add or Remove during the loop (the list enumerated
    // grown or shrunk). A write `list[i] = v` to the list enumerated also makes the enumerator
    // throw, which the count does not see: it is refused (AD4004) where it names the variable the
    // loop walks; through another variable holding the same list it goes unseen (README says so).
    // Lowered only when every exception handler of the body is such a finally and the enumerator
    // local is used for nothing else; any other try stays AD2003.
    public sealed partial class CallInliner
    {
        /// <summary>What each instruction of a body with lowerable foreach loops becomes.</summary>
        private enum ForeachRole { Drop, Start, MoveNext, MoveNextCall, Current, CurrentCall, Leave }

        /// <summary>The roles of a body's instructions (null: no foreach to lower, or one that cannot be), and each enumerator local's list type.</summary>
        private static (Dictionary<Instruction, ForeachRole> Roles, Dictionary<int, GenericInstanceType> Lists, List<(Instruction Start, Instruction? End, int Local)> Loops)? ForeachPlan(MethodBody body)
        {
            if (!body.HasExceptionHandlers) return null;
            var roles = new Dictionary<Instruction, ForeachRole>();
            var lists = new Dictionary<int, GenericInstanceType>();
            var loops = new List<(Instruction, Instruction?, int)>();
            var instructions = body.Instructions;
            foreach (var h in body.ExceptionHandlers)
            {
                if (h.HandlerType != ExceptionHandlerType.Finally) return null;
                var handler = Range(instructions, h.HandlerStart, h.HandlerEnd).Where(i => i.OpCode.Code != Code.Nop).ToList();
                if (handler.Count != 4 || !(handler[0].Operand is VariableDefinition e) || handler[0].OpCode.Code is not (Code.Ldloca or Code.Ldloca_S) ||
                    handler[1].OpCode.Code != Code.Constrained || handler[2].OpCode.Code != Code.Callvirt || !(handler[2].Operand is MethodReference { Name: "Dispose" }) ||
                    handler[3].OpCode.Code != Code.Endfinally || !(EnumeratedList(e.VariableType) is { } list))
                {
                    return null;
                }
                lists[e.Index] = list;
                loops.Add((h.TryStart, h.TryEnd, e.Index));
                foreach (var i in Range(instructions, h.HandlerStart, h.HandlerEnd)) roles[i] = ForeachRole.Drop;
            }
            foreach (var i in instructions)
            {
                if (i.OpCode.Code is Code.Leave or Code.Leave_S) roles[i] = ForeachRole.Leave;
                if (roles.ContainsKey(i) || !(LocalOf(body, i) is { } local) || !lists.ContainsKey(local.Index)) continue;
                var before = Previous(i);
                var after = i.Next;
                if (i.OpCode.Code is Code.Stloc or Code.Stloc_S or Code.Stloc_0 or Code.Stloc_1 or Code.Stloc_2 or Code.Stloc_3 &&
                    before is { OpCode.Code: Code.Callvirt, Operand: MethodReference { Name: "GetEnumerator" } get } && get.DeclaringType.FullName == lists[local.Index].FullName)
                {
                    roles[before] = ForeachRole.Drop;
                    roles[i] = ForeachRole.Start;
                }
                else if (i.OpCode.Code is Code.Ldloca or Code.Ldloca_S && after is { OpCode.Code: Code.Call, Operand: MethodReference { Name: "MoveNext" or "get_Current" } m })
                {
                    roles[i] = m.Name == "MoveNext" ? ForeachRole.MoveNext : ForeachRole.Current;
                    roles[after] = m.Name == "MoveNext" ? ForeachRole.MoveNextCall : ForeachRole.CurrentCall;
                }
                else
                {
                    return null; // the enumerator is used some other way
                }
            }
            return (roles, lists, loops);
        }

        /// <summary>List&lt;float&gt; or List&lt;double&gt; when <paramref name="type"/> is its Enumerator.</summary>
        private static GenericInstanceType? EnumeratedList(TypeReference type)
        {
            if (!(type is GenericInstanceType g) || g.ElementType.Name != "Enumerator" || g.ElementType.DeclaringType == null) return null;
            var list = new GenericInstanceType(g.ElementType.DeclaringType);
            list.GenericArguments.Add(g.GenericArguments[0]);
            return ListTypes.IsFloatList(list) ? list : null;
        }

        private static IEnumerable<Instruction> Range(IList<Instruction> all, Instruction start, Instruction? end)
        {
            for (var i = start; i != null && i != end; i = i.Next) yield return i;
        }

        private static Instruction? Previous(Instruction i)
        {
            var p = i.Previous;
            while (p != null && p.OpCode.Code == Code.Nop) p = p.Previous;
            return p;
        }

        private static VariableDefinition? LocalOf(MethodBody body, Instruction i) => i.OpCode.Code switch
        {
            Code.Ldloc_0 or Code.Stloc_0 => body.Variables[0],
            Code.Ldloc_1 or Code.Stloc_1 => body.Variables[1],
            Code.Ldloc_2 or Code.Stloc_2 => body.Variables[2],
            Code.Ldloc_3 or Code.Stloc_3 => body.Variables[3],
            _ => i.Operand as VariableDefinition,
        };

        /// <summary>The lowering of the foreach loops of the body being copied (one per body copy: its own locals).</summary>
        private sealed class ForeachCopy
        {
            public ForeachCopy((Dictionary<Instruction, ForeachRole> Roles, Dictionary<int, GenericInstanceType> Lists, List<(Instruction Start, Instruction? End, int Local)> Loops) plan)
            {
                Roles = plan.Roles;
                Lists = plan.Lists;
                Loops = plan.Loops;
            }

            /// <summary>Each loop's try block (its body) and enumerator local.</summary>
            public List<(Instruction Start, Instruction? End, int Local)> Loops { get; }

            /// <summary>Per enumerator local: the copied instruction that pushed the list walked (a ldarg or ldloc), when known.</summary>
            public Dictionary<int, Instruction?> Walked { get; } = new Dictionary<int, Instruction?>();

            public Dictionary<Instruction, ForeachRole> Roles { get; }

            public Dictionary<int, GenericInstanceType> Lists { get; }

            /// <summary>Per enumerator local: the list, the index and the count at the start.</summary>
            public Dictionary<int, (VariableDefinition List, VariableDefinition Index, VariableDefinition Count)> Locals { get; } =
                new Dictionary<int, (VariableDefinition, VariableDefinition, VariableDefinition)>();
        }

        /// <summary>
        /// AD4004 for <c>list[i] = v</c> inside a foreach over that same list (the same parameter or
        /// local): the enumerator throws InvalidOperationException at its next step, which the
        /// lowered loop's check on Count does not see. Called before <paramref name="ins"/> is copied.
        /// </summary>
        private void RefuseWriteToWalkedList(ForeachCopy plan, Instruction ins)
        {
            if (ins.OpCode.Code != Code.Callvirt || !(ins.Operand is MethodReference { Name: "set_Item" } set) || !ListTypes.IsFloatList(set.DeclaringType)) return;
            foreach (var (start, end, local) in plan.Loops)
            {
                if (ins.Offset < start.Offset || end != null && ins.Offset >= end.Offset) continue;
                if (!plan.Walked.TryGetValue(local, out var walked) || walked == null || !(Producer(depth: 2) is { } receiver)) continue;
                if (SameLoad(walked, receiver))
                {
                    throw new Diagnostics.DiagnosticException(Diagnostics.DiagnosticCatalog.NotSupportedYet,
                        $"{Diagnostics.CSharpNames.Method(set)} writes the list this foreach walks; the list's enumerator throws InvalidOperationException at its next step, which the weaver's copy of the loop does not model: loop with for (int i = 0; i < list.Count; i++) instead", ins);
                }
            }
        }

        /// <summary>True when both load the same argument or local (ldarg/ldloc of one variable).</summary>
        private static bool SameLoad(Instruction a, Instruction b)
        {
            static string? Key(Instruction i) => i.OpCode.Code switch
            {
                Code.Ldarg or Code.Ldarg_S => "a" + ((ParameterDefinition)i.Operand).Index,
                Code.Ldloc or Code.Ldloc_S => "l" + ((VariableDefinition)i.Operand).Index,
                _ => null,
            };
            var k = Key(a);
            return k != null && k == Key(b);
        }

        /// <summary>
        /// Appends what <paramref name="ins"/> of a lowered foreach becomes; false when it has no
        /// role (copied as usual). A leave is handed back as a br for the caller to resolve.
        /// </summary>
        private bool TryLowerForeach(ForeachCopy plan, MethodDefinition source, Instruction ins, List<(Instruction, object)> branches)
        {
            if (!plan.Roles.TryGetValue(ins, out var role)) return false;
            switch (role)
            {
                case ForeachRole.Drop:
                case ForeachRole.MoveNextCall:
                    Append(Instruction.Create(OpCodes.Nop));
                    return true;
                case ForeachRole.CurrentCall: // `call Enumerator.get_Current`, its receiver already replaced by the list and the index
                    Append(Instruction.Create(OpCodes.Callvirt, Engine.KnownMethods.ListIndexer(EnumeratedList(((MethodReference)ins.Operand).DeclaringType)!, set: false)));
                    return true;
                case ForeachRole.Leave:
                {
                    var jump = Instruction.Create(OpCodes.Br, ins); // resolved with the other branches
                    branches.Add((jump, ins.Operand));
                    Append(jump);
                    return true;
                }
            }
            var e = LocalOf(source.Body, ins)!.Index;
            var list = plan.Lists[e];
            if (!plan.Locals.TryGetValue(e, out var v))
            {
                plan.Locals[e] = v = (AddLocal(list), AddLocal(_context.Module.TypeSystem.Int32), AddLocal(_context.Module.TypeSystem.Int32));
            }
            var count = ListTypes.Count(list);
            switch (role)
            {
                case ForeachRole.Start: // the list is on the stack
                    plan.Walked[e] = Producer(depth: 0);
                    Append(Instruction.Create(OpCodes.Stloc, v.List));
                    Append(Instruction.Create(OpCodes.Ldc_I4_M1));
                    Append(Instruction.Create(OpCodes.Stloc, v.Index));
                    Append(Instruction.Create(OpCodes.Ldloc, v.List));
                    Append(Instruction.Create(OpCodes.Callvirt, count));
                    Append(Instruction.Create(OpCodes.Stloc, v.Count));
                    return true;
                case ForeachRole.MoveNext: // pushes (++index < count), after checking the list kept its Count
                    Append(Instruction.Create(OpCodes.Ldloc, v.Count));
                    Append(Instruction.Create(OpCodes.Ldloc, v.List));
                    Append(Instruction.Create(OpCodes.Callvirt, count));
                    Append(Instruction.Create(OpCodes.Call, _context.Methods.ListEnumerationUnchanged()));
                    Append(Instruction.Create(OpCodes.Ldloc, v.Index));
                    Append(Instruction.Create(OpCodes.Ldc_I4_1));
                    Append(Instruction.Create(OpCodes.Add));
                    Append(Instruction.Create(OpCodes.Dup));
                    Append(Instruction.Create(OpCodes.Stloc, v.Index));
                    Append(Instruction.Create(OpCodes.Ldloc, v.Count));
                    Append(Instruction.Create(OpCodes.Clt));
                    return true;
                default: // Current: the enumerator's address becomes the list and the index
                    Append(Instruction.Create(OpCodes.Ldloc, v.List));
                    Append(Instruction.Create(OpCodes.Ldloc, v.Index));
                    return true;
            }
        }
    }
}
