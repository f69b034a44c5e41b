using AutoDiff.Weaver.IR;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>
    /// The IR the frontend reads for code over Span&lt;T&gt; and ReadOnlySpan&lt;T&gt;, compared as
    /// IrPrinter dumps of Debug and Release IL. A span is a Struct value like any other SSA value;
    /// `s[i]`, `s.Length`, `s.IsEmpty` and `s.Slice(...)` (IL: the span's address as the receiver
    /// of the call) are CallOnValue on that value, and get_Item's ByRef is read and written by the
    /// memory ops.
    /// </summary>
    public class SpanDumpTests
    {
        private const string Members = @"
static double Sum(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i]; return s; }
static double SumForeach(ReadOnlySpan<double> x) { double s = 0; foreach (var v in x) s += v; return s; }
static void Scale(Span<double> y, double a) { for (int i = 0; i < y.Length; i++) y[i] *= a; }
static double FirstOfCopy(Span<double> y) { Span<double> t = y; return t.IsEmpty ? 0 : t[0]; }
static double SliceSum(ReadOnlySpan<double> x, int a, int n) { var t = x.Slice(a, n); double s = 0; for (int i = 0; i < t.Length; i++) s += t[i]; return s; }
static double FromArray(double[] a) { Span<double> s = a.AsSpan(); var r = new Span<double>(a); ReadOnlySpan<double> q = a; return s[0] + r[1] + q.Length; }
";

        private static string Dump(string method, bool optimize) => IrPrinter.Print(FrontendFixture.Read(Members, method, optimize));

        private static string Text(string s) => s.Replace("\r", "");

        private const string SumLoop =
@"b0:
  jump b2
b1:
  %8: ref<System.Double> = callonvalue %x.get_Item(%3)
  %9: f64 = loadindirect<Double> %8
  %10: f64 = add %7, %9
  %12: i32 = add %3, 1
  jump b2
b2:
  %3: i32 = phi [b0: 0], [b1: %12]
  %7: f64 = phi [b0: 0], [b1: %10]
  %5: i32 = callonvalue %x.get_Length()
  %6: i32 = cmp.lt %3, %5
  branch %6, b1, b3
b3:
  ret %7
