using System.Linq;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>
    /// The IR the frontend reads for code over memory (arrays, ref/out parameters, fields, static
    /// readonly fields, throw), compared as IrPrinter dumps of Debug and Release IL. Locals stay
    /// SSA values; only the memory itself is read and written by memory ops.
    /// </summary>
    public class MemoryDumpTests
    {
        private const string Members = @"
static double SumSquares(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * x[i]; return s; }
static void AddTo(double[] a, int i, double v) { a[i] += v; }
static void RosenbrockInp(double x, double y, ref double output) { output = (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x); }
static void Cube(ref double x) { x = x * (x * x); }
static void SquareAndCube(double x, out double square, out double cube) { square = x * x; cube = square * x; }
static float Corner(float[][] m, int i, int j) => m[i][j];
static double ReadWriteRead(double[] a, double[] b) { var u = a[0]; b[1] = 2; return u * a[0] * a[0]; }
static readonly double Half = 0.5;
static double Scaled(double x) => x * Half;
static double First(double[] a) { if (a.Length == 0) throw new ArgumentException(""empty"", nameof(a)); return a[0]; }
public sealed class Accumulator
{
    private double _total;
    public double Add(double x) { _total = _total + x * x; return _total; }
}
";

        private static string Dump(string method, bool optimize) => IrPrinter.Print(FrontendFixture.Read(Members, method, optimize));

        private static string Text(string s) => s.Replace("\r", "");

        [TestCase(false)]
        [TestCase(true)]
        public void SumOverAnArray(bool optimize)
        {
            // x.Length is ldlen (native int) then conv.i4; x[i] * x[i] is one load used twice (RemoveRedundantLoads: nothing writes between them).
            Assert.That(Dump("SumSquares", optimize), Is.EqualTo(Text(
@"function SumSquares(%x: obj<System.Double[]>): f64
b0:
  jump b2
b1:
  %9: f64 = loadelement<Double> %x, %3
  %11: f64 = mul %9, %9
  %12: f64 = add %8, %11
  %14: i32 = add %3, 1
  jump b2
b2:
  %3: i32 = phi [b0: 0], [b1: %14]
  %8: f64 = phi [b0: 0], [b1: %12]
  %5: nint = arraylength %x
  %6: i32 = conv.i4 %5
  %7: i32 = cmp.lt %3, %6
  branch %7, b1, b3
b3:
  ret %8
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void CompoundAssignmentToAnElementGoesThroughItsAddress(bool optimize)
        {
            // ldelema; dup; ldind.r8; ...; stind.r8: the duplicated address is one ByRef value used twice.
            Assert.That(Dump("AddTo", optimize), Is.EqualTo(Text(
@"function AddTo(%a: obj<System.Double[]>, %i: i32, %v: f64): void
b0:
  %3: ref<System.Double> = elementaddress<Double> %a, %i
  %4: f64 = loadindirect<Double> %3
  %5: f64 = add %4, %v
  storeindirect<Double> %3, %5
  ret
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void RefOutputIsWrittenThroughTheParameter(bool optimize)
        {
            Assert.That(Dump("RosenbrockInp", optimize), Is.EqualTo(Text(
@"function RosenbrockInp(%x: f64, %y: f64, %output: ref<System.Double>): void
b0:
  %4: f64 = sub 1, %x
  %6: f64 = sub 1, %x
  %7: f64 = mul %4, %6
  %9: f64 = mul %x, %x
  %10: f64 = sub %y, %9
  %11: f64 = mul 100, %10
  %12: f64 = mul %x, %x
  %13: f64 = sub %y, %12
  %14: f64 = mul %11, %13
  %15: f64 = add %7, %14
  storeindirect<Double> %output, %15
  ret
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void RefParameterReadOnceForItsThreeUsesThenWritten(bool optimize)
        {
            Assert.That(Dump("Cube", optimize), Is.EqualTo(Text(
@"function Cube(%x: ref<System.Double>): void
b0:
  %1: f64 = loadindirect<Double> %x
  %4: f64 = mul %1, %1
  %5: f64 = mul %1, %4
  storeindirect<Double> %x, %5
  ret
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void A_write_between_two_loads_of_one_element_keeps_both(bool optimize)
        {
            // b may be a: a[0] after the store is read again; the third read is the second's value.
            var text = Dump("ReadWriteRead", optimize);
            Assert.That(text.Split('\n').Count(l => l.Contains("loadelement<Double> %a")), Is.EqualTo(2), text);
        }

        [TestCase(false)]
        [TestCase(true)]
        public void OutParametersAreByRefsWrittenThenRead(bool optimize)
        {
            var f = FrontendFixture.Read(Members, "SquareAndCube", optimize);
            Assert.That(f.Parameters.Select(p => p.Type.Kind), Is.EqualTo(new[] { IrTypeKind.Float64, IrTypeKind.ByRef, IrTypeKind.ByRef }));
            Assert.That(IrPrinter.Print(f), Is.EqualTo(Text(
@"function SquareAndCube(%x: f64, %square: ref<System.Double>, %cube: ref<System.Double>): void
b0:
  %3: f64 = mul %x, %x
  storeindirect<Double> %square, %3
  %5: f64 = loadindirect<Double> %square
  %6: f64 = mul %5, %x
  storeindirect<Double> %cube, %6
  ret
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void JaggedArrayRowThenElement(bool optimize)
        {
            // ldelem.ref takes the row type from the array's static type; ldelem.r4 says float.
            Assert.That(Dump("Corner", optimize), Is.EqualTo(Text(
@"function Corner(%m: obj<System.Single[][]>, %i: i32, %j: i32): f32
b0:
  %3: obj<System.Single[]> = loadelement<Single[]> %m, %i
  %4: f32 = loadelement<Single> %3, %j
  ret %4
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void StaticReadonlyConstant(bool optimize)
        {
            Assert.That(Dump("Scaled", optimize), Is.EqualTo(Text(
@"function Scaled(%x: f64): f64
b0:
  %1: f64 = loadstaticfield F.Half
  %2: f64 = mul %x, %1
  ret %2
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void ArgumentCheckThatThrows(bool optimize)
        {
            var expected = optimize
                // Release branches on the length itself (brtrue on a native int).
                ? @"function First(%a: obj<System.Double[]>): f64
b0:
  %1: nint = arraylength %a
  branch %1, b2, b1
b1:
  %4: obj<System.String> = ldstr ""empty""
  %5: obj<System.String> = ldstr ""a""
  %6: obj<System.ArgumentException> = newobj ArgumentException(%4, %5)
  throw %6
b2:
  %3: f64 = loadelement<Double> %a, 0
  ret %3
"
                : @"function First(%a: obj<System.Double[]>): f64
b0:
  %1: nint = arraylength %a
  %3: i32 = cmp.eq %1, 0
  branch %3, b1, b2
b1:
  %6: obj<System.String> = ldstr ""empty""
  %7: obj<System.String> = ldstr ""a""
  %8: obj<System.ArgumentException> = newobj ArgumentException(%6, %7)
  throw %8
b2:
  %5: f64 = loadelement<Double> %a, 0
  ret %5
";
            var f = FrontendFixture.Read(Members, "First", optimize);
            Assert.That(IrPrinter.Print(f), Is.EqualTo(Text(expected)));
            var thrower = f.Blocks.Single(b => b.Terminator is Throw);
            Assert.That(thrower.Successors, Is.Empty);
            Assert.That(thrower.Terminator!.Origin!.OpCode.Code, Is.EqualTo(Mono.Cecil.Cil.Code.Throw));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void FieldOfThisReadAndWritten(bool optimize)
        {
            using var module = TestCompiler.Compile(FrontendFixture.Wrap(Members), optimize, runGenerator: false).ReadModule();
            var method = module.GetType("F/Accumulator").Methods.Single(m => m.Name == "Add");
            Assert.That(IrPrinter.Print(FrontendFixture.ReadVerified(method)), Is.EqualTo(Text(
@"function Add(%this: obj<F/Accumulator>, %x: f64): f64
b0:
  %2: f64 = loadfield Accumulator._total %this
  %3: f64 = mul %x, %x
  %4: f64 = add %2, %3
  storefield Accumulator._total %this, %4
  %6: f64 = loadfield Accumulator._total %this
  ret %6
")));
        }
    }
}
