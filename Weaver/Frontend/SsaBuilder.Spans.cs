using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Span<T> and ReadOnlySpan<T>: parameters and locals of these types are Struct values like any
    // other SSA value. C# reads a span through its address: `s[i]` is ldarga/ldloca s, i,
    // call get_Item; `s.Length` is ldarga s, call get_Length. The address of a span variable is
    // pushed as a SpanAddress placeholder; when it is the receiver of a call to get_Item,
    // get_Length, get_IsEmpty or Slice it becomes CallOnValue on the variable's value at the call,
    // and when it is the receiver of a constructor (Roslyn constructs `Span<T> s = new(...)` in
    // place) the variable gets a NewObj. Any other use of the address (popped by anything else,
    // left on the stack across a branch) is AD2004 at the ldarga/ldloca.
    public sealed partial class SsaBuilder
    {
        /// <summary>
        /// The address of a variable (ldarga/ldloca) while it sits on the simulated stack: no value
        /// the IR holds, only something the next instructions read through. Any other use of it is
        /// AD2004 at the ldarga/ldloca.
        /// </summary>
        private abstract class AddressPlaceholder : Value
        {
            protected AddressPlaceholder(IrType type, IlInstruction origin, string what)
                : base(-1, type)
            {
                Origin = origin;
                What = what;
            }

            public IlInstruction Origin { get; }

            /// <summary>The AD2004 message should the address be used for anything else.</summary>
            public string What { get; }

            public DiagnosticException Misused() => new DiagnosticException(DiagnosticCatalog.AddressTaken, What, Origin);

            /// <summary>True when <paramref name="other"/> is the address of the same place (so the two may meet where control joins).</summary>
            public abstract bool SamePlace(AddressPlaceholder other);
        }

        /// <summary>The address of a span-typed parameter or local.</summary>
        private sealed class SpanAddress : AddressPlaceholder
        {
            public SpanAddress(int key, TypeReference spanType, IlInstruction origin, string what)
                : base(IrType.ByRef(spanType), origin, what)
            {
                Key = key;
            }

            /// <summary>The SSA variable key (argument or local) whose address this is.</summary>
            public int Key { get; }

            public override bool SamePlace(AddressPlaceholder other) => other is SpanAddress s && s.Key == Key;

            public override string Name => "&" + Key;
        }

        /// <summary>Pushes the address of a span parameter (ldarga) or local (ldloca); false for a variable of any other type.</summary>
        private bool TryPushSpanAddress(IlInstruction ins, List<Value> stack)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Ldarga:
                case Code.Ldarga_S:
                {
                    int index = ArgumentIndex(ins);
                    var parameter = _function.Parameters[index];
                    if (parameter.Type.Kind != IrTypeKind.Struct || !IrType.IsSpan(parameter.Type.Clr!)) return false;
                    stack.Add(new SpanAddress(index, parameter.Type.Clr!, ins, ParameterAddressTaken(ins)));
                    return true;
                }
                case Code.Ldloca:
                case Code.Ldloca_S:
                {
                    var local = Local(ins);
                    if (!IrType.IsSpan(local.VariableType)) return false;
                    var type = LocalType(local, ins);
                    stack.Add(new SpanAddress(LocalKey(local.Index), type.Clr!, ins, LocalAddressTaken(ins)));
                    return true;
                }
                default:
                    return false;
            }
        }

        private string ParameterAddressTaken(IlInstruction ins) =>
            $"the address of parameter '{_function.Parameters[ArgumentIndex(ins)].ParameterName}' is taken (passed by ref/out/in, or a method is called on it)";

        private string LocalAddressTaken(IlInstruction ins) =>
            $"the address of {CSharpNames.Local(_method, Local(ins))} is taken (passed by ref/out/in, a ref local, or a method called on a struct)";

        /// <summary>
        /// Translates a call whose receiver is a span's address (a SpanAddress on the stack below
        /// the arguments); false when the call is not one (the caller translates it as usual).
        /// </summary>
        private bool TryTranslateSpanCall(IlInstruction ins, MethodReference method, List<Value> stack, IrBuilder builder)
        {
            if (!method.HasThis || !IrType.IsSpan(method.DeclaringType)) return false;
            int receiverAt = stack.Count - 1 - method.Parameters.Count;
            if (receiverAt < 0 || !(stack[receiverAt] is SpanAddress address)) return false;
            if (ins.OpCode.Code != Code.Call) throw address.Misused();

            var spanType = method.DeclaringType;
            IrType? result;
            switch (method.Name)
            {
                case "get_Item": result = IrType.ByRef(((GenericInstanceType)spanType).GenericArguments[0]); break;
                case "get_Length":
                case "get_IsEmpty": result = IrType.Int32; break;
                case "Slice": result = IrType.Struct(spanType); break;
                case ".ctor": result = null; break;
                default:
                    throw new DiagnosticException(DiagnosticCatalog.AddressTaken,
                        $"{address.What}: {CSharpNames.Method(method)} is called on it (of a span's members, the indexer, Length, IsEmpty and Slice are read)", address.Origin);
            }
            var arguments = PopArguments(method, ParameterTypes(method, ins), 0, stack, ins, builder);
            stack.RemoveAt(stack.Count - 1); // the address
            if (result == null)
            {
                // `Span<T> s = new Span<T>(...)` constructed in place: the variable gets the new value.
                WriteVariable(builder.Block, address.Key, builder.NewObj(method, arguments));
                return true;
            }
            var receiver = ReadVariable(builder.Block, address.Key);
            stack.Add(builder.CallOnValue(method, result, receiver, arguments));
            return true;
        }


    }
}
