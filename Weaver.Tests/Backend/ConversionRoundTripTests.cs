using System;
using AutoDiff.Weaver.IR;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>Every conversion kind, emitted and run, against the C# cast (checked ones too).</summary>
    public class ConversionRoundTripTests
    {
        private static readonly long[] Longs = { 0, 100, 200, -1, 40000, -40000, 3_000_000_000, -3_000_000_000, long.MinValue };

        [TestCase(ConversionKind.I1)] [TestCase(ConversionKind.U1)] [TestCase(ConversionKind.I2)] [TestCase(ConversionKind.U2)]
        [TestCase(ConversionKind.I4)] [TestCase(ConversionKind.U4)]
        [TestCase(ConversionKind.OvfI1)] [TestCase(ConversionKind.OvfU1)] [TestCase(ConversionKind.OvfI2)] [TestCase(ConversionKind.OvfU2)]
        [TestCase(ConversionKind.OvfI4)] [TestCase(ConversionKind.OvfU4)]
        [TestCase(ConversionKind.OvfI1Un)] [TestCase(ConversionKind.OvfU1Un)] [TestCase(ConversionKind.OvfI2Un)] [TestCase(ConversionKind.OvfU2Un)]
        [TestCase(ConversionKind.OvfI4Un)] [TestCase(ConversionKind.OvfU4Un)]
        public void Int64_to_small_integers(ConversionKind kind)
        {
            using var woven = Weave("L_I", (f, b) => b.Return(b.Convert(kind, f.Parameters[0])));
            var fn = woven.Get<Func<long, int>>(StubsType, "L_I");
            foreach (var x in Longs)
            {
                int Expected() => kind switch
                {
                    ConversionKind.I1 => unchecked((sbyte)x), ConversionKind.U1 => unchecked((byte)x),
                    ConversionKind.I2 => unchecked((short)x), ConversionKind.U2 => unchecked((ushort)x),
                    ConversionKind.I4 => unchecked((int)x), ConversionKind.U4 => unchecked((int)(uint)x),
                    ConversionKind.OvfI1 => checked((sbyte)x), ConversionKind.OvfU1 => checked((byte)x),
                    ConversionKind.OvfI2 => checked((short)x), ConversionKind.OvfU2 => checked((ushort)x),
                    ConversionKind.OvfI4 => checked((int)x), ConversionKind.OvfU4 => unchecked((int)checked((uint)x)),
                    ConversionKind.OvfI1Un => checked((sbyte)(ulong)x), ConversionKind.OvfU1Un => checked((byte)(ulong)x),
                    ConversionKind.OvfI2Un => checked((short)(ulong)x), ConversionKind.OvfU2Un => checked((ushort)(ulong)x),
                    ConversionKind.OvfI4Un => checked((int)(ulong)x), _ => unchecked((int)checked((uint)(ulong)x)),
                };
                ArithmeticRoundTripTests.AssertSameOutcome(Expected, () => fn(x), $"{kind}({x})");
            }
        }

        [TestCase(ConversionKind.I8)] [TestCase(ConversionKind.U8)] [TestCase(ConversionKind.OvfI8)] [TestCase(ConversionKind.OvfU8)]
        [TestCase(ConversionKind.OvfI8Un)] [TestCase(ConversionKind.OvfU8Un)] [TestCase(ConversionKind.I)] [TestCase(ConversionKind.U)]
        [TestCase(ConversionKind.OvfI)] [TestCase(ConversionKind.OvfU)] [TestCase(ConversionKind.OvfIUn)] [TestCase(ConversionKind.OvfUUn)]
        public void Double_to_wide_integers(ConversionKind kind)
        {
            using var woven = Weave("D_L", (f, b) =>
            {
                Value converted = b.Convert(kind, f.Parameters[0]);
                // Native ints widen to long as the C# cast from nint/nuint does.
                if (converted.Type.Kind == IrTypeKind.NativeInt) converted = b.Convert(kind is ConversionKind.U or ConversionKind.OvfU or ConversionKind.OvfUUn ? ConversionKind.U8 : ConversionKind.I8, converted);
                b.Return(converted);
            });
            var fn = woven.Get<Func<double, long>>(StubsType, "D_L");
            foreach (var x in new[] { 0.0, 1.5, -1.5, 1e10, -1e10, 1e19 })
            {
                long Expected() => kind switch
                {
                    ConversionKind.I8 or ConversionKind.I => unchecked((long)x),
                    ConversionKind.U8 or ConversionKind.U => unchecked((long)(ulong)x),
                    ConversionKind.OvfI8 or ConversionKind.OvfI or ConversionKind.OvfI8Un or ConversionKind.OvfIUn => checked((long)x),
                    _ => unchecked((long)checked((ulong)x)),
                };
                if (x < 0 && kind is ConversionKind.U8 or ConversionKind.U) continue; // unspecified in IL, platform-dependent
                if (x >= 9.3e18 && kind is ConversionKind.I8 or ConversionKind.I) continue; // unspecified in IL
                ArithmeticRoundTripTests.AssertSameOutcome(Expected, () => fn(x), $"{kind}({x})");
            }
        }

        [Test]
        public void Integers_to_floats([Values(ConversionKind.R4, ConversionKind.R8, ConversionKind.RUn)] ConversionKind kind)
        {
            using var woven = Weave("L_D", (f, b) => b.Return(b.ToFloat(b.Convert(kind, f.Parameters[0]), IrType.Float64)));
            var fn = woven.Get<Func<long, double>>(StubsType, "L_D");
            foreach (var x in new[] { 0L, 123456789123L, -5L, long.MaxValue, -1L })
            {
                double expected = kind switch
                {
                    ConversionKind.R4 => (float)x,
                    ConversionKind.R8 => (double)x,
                    _ => (double)(ulong)x,
                };
                Assert.That(fn(x), Is.EqualTo(expected), $"{kind}({x})");
            }
        }

        [Test]
        public void Double_to_float()
        {
            using var woven = Weave("D_F", (f, b) => b.Return(b.Convert(ConversionKind.R4, f.Parameters[0])));
            var fn = woven.Get<Func<double, float>>(StubsType, "D_F");
            Assert.That(fn(0.1), Is.EqualTo((float)0.1));
            Assert.That(fn(1e300), Is.EqualTo(float.PositiveInfinity));
        }
    }
}
