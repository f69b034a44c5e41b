using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// Runs an IR <see cref="Function"/> directly, with IL's semantics for every op (see
    /// <see cref="IlArithmetic"/>), so tests can check that a pass keeps what a function computes.
    /// Values are held in canonical boxes: <c>int</c> (Int32), <c>long</c> (Int64 and NativeInt,
    /// 64-bit), <c>float</c>, <c>double</c>, or an object reference. Calls are made through
    /// reflection (System.Math, System.MathF, any loaded type, or the user assembly given), looked
    /// up by declaring type, name and parameter types. Variables (LoadVar/StoreVar) are supported
    /// too, so derivatives can be run as well as primals. Memory ops run on real arrays and
    /// objects (IrInterpreter.Memory.cs); a ByRef value is an <see cref="IrReference"/>, and a
    /// ref/in/out argument is passed as an <see cref="ArgumentBox"/>, a span as an <see cref="IrSpan"/>
    /// (IrInterpreter.Spans.cs). A Throw terminator throws
    /// the exception object.
    /// </summary>
    public sealed partial class IrInterpreter
    {
        private readonly Assembly? _userAssembly;

        public IrInterpreter(Assembly? userAssembly = null) => _userAssembly = userAssembly;

        /// <summary>How many blocks may run before the interpreter gives up (catches runaway loops).</summary>
        public int MaxBlockSteps { get; set; } = 1_000_000;

        /// <summary>Runs <paramref name="function"/>; arguments may be any CLR primitive (bool, char, byte...), enums or objects.</summary>
        public object? Run(Function function, params object?[] arguments)
        {
            if (arguments.Length != function.Parameters.Count)
            {
                throw new ArgumentException($"{function.Name} takes {function.Parameters.Count} arguments, got {arguments.Length}");
            }
            var values = new Dictionary<Value, object?>();
            var variables = new Dictionary<Variable, object?>();
            for (int i = 0; i < arguments.Length; i++)
            {
                values[function.Parameters[i]] = ToCanonical(arguments[i], function.Parameters[i].Type);
            }
            Block? previous = null;
            var block = function.Entry;
            for (int step = 0; step < MaxBlockSteps; step++)
            {
                // Phis read their inputs as they were at the end of the predecessor, all at once.
                var incoming = block.Phis.Select(p => Read(values, p.ValueFrom(previous ?? throw new InvalidOperationException($"phi {p} in the entry block")))).ToList();
                for (int i = 0; i < block.Phis.Count; i++) values[block.Phis[i]] = incoming[i];

                foreach (var instruction in block.Instructions)
                {
                    var result = Execute(instruction, values, variables);
                    if (!instruction.Type.IsVoid) values[instruction] = result;
                }

                previous = block;
                switch (block.Terminator)
                {
                    case Return r:
                        return r.Value == null ? null : Read(values, r.Value);
                    case Throw t:
                        throw Read(values, t.Exception) as Exception ?? new NullReferenceException();
                    case Jump j:
                        block = j.Target;
                        break;
                    case Branch b:
                        block = IsTrue(Read(values, b.Condition)) ? b.IfTrue : b.IfFalse;
                        break;
                    case Switch s:
                    {
                        var index = (uint)Convert.ToInt64(Read(values, s.Index));
                        block = index < s.Targets.Count ? s.Targets[(int)index] : s.Default;
                        break;
                    }
                    default:
                        throw new InvalidOperationException($"{block} has terminator {block.Terminator?.GetType().Name ?? "none"}");
                }
            }
            throw new InvalidOperationException($"{function.Name} ran more than {MaxBlockSteps} blocks");
        }

        /// <summary>The canonical box for a CLR value held in an IR value of type <paramref name="type"/>.</summary>
        public static object? ToCanonical(object? value, IrType type)
        {
            if (value is Enum e) value = Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()));
            switch (type.Kind)
            {
                case IrTypeKind.Int32:
                    return value switch
                    {
                        bool b => b ? 1 : 0,
                        char c => (int)c,
                        uint u => unchecked((int)u),
                        _ => Convert.ToInt32(value),
                    };
                case IrTypeKind.Int64:
                case IrTypeKind.NativeInt:
                    return value switch
                    {
                        ulong u => unchecked((long)u),
                        nint n => (long)n,
                        nuint n => unchecked((long)(ulong)n),
                        _ => Convert.ToInt64(value),
                    };
                case IrTypeKind.Float32: return Convert.ToSingle(value);
                case IrTypeKind.Float64: return Convert.ToDouble(value);
                default: return value;
            }
        }

        private object? Execute(Instruction i, Dictionary<Value, object?> values, Dictionary<Variable, object?> variables)
        {
            var args = i.Operands.Select(o => Read(values, o)).ToArray();
            if (TryExecuteSpan(i, args, out var result) || TryExecuteMemory(i, args, out result)) return result;
            switch (i.Op)
            {
                case Op.Conv:
                    return IlArithmetic.Convert(i.Conversion, i.Operands[0].Type, args[0]);
                case Op.Compare:
                    return IlArithmetic.Compare(i.Compare, i.Operands[0].Type, args[0], i.Operands[1].Type, args[1]) ? 1 : 0;
                case Op.Select:
                    return IsTrue(args[0]) ? args[1] : args[2];
                case Op.Call:
                case Op.CallVirt:
                    return Call(i, args);
                case Op.LoadVar:
                    return variables.TryGetValue(i.Variable!, out var v) ? v : ToCanonical(0, i.Variable!.Type);
                case Op.StoreVar:
                    variables[i.Variable!] = args[0];
                    return null;
            }
            if (OpFacts.IsUnary(i.Op)) return IlArithmetic.Unary(i.Op, i.Type, args[0]);
            return IlArithmetic.Binary(i.Op, i.Type, args[0], args[1]);
        }

        private object? Call(Instruction i, object?[] args)
        {
            var reference = i.Method!;
            var type = FindType(reference.DeclaringType.FullName)
                ?? throw new InvalidOperationException($"type {reference.DeclaringType.FullName} not found");
            var parameterTypes = reference.Parameters
                .Select(p => FindType(p.ParameterType.FullName) ?? throw new InvalidOperationException($"type {p.ParameterType.FullName} not found"))
                .ToArray();
            var flags = BindingFlags.Public | BindingFlags.NonPublic | (reference.HasThis ? BindingFlags.Instance : BindingFlags.Static);
            var method = type.GetMethod(reference.Name, flags, null, parameterTypes, null)
                ?? throw new InvalidOperationException($"method {reference.FullName} not found");
            int receiver = reference.HasThis ? 1 : 0;
            if (receiver == 1 && args[0] == null) throw new NullReferenceException();
            var clrArgs = new object?[parameterTypes.Length];
            for (int k = 0; k < clrArgs.Length; k++) clrArgs[k] = FromCanonical(args[receiver + k], parameterTypes[k]);
            try
            {
                var result = method.Invoke(receiver == 1 ? args[0] : null, clrArgs);
                // Reflection hands back what the callee wrote through its ref/out parameters.
                for (int k = 0; k < clrArgs.Length; k++)
                {
                    if (parameterTypes[k].IsByRef) ((IrReference)args[receiver + k]!).Set(clrArgs[k]);
                }
                return i.Type.IsVoid ? null : ToCanonical(result, i.Type);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
        }

        private Type? FindType(string fullName)
        {
            var t = Type.GetType(fullName) ?? _userAssembly?.GetType(fullName.Replace('/', '+'));
            if (t != null) return t;
            return AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName)).FirstOrDefault(x => x != null);
        }

        private static object? FromCanonical(object? value, Type clr)
        {
            if (clr.IsByRef) return value is IrReference r ? r.Get() : throw new InvalidOperationException($"a reference was expected for {clr}, found {value}");
            if (clr == typeof(bool)) return Convert.ToInt64(value) != 0;
            if (clr.IsEnum) return Enum.ToObject(clr, value!);
            switch (Type.GetTypeCode(clr))
            {
                case TypeCode.SByte: return unchecked((sbyte)(int)value!);
                case TypeCode.Byte: return unchecked((byte)(int)value!);
                case TypeCode.Int16: return unchecked((short)(int)value!);
                case TypeCode.UInt16: return unchecked((ushort)(int)value!);
                case TypeCode.Char: return unchecked((char)(int)value!);
                case TypeCode.UInt32: return unchecked((uint)(int)value!);
                case TypeCode.UInt64: return unchecked((ulong)(long)value!);
                case TypeCode.Double: return Convert.ToDouble(value);
                case TypeCode.Single: return Convert.ToSingle(value);
                default: return value;
            }
        }

        private static object? Read(Dictionary<Value, object?> values, Value v)
        {
            if (v is Constant c)
            {
                switch (c.Type.Kind)
                {
                    case IrTypeKind.Int32: return (int)c.IntValue;
                    case IrTypeKind.Int64:
                    case IrTypeKind.NativeInt: return c.IntValue;
                    case IrTypeKind.Float32: return (float)c.FloatValue;
                    case IrTypeKind.Float64: return c.FloatValue;
                    default: return null;
                }
            }
            return values.TryGetValue(v, out var value) ? value : throw new InvalidOperationException($"{v} is read before it is defined");
        }

        private static bool IsTrue(object? value) => value switch
        {
            int n => n != 0,
            long n => n != 0,
            null => false,
            float or double => throw new InvalidOperationException("a branch on a float"),
            _ => true,
        };
    }
}
