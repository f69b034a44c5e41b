using System.Linq;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>
    /// How the frontend types a localloc: T* when C# stores it straight into a T* local (then it
    /// is memory with a shadow, like a T* parameter), a native int for a span's constructor, and
    /// AD2001 where an address held in a plain integer is dereferenced.
    /// </summary>
    public class StackAllocPointerTests
    {
        private const string Members = @"
static unsafe double Squares(double[] x) { double* d = stackalloc double[x.Length]; for (int i = 0; i < x.Length; i++) d[i] = x[i] * x[i]; return d[0] + d[x.Length - 1]; }
static double SpanSquares(double[] x) { Span<double> d = stackalloc double[x.Length]; for (int i = 0; i < x.Length; i++) d[i] = x[i] * x[i]; return d[0]; }
static unsafe double UsedOnceInARow(double x) { double* p = stackalloc double[2]; p[0] = x; return p[0] * x; }
static unsafe double ThroughAnInteger(double x) { double* p = stackalloc double[2]; double* q = (double*)(ulong)p; q[0] = x; return q[0] * x; }
";

        private static IlInstruction First(Mono.Cecil.MethodDefinition method, params Code[] codes) => FrontendFixture.First(method, codes);

        private static IR.Instruction TheStackAlloc(Function f) => f.Blocks.SelectMany(b => b.Instructions).Single(i => i.Op == Op.StackAlloc);

        [TestCase(false)]
        [TestCase(true)]
        public void StoredIntoAPointerLocalItIsATypedPointer(bool optimize)
        {
            var alloc = TheStackAlloc(FrontendFixture.Read(Members, "Squares", optimize));
            Assert.That(alloc.Type.Kind, Is.EqualTo(IrTypeKind.Pointer));
            Assert.That(alloc.Type.ElementClr!.FullName, Is.EqualTo("System.Double"));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void UnderASpanItStaysANativeInt(bool optimize)
        {
            var alloc = TheStackAlloc(FrontendFixture.Read(Members, "SpanSquares", optimize));
            Assert.That(alloc.Type.Kind, Is.EqualTo(IrTypeKind.NativeInt));
        }

        [Test]
        public void KeptOnTheStackByTheCompilerItIsRefusedWhereDereferenced()
        {
            // Debug IL stores the pointer into its local; Release keeps it on the stack (localloc;
            // dup), so nothing says what it points to: AD2001, suggesting a span.
            Assert.That(TheStackAlloc(FrontendFixture.Read(Members, "UsedOnceInARow", false)).Type.Kind, Is.EqualTo(IrTypeKind.Pointer));
            var (error, method) = FrontendFixture.ReadFails(Members, "UsedOnceInARow", true);
            Assume.That(First(method, Code.Localloc).Next.OpCode.Code, Is.EqualTo(Code.Dup), "the Release shape this test is about");
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2001"), error.What);
            Assert.That(error.What, Does.Contain("unmanaged pointer").And.Contain("Span<T>"));
            Assert.That(error.Origin!.Offset, Is.GreaterThan(First(method, Code.Localloc).Offset));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void AnAddressRoundTrippedThroughAnIntegerIsRefused(bool optimize)
        {
            var (error, method) = FrontendFixture.ReadFails(Members, "ThroughAnInteger", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2001"), error.What);
            Assert.That(error.What, Does.Contain("unmanaged pointer"));
            Assert.That(error.Origin!.Offset, Is.GreaterThan(First(method, Code.Conv_U8).Offset));
        }
    }
}
