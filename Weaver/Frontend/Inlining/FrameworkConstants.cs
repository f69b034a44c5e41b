using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    /// <summary>
    /// The static readonly fields of a followed framework struct (Complex.Zero, Complex.One, the
    /// private <c>s_sqrtRescaleThreshold</c> that Complex.Sqrt compares with) whose class
    /// constructor sets them to a constant: a number, an arithmetic expression of numbers and
    /// System.Math calls, or the struct's constructor on such numbers. The inliner writes the
    /// constant in place of the field's read, so a derivative never names a framework type's
    /// private field (not a contract: the app may roll forward to a runtime that renamed it) and
    /// later passes see constants. The value is what the implementation read at weave time
    /// computes, the same IL the derivative is made of. Fields set any other way stay reads.
    /// </summary>
    internal static class FrameworkConstants
    {
        private sealed class StructConstant
        {
            public StructConstant(MethodReference constructor, double[] arguments)
            {
                Constructor = constructor;
                Arguments = arguments;
            }

            public MethodReference Constructor { get; }

            public double[] Arguments { get; }
        }

        private static readonly object Gate = new object();
        private static readonly Dictionary<TypeDefinition, Dictionary<string, object>> Known = new Dictionary<TypeDefinition, Dictionary<string, object>>();

        /// <summary>The instructions that push the constant <paramref name="field"/> holds; null when it is not a static readonly field of a followed framework struct set to a constant.</summary>
        public static Instruction[]? Replacement(FieldReference field)
        {
            if (!FrameworkImplementation.IsFollowed(field.DeclaringType)) return null;
            var definition = field.TryResolve();
            if (definition == null || !definition.IsStatic || !definition.IsInitOnly) return null;
            if (!Constants(definition.DeclaringType).TryGetValue(definition.Name, out var value)) return null;
            switch (value)
            {
                case double d when definition.FieldType.MetadataType == MetadataType.Double:
                    return new[] { Instruction.Create(OpCodes.Ldc_R8, d) };
                case double f when definition.FieldType.MetadataType == MetadataType.Single:
                    return new[] { Instruction.Create(OpCodes.Ldc_R4, (float)f) };
                case StructConstant s when s.Constructor.Parameters.All(p => p.ParameterType.MetadataType is MetadataType.Double or MetadataType.Single):
                    return s.Arguments.Select((a, k) => s.Constructor.Parameters[k].ParameterType.MetadataType == MetadataType.Double
                            ? Instruction.Create(OpCodes.Ldc_R8, a) : Instruction.Create(OpCodes.Ldc_R4, (float)a))
                        .Append(Instruction.Create(OpCodes.Newobj, s.Constructor)).ToArray();
                default:
                    return null;
            }
        }

        private static Dictionary<string, object> Constants(TypeDefinition type)
        {
            lock (Gate)
            {
                if (!Known.TryGetValue(type, out var constants)) Known[type] = constants = Evaluate(type);
                return constants;
            }
        }

        /// <summary>
        /// Runs the class constructor's straight-line initialisers on a stack of constants. C#
        /// leaves the stack empty between two static initialisers, so an instruction it does not
        /// know spoils only the field its initialiser stores.
        /// </summary>
        private static Dictionary<string, object> Evaluate(TypeDefinition type)
        {
            var constants = new Dictionary<string, object>();
            var constructor = type.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic && m.HasBody);
            if (constructor == null) return constants;
            var stack = new Stack<object>();
            bool spoiled = false;
            foreach (var ins in constructor.Body.Instructions)
            {
                if (ins.OpCode.Code == Code.Stsfld)
                {
                    if (!spoiled && stack.Count == 1 && ins.Operand is FieldReference f && f.DeclaringType.FullName == type.FullName) constants[f.Name] = stack.Pop();
                    stack.Clear();
                    spoiled = false;
                    continue;
                }
                if (spoiled || !Step(ins, stack)) spoiled = true;
            }
            return constants;
        }

        private static bool Step(Instruction ins, Stack<object> stack)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Nop: return true;
                case Code.Ldc_R8: stack.Push((double)ins.Operand); return true;
                case Code.Ldc_R4: stack.Push((double)(float)ins.Operand); return true;
                case Code.Conv_R8: return stack.Count > 0 && stack.Peek() is double;
                case Code.Neg when stack.Count > 0 && stack.Peek() is double:
                    stack.Push(-(double)stack.Pop());
                    return true;
                case Code.Add: case Code.Sub: case Code.Mul: case Code.Div:
                {
                    if (stack.Count < 2 || !(stack.Pop() is double b) || !(stack.Pop() is double a)) return false;
                    stack.Push(ins.OpCode.Code switch { Code.Add => a + b, Code.Sub => a - b, Code.Mul => a * b, _ => a / b });
                    return true;
                }
                case Code.Call when ins.Operand is MethodReference m && m.DeclaringType.FullName == "System.Math" && m.Parameters.Count == 1
                    && m.Parameters[0].ParameterType.MetadataType == MetadataType.Double && m.ReturnType.MetadataType == MetadataType.Double:
                {
                    var method = typeof(Math).GetMethod(m.Name, new[] { typeof(double) });
                    if (method == null || stack.Count == 0 || !(stack.Pop() is double x)) return false;
                    stack.Push((double)method.Invoke(null, new object[] { x })!);
                    return true;
                }
                case Code.Newobj when ins.Operand is MethodReference c && FrameworkImplementation.IsFollowed(c.DeclaringType):
                {
                    int n = c.Parameters.Count;
                    if (stack.Count < n || stack.Take(n).Any(v => !(v is double))) return false;
                    var arguments = new double[n];
                    for (int k = n - 1; k >= 0; k--) arguments[k] = (double)stack.Pop();
                    stack.Push(new StructConstant(c, arguments));
                    return true;
                }
                default:
                    return false;
            }
        }
    }
}
