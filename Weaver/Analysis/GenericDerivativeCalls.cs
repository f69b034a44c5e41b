using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Calls in the woven module that would reach a generic derivative with a type argument it is
    /// not made for (<see cref="GenericDerivative.IsMadeFor"/>): <c>D&lt;decimal&gt;(...)</c> itself,
    /// and calls of generic methods that pass their own type parameter on to it
    /// (<c>G&lt;T&gt;</c> calls <c>D&lt;T&gt;</c>, and <c>G&lt;Half&gt;</c> is called), found by following
    /// method type parameters to a fixed point. Each is returned with the method and instruction
    /// of the call and what it passes; the engine reports them (AD4010). A type parameter of a
    /// generic type passed on is not followed (its instantiations are not calls of one method):
    /// such a call, if it comes, meets the dispatch's exception at run time. Reads; changes nothing.
    /// </summary>
    public static class GenericDerivativeCalls
    {
        public sealed class Misuse
        {
            public Misuse(MethodDefinition caller, Instruction call, MethodReference callee, TypeReference argument, MethodDefinition derivative)
            {
                Caller = caller;
                Call = call;
                Callee = callee;
                Argument = argument;
                Derivative = derivative;
            }

            public MethodDefinition Caller { get; }

            public Instruction Call { get; }

            /// <summary>What is called: the derivative itself, or a generic method that passes T on to it.</summary>
            public MethodReference Callee { get; }

            public TypeReference Argument { get; }

            /// <summary>The generic derivative reached.</summary>
            public MethodDefinition Derivative { get; }
        }

        public static List<Misuse> Find(ModuleDefinition module, IEnumerable<MethodDefinition> derivatives)
        {
            // Generic methods whose type parameter (by position) becomes a generic derivative's T, with that derivative.
            var reaching = new Dictionary<(MethodDefinition Method, int Position), MethodDefinition>();
            foreach (var d in derivatives) reaching[(d, 0)] = d;
            var calls = (from type in module.GetTypes()
                         from method in type.Methods
                         where method.HasBody
                         from ins in method.Body.Instructions
                         where ins.Operand is GenericInstanceMethod
                         select (Method: method, Call: ins, Callee: (GenericInstanceMethod)ins.Operand)).ToList();
            for (bool grew = true; grew;)
            {
                grew = false;
                foreach (var (method, _, callee) in calls)
                {
                    var definition = callee.ElementMethod.TryResolve();
                    if (definition == null) continue;
                    for (int p = 0; p < callee.GenericArguments.Count; p++)
                    {
                        if (!reaching.TryGetValue((definition, p), out var derivative)) continue;
                        if (callee.GenericArguments[p] is GenericParameter { Type: GenericParameterType.Method } passed && passed.Owner == method &&
                            !reaching.ContainsKey((method, passed.Position)))
                        {
                            reaching[(method, passed.Position)] = derivative;
                            grew = true;
                        }
                    }
                }
            }
            var misuses = new List<Misuse>();
            foreach (var (method, call, callee) in calls)
            {
                var definition = callee.ElementMethod.TryResolve();
                if (definition == null) continue;
                for (int p = 0; p < callee.GenericArguments.Count; p++)
                {
                    var argument = callee.GenericArguments[p];
                    if (!reaching.TryGetValue((definition, p), out var derivative) || argument is GenericParameter || GenericDerivative.IsMadeFor(argument)) continue;
                    misuses.Add(new Misuse(method, call, callee, argument, derivative));
                }
            }
            return misuses;
        }
    }
}
