using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver;
using AutoDiff.Weaver.Differentiation;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// A derivative ready to be called: its primal and derivative methods loaded, every parameter
    /// given a plan, and the derivative's signature (semantics.md "Generated signature", as the
    /// weaver and the generator both build it) to place arguments and read results by role.
    /// </summary>
    internal sealed class BoundDerivative
    {
        public BoundDerivative(DeclaredDerivative declared, MethodInfo primal, MethodInfo derivative,
            IReadOnlyList<ParameterPlan> parameters, ReturnPlan returns, DerivativeSignature signature)
        {
            Declared = declared;
            Parameters = parameters;
            Return = returns;
            Signature = signature;
            Primal = Invoker.For(primal);
            Derivative = Invoker.For(derivative);
        }

        public DeclaredDerivative Declared { get; }

        public DerivativeRequest Request => Declared.Request!;

        public string Name => Declared.Primal.DeclaringType.FullName.Replace('/', '.') + "." + Declared.Name;

        public bool IsReverse => Request.Mode == DerivativeMode.Reverse;

        /// <summary>Lanes of a batch forward derivative; 1 otherwise.</summary>
        public int Width => IsReverse ? 1 : Request.Width;

        public IReadOnlyList<ParameterPlan> Parameters { get; }

        public ReturnPlan Return { get; }

        public DerivativeSignature Signature { get; }

        public Invoker Primal { get; }

        public Invoker Derivative { get; }

        /// <summary>Float anywhere among the differentiated values makes the whole comparison a float one.</summary>
        public Scalar Precision =>
            Parameters.Any(p => (p.IsInput || p.IsOutput) && p.Element == Scalar.Float) || (Return.IsOutput && Return.Element == Scalar.Float)
                ? Scalar.Float
                : Scalar.Double;

        /// <summary>The differentiated inputs, in parameter then element order.</summary>
        public IReadOnlyList<Slot> Inputs(int size) =>
            Parameters.Where(p => p.IsInput).SelectMany(p => Enumerable.Range(0, p.Length(size)).Select(k => new Slot(p.Index, k))).ToList();

        /// <summary>The differentiated outputs: the return value first, then memory in parameter order.</summary>
        public IReadOnlyList<Slot> Outputs(int size)
        {
            var outputs = new List<Slot>();
            if (Return.IsOutput) outputs.Add(new Slot(Slot.Return, 0));
            outputs.AddRange(Parameters.Where(p => p.IsOutput).SelectMany(p => Enumerable.Range(0, p.Length(size)).Select(k => new Slot(p.Index, k))));
            return outputs;
        }
    }
}
