using System;
using System.Reflection;
using System.Reflection.Emit;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// Calls a static method with arguments in an <c>object?[]</c>, spans and refs included, which
    /// reflection's Invoke cannot pass (a span cannot be boxed). A small dynamic method unpacks
    /// each argument by the parameter's type: a boxed scalar or an array as it is, an array
    /// wrapped in a (ReadOnly)Span, or the first element of a one-element array taken by
    /// reference for a ref/in/out parameter, so the callee's writes land in that array.
    /// </summary>
    internal sealed class Invoker
    {
        private readonly Func<object?[], object?> _call;

        private Invoker(MethodInfo method, Func<object?[], object?> call)
        {
            Method = method;
            _call = call;
        }

        public MethodInfo Method { get; }

        /// <summary>Calls the method; the result is boxed (a tuple as a ValueTuple), null for void. Exceptions of the callee pass through as they are.</summary>
        public object? Call(object?[] arguments) => _call(arguments);

        public static Invoker For(MethodInfo method)
        {
            var dynamic = new DynamicMethod("autodiff-check-" + method.Name, typeof(object), new[] { typeof(object?[]) }, restrictedSkipVisibility: true);
            var il = dynamic.GetILGenerator();
            var parameters = method.GetParameters();
            for (int i = 0; i < parameters.Length; i++)
            {
                var type = parameters[i].ParameterType;
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldelem_Ref);
                if (type.IsByRef)
                {
                    var element = type.GetElementType()!;
                    il.Emit(OpCodes.Castclass, element.MakeArrayType());
                    il.Emit(OpCodes.Ldc_I4_0);
                    il.Emit(OpCodes.Ldelema, element);
                }
                else if (IsSpan(type, out var element))
                {
                    il.Emit(OpCodes.Castclass, element.MakeArrayType());
                    il.Emit(OpCodes.Newobj, type.GetConstructor(new[] { element.MakeArrayType() })!);
                }
                else
                {
                    il.Emit(OpCodes.Unbox_Any, type);
                }
            }
            il.Emit(OpCodes.Call, method);
            if (method.ReturnType == typeof(void)) il.Emit(OpCodes.Ldnull);
            else il.Emit(OpCodes.Box, method.ReturnType);
            il.Emit(OpCodes.Ret);
            return new Invoker(method, (Func<object?[], object?>)dynamic.CreateDelegate(typeof(Func<object?[], object?>)));
        }

        private static bool IsSpan(Type type, out Type element)
        {
            element = typeof(void);
            if (!type.IsGenericType) return false;
            var open = type.GetGenericTypeDefinition();
            if (open != typeof(Span<>) && open != typeof(ReadOnlySpan<>)) return false;
            element = type.GetGenericArguments()[0];
            return true;
        }
    }
}
