using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>
    /// Flat structs (all fields float or double) read into scalars: a struct local written field
    /// by field, carried around a loop or across a branch, leaves no struct value and no struct
    /// phi in the IR; the struct code the frontend does not follow is refused with AD2004 or
    /// AD2005 where it is, from Debug and Release IL.
    /// </summary>
    public class StructFrontendTests
    {
        private const string Members = @"
public struct P { public double X, Y; }
public struct Q { public double A; public Q(double a) { A = a * 2; } }
public struct R { public double X; public double Twice() => 2 * X; }
static double Sum(P[] ps) { P acc = default; for (int i = 0; i < ps.Length; i++) { acc.X += ps[i].X; acc.Y += ps[i].Y; } return acc.X * acc.Y; }
static double Pick(P a, P b, bool c) { var p = c ? a : b; p.Y *= 2; return p.X + p.Y; }
static double Copies(P[] ps) { double s = 0; for (int i = 0; i < ps.Length; i++) { var p = ps[i]; ps[i] = p; s += p.X; } return s; }
static double Computing(double x) => new Q(x).A;
static double Method(double x) { var r = new R { X = x }; return r.Twice(); }
static void Bump(ref P p) { p.X += 1; }
static double ByRef(double x) { var p = new P { X = x }; Bump(ref p); return p.X; }
public struct S { public P A, B; }
static double RefToField(S s) { ref P a = ref s.A; return a.X; }
static double Either(bool c, double x) { P a = default, b = default; ref P r = ref (c ? ref a : ref b); r.X = x; return a.X + b.X; }
static double FieldOfTernary(bool c, double x) { P q = default; q.X = c ? x : 2 * x; q.Y += c ? 1 : x; return q.X * q.Y; }
";

        [Test]
        public void NoStructValueIsLeftInsideTheFunction([Values("Sum", "Pick", "Copies")] string method, [Values(false, true)] bool optimize)
        {
            var f = FrontendFixture.Read(Members, method, optimize);
            var printed = IrPrinter.Print(f);
            Assert.That(f.Blocks.SelectMany(b => b.Phis).Where(p => p.Type.Kind == IrTypeKind.Struct), Is.Empty, printed);
            Assert.That(f.Blocks.SelectMany(b => b.Instructions).Where(i => i.Op == Op.MakeStruct), Is.Empty, printed);
            var reads = f.Blocks.SelectMany(b => b.Instructions).Where(i => i.Op == Op.LoadField && i.Operands[0] is Parameter).ToList();
            Assert.That(reads.Select(i => (i.Operands[0], i.Field!.Name)).Distinct().Count(), Is.EqualTo(reads.Count), "a parameter's field is read once\n" + printed);
        }

        private static (DiagnosticException Error, MethodDefinition Method) Fail(string method, bool optimize) => FrontendFixture.ReadFails(Members, method, optimize);

        [TestCase(false), TestCase(true)]
        public void AConstructorThatComputesIsNotFollowed(bool optimize)
        {
            var (error, method) = Fail("Computing", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2005"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(FrontendFixture.First(method, Code.Newobj, Code.Call).Offset));
            StringAssert.Contains("does not follow", error.What);
            StringAssert.Contains("set the fields one at a time", error.What);
        }

        [TestCase(false), TestCase(true)]
        public void AMethodOfAUserStructIsNotFollowed(bool optimize)
        {
            var (error, _) = Fail("Method", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2005"));
            StringAssert.Contains("Twice", error.What);
        }

        [TestCase(false), TestCase(true)]
        public void AStructLocalPassedByRef(bool optimize)
        {
            var (error, method) = Fail("ByRef", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2004"));
            StringAssert.StartsWith("the address of", error.What);
            Assert.That(error.Origin!.OpCode.Code, Is.AnyOf(Code.Ldloca, Code.Ldloca_S));
        }

        [TestCase(false), TestCase(true)]
        public void TheAddressOfOneOfTwoLocalsChosenByABranch(bool optimize)
        {
            var (error, _) = Fail("Either", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2004"));
            StringAssert.StartsWith("the address of local", error.What);
        }

        [TestCase(false), TestCase(true)]
        public void AnAddressWaitsOnTheStackWhileABranchComputesTheValue(bool optimize)
        {
            // `q.X = c ? x : 2x`: ldloca q, then the branches, then stfld where they join.
            var f = FrontendFixture.Read(Members, "FieldOfTernary", optimize);
            Assert.That(f.Blocks.SelectMany(b => b.Instructions).Where(i => i.Op == Op.MakeStruct || i.Op == Op.LoadField), Is.Empty, IrPrinter.Print(f));
        }

        [Test]
        public void ARefLocalToAFieldOfAStructParameter()
        {
            // Debug IL keeps the ref in a local, which names the place it was given; Release IL
            // reads through it at once (ldarga, ldflda, ldfld). Either way a field read like any other.
            foreach (var optimize in new[] { false, true })
            {
                Assert.That(FrontendFixture.Read(Members, "RefToField", optimize).Blocks.SelectMany(b => b.Instructions).Count(i => i.Op == Op.LoadField), Is.EqualTo(2), "s.A, then .X");
            }
        }

        [Test]
        public void ARefLocalGivenTwoPlacesIsRefused()
        {
            var (error, _) = Fail("Either", optimize: false);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2004"));
        }
    }
}