";

        [TestCase(false)]
        [TestCase(true)]
        public void SumOverAReadOnlySpan(bool optimize)
        {
            // x[i] is ldarga x; i; call get_Item (ref readonly: a modreq on the return); ldind.r8.
            Assert.That(Dump("Sum", optimize), Is.EqualTo(Text(
"function Sum(%x: struct<System.ReadOnlySpan`1<System.Double>>): f64\n" + SumLoop)));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void ForeachOverASpanReadsItsCopyByIndex(bool optimize)
        {
            // foreach copies the span into a local and indexes it (ldloca): the local is the parameter's value.
            Assert.That(Dump("SumForeach", optimize), Is.EqualTo(Text(
@"function SumForeach(%x: struct<System.ReadOnlySpan`1<System.Double>>): f64
b0:
  jump b2
b1:
  %7: ref<System.Double> = callonvalue %x.get_Item(%3)
  %8: f64 = loadindirect<Double> %7
  %10: f64 = add %9, %8
  %12: i32 = add %3, 1
  jump b2
b2:
  %3: i32 = phi [b0: 0], [b1: %12]
  %9: f64 = phi [b0: 0], [b1: %10]
  %5: i32 = callonvalue %x.get_Length()
  %6: i32 = cmp.lt %3, %5
  branch %6, b1, b3
b3:
  ret %9
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void ScaleInPlaceWritesThroughTheElementReference(bool optimize)
        {
            // y[i] *= a: get_Item; dup; ldind.r8; ...; stind.r8 — one ByRef value read and written.
            Assert.That(Dump("Scale", optimize), Is.EqualTo(Text(
@"function Scale(%y: struct<System.Span`1<System.Double>>, %a: f64): void
b0:
  jump b2
b1:
  %7: ref<System.Double> = callonvalue %y.get_Item(%3)
  %8: f64 = loadindirect<Double> %7
  %10: f64 = mul %8, %a
  storeindirect<Double> %7, %10
  %13: i32 = add %3, 1
  jump b2
b2:
  %3: i32 = phi [b0: 0], [b1: %13]
  %5: i32 = callonvalue %y.get_Length()
  %6: i32 = cmp.lt %3, %5
  branch %6, b1, b3
b3:
  ret
")));
        }

        [TestCase(false, @"function FirstOfCopy(%y: struct<System.Span`1<System.Double>>): f64
b0:
  %1: i32 = callonvalue %y.get_IsEmpty()
  branch %1, b2, b1
b1:
  %4: ref<System.Double> = callonvalue %y.get_Item(0)
  %5: f64 = loadindirect<Double> %4
  jump b3
b2:
  jump b3
b3:
  %6: f64 = phi [b1: %5], [b2: 0]
  ret %6
")]
        [TestCase(true, @"function FirstOfCopy(%y: struct<System.Span`1<System.Double>>): f64
b0:
  %1: i32 = callonvalue %y.get_IsEmpty()
  branch %1, b2, b1
b1:
  %4: ref<System.Double> = callonvalue %y.get_Item(0)
  %5: f64 = loadindirect<Double> %4
  ret %5
b2:
  ret 0
")]
        public void ASpanLocalIsTheValueAssignedToIt(bool optimize, string expected)
        {
            // Span<double> t = y; t.IsEmpty, t[0] through ldloca t: calls on y's value.
            Assert.That(Dump("FirstOfCopy", optimize), Is.EqualTo(Text(expected)));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void ASliceIsAStructValueReadLikeTheSpanItCameFrom(bool optimize)
        {
            Assert.That(Dump("SliceSum", optimize), Is.EqualTo(Text(
@"function SliceSum(%x: struct<System.ReadOnlySpan`1<System.Double>>, %a: i32, %n: i32): f64
b0:
  %3: struct<System.ReadOnlySpan`1<System.Double>> = callonvalue %x.Slice(%a, %n)
  jump b2
b1:
  %11: ref<System.Double> = callonvalue %3.get_Item(%6)
  %12: f64 = loadindirect<Double> %11
  %13: f64 = add %10, %12
  %15: i32 = add %6, 1
  jump b2
b2:
  %6: i32 = phi [b0: 0], [b1: %15]
  %10: f64 = phi [b0: 0], [b1: %13]
  %8: i32 = callonvalue %3.get_Length()
  %9: i32 = cmp.lt %6, %8
  branch %9, b1, b3
b3:
  ret %10
")));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void SpansMadeFromAnArray(bool optimize)
        {
            // AsSpan<double>(!!0[]) returns Span<!!0> and op_Implicit ReadOnlySpan<!0>: the IR types
            // are resolved to Span<double>; `new Span<double>(a)` into a local is constructed in
            // place (ldloca; call .ctor) and reads as newobj.
            Assert.That(Dump("FromArray", optimize), Is.EqualTo(Text(
@"function FromArray(%a: obj<System.Double[]>): f64
b0:
  %1: struct<System.Span`1<System.Double>> = call MemoryExtensions.AsSpan(%a)
  %2: struct<System.Span`1<System.Double>> = newobj Span`1(%a)
  %3: struct<System.ReadOnlySpan`1<System.Double>> = call ReadOnlySpan`1.op_Implicit(%a)
  %5: ref<System.Double> = callonvalue %1.get_Item(0)
  %6: f64 = loadindirect<Double> %5
  %8: ref<System.Double> = callonvalue %2.get_Item(1)
  %9: f64 = loadindirect<Double> %8
  %10: f64 = add %6, %9
  %11: i32 = callonvalue %3.get_Length()
  %12: f64 = conv.r8 %11
  %13: f64 = add %10, %12
  ret %13
")));
        }

        [Test]
        public void SpanTypesAndElements()
        {
            var f = FrontendFixture.Read(Members, "Sum", optimize: true);
            var x = f.Parameters[0].Type;
            Assert.That(x.Kind, Is.EqualTo(IrTypeKind.Struct));
            Assert.That(x.ElementClr!.FullName, Is.EqualTo("System.Double"), "ElementClr of a span is T");
        }
    }
}
