using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>
    /// Span code the frontend does not read: the address of a span used for anything but a read
    /// of its indexer, Length, IsEmpty or Slice stays AD2004 at the ldarga/ldloca. (A stackalloc kept
    /// as a raw pointer: StackAllocPointerTests.)
    /// </summary>
    public class SpanDiagnosticTests
    {
        private const string Members = @"
static void Reset(ref Span<double> s) { s = default; }
static double LocalByRef(double[] a) { Span<double> s = a; Reset(ref s); return a[0]; }
static double ParameterByRef(Span<double> s) { Reset(ref s); return 1; }
static double CopyTo(Span<double> s, double[] d) { s.CopyTo(d); return d[0]; }
";

        private static (DiagnosticException Error, MethodDefinition Method) Fail(string method, bool optimize) => FrontendFixture.ReadFails(Members, method, optimize);

        private static Instruction First(MethodDefinition method, params Code[] codes) => FrontendFixture.First(method, codes);

        [TestCase(false)]
        [TestCase(true)]
        public void ASpanLocalPassedByRef(bool optimize)
        {
            var (error, method) = Fail("LocalByRef", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2004"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Ldloca, Code.Ldloca_S).Offset));
            StringAssert.StartsWith("the address of local 's' is taken", error.What);
            Assert.That(SourceLocator.Locate(method, error.Origin)!.Line, Is.EqualTo(7), "the line of LocalByRef");
        }

        [TestCase(false)]
        [TestCase(true)]
        public void ASpanParameterPassedByRef(bool optimize)
        {
            var (error, method) = Fail("ParameterByRef", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2004"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Ldarga, Code.Ldarga_S).Offset));
            StringAssert.StartsWith("the address of parameter 's' is taken", error.What);
        }

        [TestCase(false)]
        [TestCase(true)]
        public void AnotherMethodCalledOnASpan(bool optimize)
        {
            var (error, method) = Fail("CopyTo", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2004"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Ldarga, Code.Ldarga_S).Offset));
            StringAssert.Contains("Span<double>.CopyTo is called on it", error.What);
        }
    }
}
