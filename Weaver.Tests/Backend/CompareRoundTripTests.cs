using System;
using AutoDiff.Weaver.IR;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>
    /// Every comparison against C#: on floats with NaN, infinities and signed zeros (the
    /// unordered forms are the negations C# writes as <c>!(a &lt; b)</c>), and on integers with
    /// negative values (signed versus unsigned).
    /// </summary>
    public class CompareRoundTripTests
    {
        private static readonly double[] Doubles = { 1, 2, double.NaN, -0.0, 0.0, double.PositiveInfinity, double.NegativeInfinity };
        private static readonly long[] Longs = { 1, 2, -1, 0, long.MinValue, long.MaxValue };

        private static bool Expected(CompareKind kind, double a, double b) => kind switch
        {
            CompareKind.Eq => a == b,
            CompareKind.NeUn => !(a == b),
            CompareKind.Lt => a < b,
            CompareKind.LtUn => !(a >= b),
            CompareKind.Le => a <= b,
            CompareKind.LeUn => !(a > b),
            CompareKind.Gt => a > b,
            CompareKind.GtUn => !(a <= b),
            CompareKind.Ge => a >= b,
            _ => !(a < b),
        };

        private static bool Expected(CompareKind kind, long a, long b) => kind switch
        {
            CompareKind.Eq => a == b,
            CompareKind.NeUn => a != b,
            CompareKind.Lt => a < b,
            CompareKind.LtUn => (ulong)a < (ulong)b,
            CompareKind.Le => a <= b,
            CompareKind.LeUn => (ulong)a <= (ulong)b,
            CompareKind.Gt => a > b,
            CompareKind.GtUn => (ulong)a > (ulong)b,
            CompareKind.Ge => a >= b,
            _ => (ulong)a >= (ulong)b,
        };

        [Test]
        public void Double_comparisons_match_CSharp_including_NaN([Values] CompareKind kind)
        {
            using var woven = Weave("DD_I", (f, b) => b.Return(b.Compare(kind, f.Parameters[0], f.Parameters[1])));
            var fn = woven.Get<Func<double, double, int>>(StubsType, "DD_I");
            foreach (var x in Doubles)
            {
                foreach (var y in Doubles)
                {
                    Assert.That(fn(x, y), Is.EqualTo(Expected(kind, x, y) ? 1 : 0), $"{kind}({x}, {y})");
                }
            }
        }

        [Test]
        public void Float_comparisons_match_CSharp_including_NaN([Values] CompareKind kind)
        {
            using var woven = Weave("FF_I", (f, b) => b.Return(b.Compare(kind, f.Parameters[0], f.Parameters[1])));
            var fn = woven.Get<Func<float, float, int>>(StubsType, "FF_I");
            foreach (var x in Doubles)
            {
                foreach (var y in Doubles)
                {
                    Assert.That(fn((float)x, (float)y), Is.EqualTo(Expected(kind, x, y) ? 1 : 0), $"{kind}({x}f, {y}f)");
                }
            }
        }

        [Test]
        public void Integer_comparisons_keep_signedness([Values] CompareKind kind)
        {
            using var woven = Weave("LL_I", (f, b) => b.Return(b.Compare(kind, f.Parameters[0], f.Parameters[1])));
            var fn = woven.Get<Func<long, long, int>>(StubsType, "LL_I");
            foreach (var x in Longs)
            {
                foreach (var y in Longs)
                {
                    Assert.That(fn(x, y), Is.EqualTo(Expected(kind, x, y) ? 1 : 0), $"{kind}({x}, {y})");
                }
            }
        }

        [Test]
        public void Select_picks_by_condition_and_computes_one_arm()
        {
            // x < y ? x * 2 : y + 1
            using var woven = Weave("DD_D", (f, b) =>
            {
                var x = f.Parameters[0];
                var y = f.Parameters[1];
                b.Return(b.Select(b.Compare(CompareKind.Lt, x, y), b.Mul(x, b.Const(IrType.Float64, 2)), b.Add(y, b.Const(IrType.Float64, 1))));
            });
            var fn = woven.Get<Func<double, double, double>>(StubsType, "DD_D");
            foreach (var (x, y) in new[] { (1.0, 2.0), (3.0, 2.0), (double.NaN, 1.0) })
            {
                Assert.That(fn(x, y), Is.EqualTo(x < y ? x * 2 : y + 1), $"({x}, {y})");
            }
        }
    }
}
