using AutoDiff.Weaver.IR;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>
    /// The IR the frontend reads for multi-dimensional arrays, as IrPrinter dumps of Debug and
    /// Release IL: the runtime's T[,]::Get, Set and Address calls become the element ops with one
    /// index per dimension, newobj T[,]::.ctor a NewArray with one length per dimension,
    /// GetLength and Length an ArrayLength typed i32, and a constant initializer one store per
    /// element in row-major order.
    /// </summary>
    public class MultiDimArrayDumpTests
    {
        private const string Members = @"
static double Trace(double[,] a) { double s = 0; for (int i = 0; i < a.GetLength(0); i++) s += a[i, i] * a[i, i]; return s; }
static void AddTo(double[,] a, int i, int j, double v) { a[i, j] += v; }
static float Corner(float[,,] t) { var c = new float[2, 3, 4]; c[1, 2, 3] = t[0, 1, 2]; return c[1, 2, 3] + t.Length; }
static double Initialized(double x) { var m = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }; return m[1, 0] * x; }
";

        private static string Dump(string method, bool optimize) => IrPrinter.Print(FrontendFixture.Read(Members, method, optimize));

        private static string Text(string s) => s.Replace("\r", "");

        [TestCase(false)]
        [TestCase(true)]
        public void GetAndGetLength(bool optimize)
        {
            // a[i, i] * a[i, i] is one load (RemoveRedundantLoads compares every index); GetLength(0) is i32, no conv.
            Assert.That(Dump("Trace", optimize), Is.EqualTo(Text(
@"function Trace(%a: obj<System.Double[0...,0...]>): f64
b0:
  jump b2
b1:
  %9: f64 = loadelement<Double> %a, %3, %3
  %11: f64 = mul %9, %9
  %12: f64 = add %8, %11
  %14: i32 = add %3, 1
  jump b2
b2:
  %3: i32 = phi [b0: 0], [b1: %14]
  %8: f64 = phi [b0: 0], [b1: %12]
  %6: i32 = arraylength %a, 0
  %7: i32 = cmp.lt %3, %6
  branch %7, b1, b3
b3:
  ret %8
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void CompoundAssignmentGoesThroughAddress(bool optimize)
        {
            Assert.That(Dump("AddTo", optimize), Is.EqualTo(Text(
@"function AddTo(%a: obj<System.Double[0...,0...]>, %i: i32, %j: i32, %v: f64): void
b0:
  %4: ref<System.Double> = elementaddress<Double> %a, %i, %j
  %5: f64 = loadindirect<Double> %4
  %6: f64 = add %5, %v
  storeindirect<Double> %4, %6
  ret
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void RankThreeLocalSetAndLength(bool optimize)
        {
            Assert.That(Dump("Corner", optimize), Is.EqualTo(Text(
@"function Corner(%t: obj<System.Single[0...,0...,0...]>): f32
b0:
  %4: obj<System.Single[0...,0...,0...]> = newarray<Single> 2, 3, 4
  %11: f32 = loadelement<Single> %t, 0, 1, 2
  storeelement<Single> %4, 1, 2, 3, %11
  %16: f32 = loadelement<Single> %4, 1, 2, 3
  %17: i32 = arraylength %t
  %18: f32 = conv.r4 %17
  %19: f32 = add %16, %18
  ret %19
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void ConstantInitializerInRowMajorOrder(bool optimize)
        {
            Assert.That(Dump("Initialized", optimize), Is.EqualTo(Text(
@"function Initialized(%x: f64): f64
b0:
  %3: obj<System.Double[0...,0...]> = newarray<Double> 2, 3
  storeelement<Double> %3, 0, 0, 1
  storeelement<Double> %3, 0, 1, 2
  storeelement<Double> %3, 0, 2, 3
  storeelement<Double> %3, 1, 0, 4
  storeelement<Double> %3, 1, 1, 5
  storeelement<Double> %3, 1, 2, 6
  %30: f64 = loadelement<Double> %3, 1, 0
  %31: f64 = mul %30, %x
  ret %31
")));
        }
    }
}
