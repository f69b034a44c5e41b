using AutoDiff.Weaver.IR;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>The SSA the frontend makes for small methods, compared as IrPrinter dumps (Debug and Release IL).</summary>
    public class PrimalReaderDumpTests
    {
        private const string Members = @"
static double Square(double x) => x * x;
static double Ternary(double a, double b, double d, bool c) => a + (c ? b : d);
static double IfElse(double x) { double y; if (x > 0) y = x * 2; else y = -x; return y + 1; }
static double EarlyReturns(double x) { if (x < 0) return 0; if (x > 10) return 10; return x; }
static double SwitchInt(int k, double x) { switch (k) { case 0: return x; case 1: return x * 2; case 2: return x * 3; default: return 0; } }
enum Color { Red, Green, Blue }
static double SwitchEnum(Color c, double x) { switch (c) { case Color.Red: return x; case Color.Green: return -x; case Color.Blue: return x * x; } return 1; }
static float Mixed(float x, double y) { float z = x * 2f; z = z + (float)y; return (float)(z * y); }
static double Sum(double x, int n) { double s = 0; for (int i = 0; i < n; i++) s += x * i; return s; }
";

        private static string Dump(string method, bool optimize) => IrPrinter.Print(FrontendFixture.Read(Members, method, optimize));

        [TestCase(false)]
        [TestCase(true)]
        public void StraightLine(bool optimize)
        {
            Assert.That(Dump("Square", optimize), Is.EqualTo(
@"function Square(%x: f64): f64
b0:
  %1: f64 = mul %x, %x
  ret %1
".Replace("\r", "")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void TernaryLeavesAValueOnTheStackAcrossTheBranch(bool optimize)
        {
            // a is pushed before the branch and added after the join: the ternary's two arms meet in a phi.
            Assert.That(Dump("Ternary", optimize), Is.EqualTo(
@"function Ternary(%a: f64, %b: f64, %d: f64, %c: i32): f64
b0:
  branch %c, b2, b1
b1:
  jump b3
b2:
  jump b3
b3:
  %5: f64 = phi [b1: %d], [b2: %b]
  %6: f64 = add %a, %5
  ret %6
".Replace("\r", "")));
        }

        [Test]
        public void IfElseAssigningALocal_Release()
        {
            Assert.That(Dump("IfElse", true), Is.EqualTo(
@"function IfElse(%x: f64): f64
b0:
  %2: i32 = cmp.leun %x, 0
  branch %2, b2, b1
b1:
  %5: f64 = mul %x, 2
  jump b3
b2:
  %3: f64 = neg %x
  jump b3
b3:
  %6: f64 = phi [b1: %5], [b2: %3]
  %8: f64 = add %6, 1
  ret %8
".Replace("\r", "")));
        }

        [Test]
        public void IfElseAssigningALocal_Debug()
        {
            // Debug IL compares with cgt, stores the bool in a local and branches on it.
            var dump = Dump("IfElse", false);
            StringAssert.Contains("cmp.gt %x, 0", dump);
            StringAssert.Contains("f64 = phi [b1: ", dump);
            StringAssert.DoesNotContain("load", dump);
        }

        [TestCase(false)]
        [TestCase(true)]
        public void EarlyReturns(bool optimize)
        {
            var expected = optimize
                ? @"function EarlyReturns(%x: f64): f64
b0:
  %2: i32 = cmp.geun %x, 0
  branch %2, b2, b1
b1:
  ret 0
b2:
  %4: i32 = cmp.leun %x, 10
  branch %4, b4, b3
b3:
  ret 10
b4:
  ret %x
"
                // Debug IL funnels every return through one local and one ret.
                : @"function EarlyReturns(%x: f64): f64
b0:
  %2: i32 = cmp.lt %x, 0
  branch %2, b1, b2
b1:
  jump b5
b2:
  %4: i32 = cmp.gt %x, 10
  branch %4, b3, b4
b3:
  jump b5
b4:
  jump b5
b5:
  %7: f64 = phi [b1: 0], [b3: 10], [b4: %x]
  ret %7
";
            Assert.That(Dump("EarlyReturns", optimize), Is.EqualTo(expected.Replace("\r", "")));
        }

        [Test]
        public void SwitchOverAnInt_Release()
        {
            Assert.That(Dump("SwitchInt", true), Is.EqualTo(
@"function SwitchInt(%k: i32, %x: f64): f64
b0:
  switch %k, [b2, b3, b4], b1
b1:
  jump b5
b2:
  ret %x
b3:
  %3: f64 = mul %x, 2
  ret %3
b4:
  %5: f64 = mul %x, 3
  ret %5
b5:
  ret 0
".Replace("\r", "")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void SwitchOverAnEnum(bool optimize)
        {
            var f = FrontendFixture.Read(Members, "SwitchEnum", optimize);
            Assert.That(f.Parameters[0].Type, Is.SameAs(IrType.Int32), "an enum takes its underlying type");
            var sw = f.Entry.Terminator as Switch ?? f.Blocks.Find(b => b.Terminator is Switch)?.Terminator as Switch;
            Assert.That(sw, Is.Not.Null);
            Assert.That(sw!.Targets, Has.Count.EqualTo(3));
            if (optimize)
            {
                Assert.That(IrPrinter.Print(f), Is.EqualTo(
@"function SwitchEnum(%c: i32, %x: f64): f64
b0:
  switch %c, [b2, b3, b4], b1
b1:
  jump b5
b2:
  ret %x
b3:
  %2: f64 = neg %x
  ret %2
b4:
  %3: f64 = mul %x, %x
  ret %3
b5:
  ret 1
".Replace("\r", "")));
            }
        }

        [TestCase(false)]
        [TestCase(true)]
        public void FloatDoubleMixWithConversions(bool optimize)
        {
            Assert.That(Dump("Mixed", optimize), Is.EqualTo(
@"function Mixed(%x: f32, %y: f64): f32
b0:
  %3: f32 = mul %x, 2f
  %4: f32 = conv.r4 %y
  %5: f32 = add %3, %4
  %6: f64 = conv.r8 %5
  %7: f64 = mul %6, %y
  %8: f32 = conv.r4 %7
  ret %8
".Replace("\r", "")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void ForLoopGetsPhisAtTheHeader(bool optimize)
        {
            Assert.That(Dump("Sum", optimize), Is.EqualTo(
@"function Sum(%x: f64, %n: i32): f64
b0:
  jump b2
b1:
  %9: f64 = conv.r8 %4
  %10: f64 = mul %x, %9
  %11: f64 = add %7, %10
  %13: i32 = add %4, 1
  jump b2
b2:
  %4: i32 = phi [b0: 0], [b1: %13]
  %7: f64 = phi [b0: 0], [b1: %11]
  %6: i32 = cmp.lt %4, %n
  branch %6, b1, b3
b3:
  ret %7
".Replace("\r", "")));
        }
    }
}
