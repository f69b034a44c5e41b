using System;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Tests.Support
{
    // Spans: a Span<T>/ReadOnlySpan<T> value is an IrSpan over a real array. Made by x.AsSpan(...)
    // (MemoryExtensions), the implicit conversions (T[] → span, Span → ReadOnlySpan) and
    // new Span<T>(array[, start, length]); read by CallOnValue get_Item (an ElementReference),
    // get_Length, get_IsEmpty, Slice. A null array makes an empty span, as in .NET.
    public sealed partial class IrInterpreter
    {
        private static bool TryExecuteSpan(Instruction i, object?[] args, out object? result)
        {
            result = null;
            switch (i.Op)
            {
                case Op.CallOnValue:
                {
                    var span = args[0] as IrSpan ?? throw new InvalidOperationException($"{i} is called on {args[0]}, not a span");
                    result = i.Method!.Name switch
                    {
                        "get_Item" => span.Item(Convert.ToInt64(args[1])),
                        "get_Length" => span.Length,
                        "get_IsEmpty" => span.Length == 0 ? 1 : 0,
                        "Slice" => span.Slice(Convert.ToInt64(args[1]), args.Length > 2 ? Convert.ToInt64(args[2]) : (long?)null),
                        _ => throw new NotSupportedException($"the interpreter does not run {i.Method.FullName}"),
                    };
                    return true;
                }
                case Op.NewObj when i.Type.Kind == IrTypeKind.Struct && IrType.IsSpan(i.Type.Clr!):
                    result = MakeSpan(args);
                    return true;
                case Op.Call when i.Type.Kind == IrTypeKind.Struct && IrType.IsSpan(i.Type.Clr!):
                {
                    var owner = i.Method!.DeclaringType;
                    bool conversion = i.Method.Name == "op_Implicit" && IrType.IsSpan(owner);
                    bool asSpan = i.Method.Name == "AsSpan" && owner.FullName == "System.MemoryExtensions";
                    if (!conversion && !asSpan) throw new NotSupportedException($"the interpreter does not run {i.Method.FullName}");
                    result = args[0] is IrSpan s ? s : MakeSpan(args);
                    return true;
                }
                default:
                    return false;
            }
        }

        /// <summary>(array), (array, start) or (array, start, length), as the constructors and AsSpan take them.</summary>
        private static IrSpan MakeSpan(object?[] args)
        {
            if (args[0] == null)
            {
                if (args.Length > 1 && Convert.ToInt64(args[1]) != 0 || args.Length > 2 && Convert.ToInt64(args[2]) != 0) throw new ArgumentOutOfRangeException();
                return new IrSpan(Array.Empty<object>());
            }
            var array = ArrayOf(args[0]);
            int start = args.Length > 1 ? Convert.ToInt32(args[1]) : 0;
            int length = args.Length > 2 ? Convert.ToInt32(args[2]) : array.Length - start;
            return new IrSpan(array, start, length);
        }
    }
}
