using System;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// IL's arithmetic, comparisons and conversions (ECMA-335 III.3) on the interpreter's
    /// canonical boxes. Written with the C# operators that compile to the same opcodes, so the
    /// results (rounding, saturation, overflow and divide-by-zero exceptions) are the runtime's own.
    /// NativeInt is 64-bit.
    /// </summary>
    public static class IlArithmetic
    {
        public static object Binary(Op op, IrType result, object? a, object? b)
        {
            switch (result.Kind)
            {
                case IrTypeKind.Float64: return Float64(op, ToDouble(a), ToDouble(b));
                case IrTypeKind.Float32: return Float32(op, (float)a!, (float)b!);
                case IrTypeKind.Int32:
                    return op is Op.Shl or Op.Shr or Op.ShrUn ? Int32(op, (int)a!, (int)ToLong(b)) : Int32(op, (int)a!, (int)b!);
                case IrTypeKind.Int64:
                case IrTypeKind.NativeInt:
                    return Int64(op, ToLong(a), ToLong(b));
                default:
                    throw new InvalidOperationException($"{op} on {result}");
            }
        }

        public static object Unary(Op op, IrType type, object? a)
        {
            switch (type.Kind)
            {
                case IrTypeKind.Float64: return op == Op.Neg ? -(double)a! : throw new InvalidOperationException("not on a float");
                case IrTypeKind.Float32: return op == Op.Neg ? -(float)a! : throw new InvalidOperationException("not on a float");
                case IrTypeKind.Int32: return op == Op.Neg ? unchecked(-(int)a!) : ~(int)a!;
                default: return op == Op.Neg ? unchecked(-ToLong(a)) : ~ToLong(a);
            }
        }

        public static bool Compare(CompareKind kind, IrType aType, object? a, IrType bType, object? b)
        {
            if (aType.IsFloat || bType.IsFloat)
            {
                double x = ToDouble(a), y = ToDouble(b);
                switch (kind)
                {
                    case CompareKind.Eq: return x == y;
                    case CompareKind.NeUn: return !(x == y);
                    case CompareKind.Lt: return x < y;
                    case CompareKind.LtUn: return !(x >= y);
                    case CompareKind.Le: return x <= y;
                    case CompareKind.LeUn: return !(x > y);
                    case CompareKind.Gt: return x > y;
                    case CompareKind.GtUn: return !(x <= y);
                    case CompareKind.Ge: return x >= y;
                    default: return !(x < y);
                }
            }
            if (aType.Kind == IrTypeKind.Object || bType.Kind == IrTypeKind.Object)
            {
                bool same = ReferenceEquals(a, b);
                return kind == CompareKind.Eq ? same : kind is CompareKind.NeUn or CompareKind.GtUn ? !same
                    : throw new InvalidOperationException($"cmp.{kind} on object references");
            }
            bool wide = aType.Kind != IrTypeKind.Int32 || bType.Kind != IrTypeKind.Int32;
            long s = wide ? ToLong(a) : (int)a!, t = wide ? ToLong(b) : (int)b!;
            ulong u = wide ? (ulong)s : (uint)(int)a!, v = wide ? (ulong)t : (uint)(int)b!;
            switch (kind)
            {
                case CompareKind.Eq: return s == t;
                case CompareKind.NeUn: return s != t;
                case CompareKind.Lt: return s < t;
                case CompareKind.LtUn: return u < v;
                case CompareKind.Le: return s <= t;
                case CompareKind.LeUn: return u <= v;
                case CompareKind.Gt: return s > t;
                case CompareKind.GtUn: return u > v;
                case CompareKind.Ge: return s >= t;
                default: return u >= v;
            }
        }

        public static object Convert(ConversionKind kind, IrType source, object? value)
        {
            if (source.IsFloat) return FromFloat(kind, ToDouble(value));
            long s = ToLong(value);
            ulong u = source.Kind == IrTypeKind.Int32 ? (uint)(int)value! : (ulong)s;
            switch (kind)
            {
                case ConversionKind.I1: return (int)unchecked((sbyte)s);
                case ConversionKind.U1: return (int)unchecked((byte)s);
                case ConversionKind.I2: return (int)unchecked((short)s);
                case ConversionKind.U2: return (int)unchecked((ushort)s);
                case ConversionKind.I4:
                case ConversionKind.U4: return unchecked((int)s);
                case ConversionKind.I8:
                case ConversionKind.I: return s;
                case ConversionKind.U8:
                case ConversionKind.U: return unchecked((long)u);
                case ConversionKind.R4: return (float)s;
                case ConversionKind.R8: return (double)s;
                case ConversionKind.RUn: return (double)u;
                case ConversionKind.OvfI1: return (int)checked((sbyte)s);
                case ConversionKind.OvfU1: return (int)checked((byte)s);
                case ConversionKind.OvfI2: return (int)checked((short)s);
                case ConversionKind.OvfU2: return (int)checked((ushort)s);
                case ConversionKind.OvfI4: return checked((int)s);
                case ConversionKind.OvfU4: return unchecked((int)checked((uint)s));
                case ConversionKind.OvfI8:
                case ConversionKind.OvfI: return s;
                case ConversionKind.OvfU8:
                case ConversionKind.OvfU: return unchecked((long)checked((ulong)s));
                case ConversionKind.OvfI1Un: return (int)checked((sbyte)u);
                case ConversionKind.OvfU1Un: return (int)checked((byte)u);
                case ConversionKind.OvfI2Un: return (int)checked((short)u);
                case ConversionKind.OvfU2Un: return (int)checked((ushort)u);
                case ConversionKind.OvfI4Un: return checked((int)u);
                case ConversionKind.OvfU4Un: return unchecked((int)checked((uint)u));
                case ConversionKind.OvfI8Un:
                case ConversionKind.OvfIUn: return checked((long)u);
                default: return unchecked((long)u);
            }
        }

        private static object FromFloat(ConversionKind kind, double d)
        {
            switch (kind)
            {
                case ConversionKind.I1: return (int)unchecked((sbyte)d);
                case ConversionKind.U1: return (int)unchecked((byte)d);
                case ConversionKind.I2: return (int)unchecked((short)d);
                case ConversionKind.U2: return (int)unchecked((ushort)d);
                case ConversionKind.I4: return unchecked((int)d);
                case ConversionKind.U4: return unchecked((int)(uint)d);
                case ConversionKind.I8:
                case ConversionKind.I: return unchecked((long)d);
                case ConversionKind.U8:
                case ConversionKind.U: return unchecked((long)(ulong)d);
                case ConversionKind.R4: return (float)d;
                case ConversionKind.R8:
                case ConversionKind.RUn: return d;
                case ConversionKind.OvfI1: case ConversionKind.OvfI1Un: return (int)checked((sbyte)d);
                case ConversionKind.OvfU1: case ConversionKind.OvfU1Un: return (int)checked((byte)d);
                case ConversionKind.OvfI2: case ConversionKind.OvfI2Un: return (int)checked((short)d);
                case ConversionKind.OvfU2: case ConversionKind.OvfU2Un: return (int)checked((ushort)d);
                case ConversionKind.OvfI4: case ConversionKind.OvfI4Un: return checked((int)d);
                case ConversionKind.OvfU4: case ConversionKind.OvfU4Un: return unchecked((int)checked((uint)d));
                case ConversionKind.OvfI8: case ConversionKind.OvfI8Un:
                case ConversionKind.OvfI: case ConversionKind.OvfIUn: return checked((long)d);
                default: return unchecked((long)checked((ulong)d));
            }
        }

        private static double Float64(Op op, double a, double b) => op switch
        {
            Op.Add => a + b,
            Op.Sub => a - b,
            Op.Mul => a * b,
            Op.Div => a / b,
            Op.Rem => a % b,
            _ => throw new InvalidOperationException($"{op} on f64"),
        };

        private static float Float32(Op op, float a, float b) => op switch
        {
            Op.Add => a + b,
            Op.Sub => a - b,
            Op.Mul => a * b,
            Op.Div => a / b,
            Op.Rem => a % b,
            _ => throw new InvalidOperationException($"{op} on f32"),
        };

        private static int Int32(Op op, int a, int b) => op switch
        {
            Op.Add => unchecked(a + b),
            Op.Sub => unchecked(a - b),
            Op.Mul => unchecked(a * b),
            Op.Div => a / b,
            Op.Rem => a % b,
            Op.DivUn => (int)((uint)a / (uint)b),
            Op.RemUn => (int)((uint)a % (uint)b),
            Op.AddOvf => checked(a + b),
            Op.AddOvfUn => unchecked((int)checked((uint)a + (uint)b)),
            Op.SubOvf => checked(a - b),
            Op.SubOvfUn => unchecked((int)checked((uint)a - (uint)b)),
            Op.MulOvf => checked(a * b),
            Op.MulOvfUn => unchecked((int)checked((uint)a * (uint)b)),
            Op.And => a & b,
            Op.Or => a | b,
            Op.Xor => a ^ b,
            Op.Shl => a << b,
            Op.Shr => a >> b,
            Op.ShrUn => (int)((uint)a >> b),
            _ => throw new InvalidOperationException($"{op} on i32"),
        };

        private static long Int64(Op op, long a, long b) => op switch
        {
            Op.Add => unchecked(a + b),
            Op.Sub => unchecked(a - b),
            Op.Mul => unchecked(a * b),
            Op.Div => a / b,
            Op.Rem => a % b,
            Op.DivUn => (long)((ulong)a / (ulong)b),
            Op.RemUn => (long)((ulong)a % (ulong)b),
            Op.AddOvf => checked(a + b),
            Op.AddOvfUn => unchecked((long)checked((ulong)a + (ulong)b)),
            Op.SubOvf => checked(a - b),
            Op.SubOvfUn => unchecked((long)checked((ulong)a - (ulong)b)),
            Op.MulOvf => checked(a * b),
            Op.MulOvfUn => unchecked((long)checked((ulong)a * (ulong)b)),
            Op.And => a & b,
            Op.Or => a | b,
            Op.Xor => a ^ b,
            Op.Shl => a << (int)b,
            Op.Shr => a >> (int)b,
            Op.ShrUn => (long)((ulong)a >> (int)b),
            _ => throw new InvalidOperationException($"{op} on i64"),
        };

        private static double ToDouble(object? v) => v switch
        {
            double d => d,
            float f => f,
            _ => throw new InvalidOperationException($"{v ?? "null"} is not a float"),
        };

        private static long ToLong(object? v) => v switch
        {
            int i => i,
            long l => l,
            _ => throw new InvalidOperationException($"{v ?? "null"} is not an integer"),
        };
    }
}
