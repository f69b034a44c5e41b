using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation
{
    /// <summary>
    /// The derivative function's outline, shared by both modes: its parameters made from the
    /// declaration's (the stub's), which of them copy which primal parameter, which are shadows
    /// (per lane), and the seed. Also where the primal's parameters are mapped into the clone.
    /// </summary>
    public sealed class DerivativeFrame
    {
        private readonly Dictionary<(int Primal, int Lane), Parameter> _shadows = new Dictionary<(int, int), Parameter>();

        public DerivativeFrame(DerivativeRequest request, DerivativeSignature signature, MethodDefinition stub, Function primal)
        {
            Request = request;
            Signature = signature;
            Stub = stub;
            var returnType = IrType.FromClr(stub.ReturnType) ?? IrType.Struct(stub.ReturnType);
            Function = new Function(request.Name, returnType, stub);
            Cloner = new PrimalCloner(primal, Function);
            ThisOffset = stub.HasThis ? 1 : 0;
            if (stub.HasThis)
            {
                var self = Function.AddParameter(IrType.Object(stub.DeclaringType), "this");
                Cloner.MapParameter(primal.Parameters[0], self);
            }
            foreach (var sp in signature.Parameters)
            {
                var type = IrType.FromClr(sp.Type) ?? throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"'{request.Name}': parameter '{sp.Name}' of type {Diagnostics.CSharpNames.Type(sp.Type)} is not supported yet");
                var p = Function.AddParameter(type, sp.Name);
                switch (sp.Role)
                {
                    case ParameterRole.Primal:
                        Cloner.MapParameter(primal.Parameters[sp.PrimalIndex + ThisOffset], p);
                        break;
                    case ParameterRole.Shadow:
                        _shadows[(sp.PrimalIndex, sp.Lane)] = p;
                        break;
                    case ParameterRole.Seed:
                        Seed = p;
                        break;
                    case ParameterRole.ThisShadow:
                        _shadows[(-1, 0)] = p;
                        break;
                }
            }
        }

        public DerivativeRequest Request { get; }

        public DerivativeSignature Signature { get; }

        public MethodDefinition Stub { get; }

        public Function Function { get; }

        public PrimalCloner Cloner { get; }

        /// <summary>1 when the methods have <c>this</c> as IR parameter 0, else 0.</summary>
        public int ThisOffset { get; }

        /// <summary>Reverse mode with an active return: <c>dret</c>.</summary>
        public Parameter? Seed { get; }

        /// <summary>The shadow parameter of a primal parameter (by IR index of the primal function) in a lane, if it has one.</summary>
        public Parameter? ShadowOf(Parameter primalParameter, int lane) =>
            _shadows.TryGetValue((primalParameter.Index - ThisOffset, lane), out var p) ? p : null;

        /// <summary>The activity the attribute gives a primal parameter (by IR index); <c>this</c> is Const here.</summary>
        public Activity ActivityOf(Parameter primalParameter) =>
            primalParameter.Index < ThisOffset ? Request.ThisActivity : Request.Parameters[primalParameter.Index - ThisOffset];
    }
}
