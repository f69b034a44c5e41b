using System.Linq;
using AutoDiff.Weaver.Differentiation;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// Writes the body of a generic derivative's declaration (<c>(T, T) D&lt;T&gt;(T x, T dret)</c>):
    /// for each closing, <c>if (typeof(T) == typeof(double)) return D__double(x, dret);</c>, the
    /// arguments and the result reinterpreted between T and the closing's type as
    /// <c>Unsafe.As</c> does (<c>ldarga; ldobj</c>: the same bits, since T is that type there). The
    /// JIT compiles each instantiation over a value type on its own and folds the typeof tests,
    /// so <c>D&lt;double&gt;</c> is a direct call of <c>D__double</c>. Any other T throws
    /// NotSupportedException naming the derivative and T: the weaver refuses such calls in the
    /// assembly it weaves (AD4010), so this is reached only from other assemblies or reflection.
    /// </summary>
    public static class GenericDispatch
    {
        public static void Write(GenericDerivative derivative)
        {
            var declaration = derivative.Declaration;
            var module = declaration.Module;
            var t = declaration.GenericParameters[0];
            var body = new MethodBody(declaration) { InitLocals = true };
            var il = body.GetILProcessor();
            var systemType = Corlib(module, "System", "Type");
            var fromHandle = new MethodReference("GetTypeFromHandle", systemType, systemType) { HasThis = false };
            fromHandle.Parameters.Add(new ParameterDefinition(Corlib(module, "System", "RuntimeTypeHandle", valueType: true)));
            var equality = new MethodReference("op_Equality", module.TypeSystem.Boolean, systemType) { HasThis = false };
            equality.Parameters.Add(new ParameterDefinition(systemType));
            equality.Parameters.Add(new ParameterDefinition(systemType));

            foreach (var closing in derivative.Closings)
            {
                var next = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldtoken, t);
                il.Emit(OpCodes.Call, fromHandle);
                il.Emit(OpCodes.Ldtoken, closing.Argument);
                il.Emit(OpCodes.Call, fromHandle);
                il.Emit(OpCodes.Call, equality);
                il.Emit(OpCodes.Brfalse, next);
                if (declaration.HasThis) il.Emit(OpCodes.Ldarg_0);
                var stub = closing.Stub;
                for (int k = 0; k < declaration.Parameters.Count; k++)
                {
                    var open = declaration.Parameters[k];
                    if (!MentionsParameter(open.ParameterType) || open.ParameterType is ByReferenceType or PointerType)
                    {
                        il.Emit(OpCodes.Ldarg, open); // the same value (a byref or pointer is reinterpreted as it is)
                        continue;
                    }
                    il.Emit(OpCodes.Ldarga, open);
                    il.Emit(OpCodes.Ldobj, stub.Parameters[k].ParameterType);
                }
                il.Emit(OpCodes.Call, stub);
                if (declaration.ReturnType.MetadataType != MetadataType.Void && MentionsParameter(declaration.ReturnType))
                {
                    var result = new VariableDefinition(stub.ReturnType);
                    body.Variables.Add(result);
                    il.Emit(OpCodes.Stloc, result);
                    il.Emit(OpCodes.Ldloca, result);
                    il.Emit(OpCodes.Ldobj, declaration.ReturnType);
                }
                il.Emit(OpCodes.Ret);
                il.Append(next);
            }

            var concat = new MethodReference("Concat", module.TypeSystem.String, module.TypeSystem.String) { HasThis = false };
            for (int k = 0; k < 3; k++) concat.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
            var toString = new MethodReference("ToString", module.TypeSystem.String, module.TypeSystem.Object) { HasThis = true };
            var exception = Corlib(module, "System", "NotSupportedException");
            var constructor = new MethodReference(".ctor", module.TypeSystem.Void, exception) { HasThis = true };
            constructor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
            var made = string.Join(" and ", derivative.Closings.Select(c => "T = " + Diagnostics.CSharpNames.Type(c.Argument)));
            il.Emit(OpCodes.Ldstr, $"{Diagnostics.CSharpNames.Type(declaration.DeclaringType)}.{declaration.Name}<T>, the derivative of {Diagnostics.CSharpNames.Type(derivative.Primal.DeclaringType)}.{derivative.Primal.Name}<T>, is made for {made} only; it was called with T = ");
            il.Emit(OpCodes.Ldtoken, t);
            il.Emit(OpCodes.Call, fromHandle);
            il.Emit(OpCodes.Callvirt, toString);
            il.Emit(OpCodes.Ldstr, ". Call it with double or float (converting with double.CreateChecked), or write a non-generic overload for that type with its own attribute.");
            il.Emit(OpCodes.Call, concat);
            il.Emit(OpCodes.Newobj, constructor);
            il.Emit(OpCodes.Throw);

            declaration.ImplAttributes = (declaration.ImplAttributes & ~(MethodImplAttributes.InternalCall | MethodImplAttributes.Runtime)) | MethodImplAttributes.IL | MethodImplAttributes.Managed
                | MethodImplAttributes.AggressiveInlining; // a call of the closing once the JIT has folded the tests: let it go into the caller
            declaration.IsPInvokeImpl = false;
            declaration.DebugInformation.SequencePoints.Clear();
            declaration.DebugInformation.Scope = null;
            declaration.Body = body;
            ShortForms.Apply(body);
        }

        private static TypeReference Corlib(ModuleDefinition module, string ns, string name, bool valueType = false) =>
            new TypeReference(ns, name, module, module.TypeSystem.CoreLibrary, valueType);

        private static bool MentionsParameter(TypeReference type) => type switch
        {
            GenericParameter => true,
            GenericInstanceType g => g.GenericArguments.Any(MentionsParameter),
            TypeSpecification s => MentionsParameter(s.ElementType),
            _ => false,
        };
    }
}
