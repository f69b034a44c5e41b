using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Frontend.Inlining;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// A generic primal (<c>T F&lt;T&gt;(T x) where T : INumber&lt;T&gt;</c>) closed over one type
    /// argument: a detached, non-generic copy of the method in which every <c>!!0</c> is that
    /// argument (<c>double F(double x)</c>; <c>constrained. !!0 call op_Multiply</c> becomes
    /// <c>constrained. double call op_Multiply</c>, which the inliner lowers to <c>mul</c>), as the
    /// inliner closes a generic helper at its call site. The rest of the engine reads it as any
    /// primal. Its instructions keep the original offsets and sequence points, so diagnostics
    /// point at the user's lines. Never added to the module.
    /// </summary>
    public static class ClosedPrimal
    {
        public static MethodDefinition Close(MethodDefinition open, TypeReference argument)
        {
            var site = new GenericInstanceMethod(open);
            site.GenericArguments.Add(argument);
            var generic = new GenericContext(site);
            var closed = new MethodDefinition(open.Name, open.Attributes, generic.Type(open.ReturnType))
            {
                DeclaringType = open.DeclaringType,
                HasThis = open.HasThis,
                ExplicitThis = open.ExplicitThis,
                ImplAttributes = open.ImplAttributes,
            };
            var parameters = new Dictionary<ParameterDefinition, ParameterDefinition>();
            foreach (var p in open.Parameters)
            {
                var copy = new ParameterDefinition(p.Name, p.Attributes, generic.Type(p.ParameterType));
                closed.Parameters.Add(copy);
                parameters[p] = copy;
            }
            if (!open.HasBody) return closed;
            var body = new MethodBody(closed) { InitLocals = open.Body.InitLocals };
            closed.Body = body;
            if (open.HasThis) parameters[open.Body.ThisParameter] = body.ThisParameter;
            var locals = open.Body.Variables.Select(v => new VariableDefinition(generic.Type(v.VariableType))).ToList();
            foreach (var v in locals) body.Variables.Add(v);

            var map = new Dictionary<Instruction, Instruction>();
            foreach (var ins in open.Body.Instructions)
            {
                var copy = Instruction.Create(OpCodes.Nop);
                copy.OpCode = ins.OpCode;
                copy.Offset = ins.Offset;
                copy.Operand = ins.Operand switch
                {
                    VariableDefinition v => locals[v.Index],
                    ParameterDefinition p => parameters[p],
                    Instruction or Instruction[] => ins.Operand, // mapped below, once every copy exists
                    var other => generic.Operand(other),
                };
                map[ins] = copy;
                body.Instructions.Add(copy);
            }
            foreach (var copy in body.Instructions)
            {
                copy.Operand = copy.Operand switch
                {
                    Instruction target => map[target],
                    Instruction[] targets => targets.Select(t => map[t]).ToArray(),
                    var other => other,
                };
            }
            foreach (var h in open.Body.ExceptionHandlers)
            {
                body.ExceptionHandlers.Add(new ExceptionHandler(h.HandlerType)
                {
                    TryStart = Map(map, h.TryStart), TryEnd = Map(map, h.TryEnd),
                    HandlerStart = Map(map, h.HandlerStart), HandlerEnd = Map(map, h.HandlerEnd),
                    FilterStart = Map(map, h.FilterStart),
                    CatchType = h.CatchType == null ? null : generic.Type(h.CatchType),
                });
            }
            CopySequencePoints(open, closed, map);
            return closed;
        }

        private static Instruction? Map(Dictionary<Instruction, Instruction> map, Instruction? ins) => ins == null ? null : map[ins];

        private static void CopySequencePoints(MethodDefinition open, MethodDefinition closed, Dictionary<Instruction, Instruction> map)
        {
            if (!open.DebugInformation.HasSequencePoints) return;
            var byOffset = open.Body.Instructions.ToDictionary(i => i.Offset, i => map[i]);
            foreach (var sp in open.DebugInformation.SequencePoints)
            {
                if (!byOffset.TryGetValue(sp.Offset, out var at)) continue;
                closed.DebugInformation.SequencePoints.Add(new SequencePoint(at, sp.Document)
                {
                    StartLine = sp.StartLine, StartColumn = sp.StartColumn, EndLine = sp.EndLine, EndColumn = sp.EndColumn,
                });
            }
        }
    }
}
