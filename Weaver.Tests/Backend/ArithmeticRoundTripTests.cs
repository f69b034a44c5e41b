using System;
using AutoDiff.Weaver.IR;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>Each arithmetic operation, emitted from hand-built IR and run, against C#.</summary>
    public class ArithmeticRoundTripTests
    {
        private static readonly (double, double)[] DoublePairs = { (3.5, 1.25), (-7.0, 2.0), (0.1, -0.3), (1e300, 1e300), (5.0, 0.0) };

        [TestCase(Op.Add)]
        [TestCase(Op.Sub)]
        [TestCase(Op.Mul)]
        [TestCase(Op.Div)]
        [TestCase(Op.Rem)]
        public void Double_binary(Op op)
        {
            using var woven = Weave("DD_D", (f, b) => b.Return(b.Binary(op, f.Parameters[0], f.Parameters[1])));
            var fn = woven.Get<Func<double, double, double>>(StubsType, "DD_D");
            foreach (var (x, y) in DoublePairs)
            {
                double expected = op switch
                {
                    Op.Add => x + y, Op.Sub => x - y, Op.Mul => x * y, Op.Div => x / y, _ => x % y,
                };
                Assert.That(fn(x, y), Is.EqualTo(expected), $"{op}({x}, {y})");
            }
        }

        [TestCase(Op.Add)]
        [TestCase(Op.Sub)]
        [TestCase(Op.Mul)]
        [TestCase(Op.Div)]
        [TestCase(Op.Rem)]
        [TestCase(Op.Neg)]
        public void Float_arithmetic(Op op)
        {
            using var woven = Weave("FF_F", (f, b) => b.Return(op == Op.Neg
                ? b.Unary(op, f.Parameters[0])
                : b.Binary(op, f.Parameters[0], f.Parameters[1])));
            var fn = woven.Get<Func<float, float, float>>(StubsType, "FF_F");
            foreach (var (x, y) in new[] { (3.5f, 1.25f), (0.1f, 0.2f), (-2.5f, 3f), (1e30f, 1e30f) })
            {
                float expected = op switch
                {
                    Op.Add => x + y, Op.Sub => x - y, Op.Mul => x * y, Op.Div => x / y, Op.Rem => x % y, _ => -x,
                };
                Assert.That(fn(x, y), Is.EqualTo(expected), $"{op}({x}, {y})");
            }
        }

        [TestCase(Op.Add)] [TestCase(Op.Sub)] [TestCase(Op.Mul)] [TestCase(Op.Div)] [TestCase(Op.Rem)]
        [TestCase(Op.DivUn)] [TestCase(Op.RemUn)] [TestCase(Op.And)] [TestCase(Op.Or)] [TestCase(Op.Xor)]
        [TestCase(Op.Shl)] [TestCase(Op.Shr)] [TestCase(Op.ShrUn)] [TestCase(Op.Neg)] [TestCase(Op.Not)]
        [TestCase(Op.AddOvf)] [TestCase(Op.AddOvfUn)] [TestCase(Op.SubOvf)] [TestCase(Op.SubOvfUn)] [TestCase(Op.MulOvf)] [TestCase(Op.MulOvfUn)]
        public void Int32_arithmetic(Op op)
        {
            using var woven = Weave("II_I", (f, b) => b.Return(OpFacts.IsUnary(op)
                ? b.Unary(op, f.Parameters[0])
                : b.Binary(op, f.Parameters[0], f.Parameters[1])));
            var fn = woven.Get<Func<int, int, int>>(StubsType, "II_I");
            foreach (var (x, y) in new[] { (17, 5), (-17, 5), (int.MaxValue, 2), (-1, 3), (int.MinValue, 7), (6, 31) })
            {
                int Expected() => op switch
                {
                    Op.Add => unchecked(x + y), Op.Sub => unchecked(x - y), Op.Mul => unchecked(x * y),
                    Op.Div => x / y, Op.Rem => x % y, Op.DivUn => (int)((uint)x / (uint)y), Op.RemUn => (int)((uint)x % (uint)y),
                    Op.And => x & y, Op.Or => x | y, Op.Xor => x ^ y,
                    Op.Shl => x << y, Op.Shr => x >> y, Op.ShrUn => (int)((uint)x >> y), Op.Neg => unchecked(-x), Op.Not => ~x,
                    Op.AddOvf => checked(x + y), Op.AddOvfUn => (int)checked(unchecked((uint)x) + unchecked((uint)y)),
                    Op.SubOvf => checked(x - y), Op.SubOvfUn => (int)checked(unchecked((uint)x) - unchecked((uint)y)),
                    Op.MulOvf => checked(x * y), _ => (int)checked(unchecked((uint)x) * unchecked((uint)y)),
                };
                AssertSameOutcome(Expected, () => fn(x, y), $"{op}({x}, {y})");
            }
        }

        [TestCase(Op.Add)] [TestCase(Op.Mul)] [TestCase(Op.Div)] [TestCase(Op.RemUn)] [TestCase(Op.Shl)] [TestCase(Op.ShrUn)]
        [TestCase(Op.Xor)] [TestCase(Op.Neg)] [TestCase(Op.MulOvf)] [TestCase(Op.SubOvfUn)]
        public void Int64_arithmetic(Op op)
        {
            using var woven = Weave("LL_L", (f, b) =>
            {
                // Shift amounts are int32 in IL.
                var y = op is Op.Shl or Op.ShrUn ? b.Convert(ConversionKind.I4, f.Parameters[1]) : (Value)f.Parameters[1];
                b.Return(OpFacts.IsUnary(op) ? b.Unary(op, f.Parameters[0]) : b.Binary(op, f.Parameters[0], y));
            });
            var fn = woven.Get<Func<long, long, long>>(StubsType, "LL_L");
            foreach (var (x, y) in new[] { (17L, 5L), (-17L, 5L), (long.MaxValue, 2L), (-1L, 3L), (1L << 40, 33L) })
            {
                long Expected() => op switch
                {
                    Op.Add => unchecked(x + y), Op.Mul => unchecked(x * y), Op.Div => x / y,
                    Op.RemUn => (long)((ulong)x % (ulong)y), Op.Shl => x << (int)y, Op.ShrUn => (long)((ulong)x >> (int)y),
                    Op.Xor => x ^ y, Op.Neg => unchecked(-x), Op.MulOvf => checked(x * y), _ => (long)checked(unchecked((ulong)x) - unchecked((ulong)y)),
                };
                AssertSameOutcome(Expected, () => fn(x, y), $"{op}({x}, {y})");
            }
        }

        [Test]
        public void Constants_of_every_scalar_type()
        {
            using var woven = Weave("DD_D", (f, b) =>
            {
                var i32 = b.Convert(ConversionKind.R8, f.ConstInt(IrType.Int32, -123456789));
                var i64 = b.Convert(ConversionKind.R8, f.ConstInt(IrType.Int64, 1L << 50));
                var nint = b.Convert(ConversionKind.R8, f.ConstInt(IrType.NativeInt, -5));
                var f32 = b.Convert(ConversionKind.R8, b.Const(IrType.Float32, 0.1));
                var f64 = b.Const(IrType.Float64, 0.1);
                b.Return(b.Add(b.Add(b.Add(i32, i64), b.Add(nint, f32)), b.Mul(f64, f.Parameters[0])));
            });
            var fn = woven.Get<Func<double, double, double>>(StubsType, "DD_D");
            Assert.That(fn(2, 0), Is.EqualTo(-123456789.0 + (1L << 50) + (-5.0 + (double)0.1f) + 0.1 * 2));
        }

        /// <summary>Both give the same value, or both throw the same exception type.</summary>
        internal static void AssertSameOutcome<T>(Func<T> expected, Func<T> actual, string what)
        {
            T want;
            try
            {
                want = expected();
            }
            catch (Exception e)
            {
                Assert.That(() => actual(), Throws.TypeOf(e.GetType()), what);
                return;
            }
            Assert.That(actual(), Is.EqualTo(want), what);
        }
    }
}
