using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Reads a primal method's IL into an SSA <see cref="Function"/>: the frontend's passes of the
    /// <see cref="Pipeline"/> (<see cref="CfgBuilder"/>, <see cref="SsaBuilder"/>,
    /// <see cref="RemoveTrivialPhis"/>, <see cref="RemoveDeadStructValues"/>,
    /// <see cref="RemoveRedundantLoads"/>), and before them the checks of what the frontend can read.
    /// Expects: a method definition from a module read with Cecil (symbols optional).
    /// Guarantees: a function named after the method, one parameter per IL argument (<c>this</c>
    /// first), pure SSA (no variables) that passes <see cref="IrVerifier"/>; arrays, class
    /// instances and strings are Object values, ref/in/out parameters and the addresses of
    /// elements and fields are ByRef values, Span/ReadOnlySpan values are Struct values read by
    /// CallOnValue (indexer, Length, IsEmpty, Slice), memory is read and written by the IR's memory ops
    /// (locals and stack slots stay SSA values); or a
    /// <see cref="DiagnosticException"/> (AD2001–AD2007) pointing at the offending IL instruction.
    /// </summary>
    public static class PrimalReader
    {
        /// <summary>The method's IL as SSA, read alone (no inlining, no derivative): how the frontend's tests read a method.</summary>
        public static Function Read(MethodDefinition method)
        {
            var context = new PassContext(method);
            Pipeline.Standard.Run(context, PassStage.Frontend, PassStage.Frontend);
            return context.Primal;
        }

        /// <summary>
        /// The function's outline (return type and parameters, no blocks), once the method is known
        /// to be readable: it has a body, no try blocks, and a signature of types the IR models.
        /// The pipeline's first frontend pass makes it before it builds the CFG.
        /// </summary>
        public static Function Outline(MethodDefinition method)
        {
            if (!method.HasBody)
            {
                throw new DiagnosticException(DiagnosticCatalog.NoBody,
                    $"method '{method.Name}' has no IL body (it is abstract, extern, partial without implementation or a runtime method)");
            }
            var body = method.Body;
            if (body.HasExceptionHandlers)
            {
                var first = body.ExceptionHandlers.OrderBy(h => h.TryStart.Offset).First();
                throw new DiagnosticException(DiagnosticCatalog.ExceptionHandlingNotSupported,
                    $"method '{method.Name}' contains a try block ({first.HandlerType.ToString().ToLowerInvariant()} handler)", first.TryStart);
            }

            var returnType = IrType.FromClr(method.ReturnType) ?? throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                $"the return type {CSharpNames.Type(method.ReturnType)} of '{method.Name}'",
                body.Instructions.FirstOrDefault(i => i.OpCode.Code == Code.Ret));
            var function = new Function(method.Name, returnType, method);
            AddParameters(function, method);
            return function;
        }

        private static void AddParameters(Function function, MethodDefinition method)
        {
            if (method.HasThis)
            {
                if (method.DeclaringType.IsValueType)
                {
                    throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                        $"'this' of struct type {CSharpNames.Type(method.DeclaringType)} ('{method.Name}' is a method of a struct)",
                        FirstUse(method, 0));
                }
                function.AddParameter(IrType.Object(method.DeclaringType), "this");
            }
            foreach (var p in method.Parameters)
            {
                int index = function.Parameters.Count;
                var name = string.IsNullOrEmpty(p.Name) ? "arg" + index : p.Name;
                var type = IrType.FromClr(p.ParameterType);
                if (type == null || type.IsVoid)
                {
                    throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                        $"parameter {CSharpNames.Parameter(p)} of type {CSharpNames.Type(p)}", FirstUse(method, index));
                }
                function.AddParameter(type, name);
            }
        }

        /// <summary>The first ldarg/starg/ldarga of IL argument <paramref name="index"/>, or null when the body never names it.</summary>
        private static Mono.Cecil.Cil.Instruction? FirstUse(MethodDefinition method, int index)
        {
            int shift = method.HasThis ? 1 : 0;
            foreach (var ins in method.Body.Instructions)
            {
                int? used = ins.OpCode.Code switch
                {
                    Code.Ldarg_0 => 0,
                    Code.Ldarg_1 => 1,
                    Code.Ldarg_2 => 2,
                    Code.Ldarg_3 => 3,
                    _ => ins.Operand is ParameterDefinition p ? (p == method.Body.ThisParameter ? 0 : p.Index + shift) : (int?)null,
                };
                if (used == index) return ins;
            }
            return null;
        }
    }
}
