using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>User code the frontend cannot read: the diagnostic code, and the IL instruction (hence line) it points at.</summary>
    public class PrimalReaderDiagnosticTests
    {
        private const string Members = @"
static void Set(out double v) { v = 1; }
static double AddressOfLocal(double x) { double y; Set(out y); return y + x; }
static double TryCatch(double x) { try { return Math.Sqrt(x); } catch (Exception) { return 0; } }
public struct Point { public double X, Y; public int Tag; public Point(double x, double y) { X = x; Y = y; Tag = 0; } } // an int field: not a struct of scalars
static double StructFieldThroughIn(in Point p, double x) => p.X * x;
static double StructArrayElement(Point[] ps, double x) => ps[0].X * x;
static double Norm(Point p) => p.X;
static double Scale = 2;
static double StaticFieldLoad(double x) => x * Scale;
static double StaticFieldStore(double x) { Scale = x; return x; }
static double StructParameter(double x, Point p) => x * p.X;
static double NewStruct(double x) => Norm(new Point(x, x)) * x;
static Point Make() => default;
static double CallReturningStruct(double x) { Make(); return x; }
";

        private static (DiagnosticException Error, MethodDefinition Method) Fail(string method, bool optimize) => FrontendFixture.ReadFails(Members, method, optimize);

        private static Instruction First(MethodDefinition method, params Code[] codes) => FrontendFixture.First(method, codes);

        [TestCase(false)]
        [TestCase(true)]
        public void AddressOfALocal(bool optimize)
        {
            var (error, method) = Fail("AddressOfLocal", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2004"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Ldloca, Code.Ldloca_S).Offset));
            StringAssert.Contains("local 'y'", error.What);
            Assert.That(SourceLocator.Locate(method, error.Origin)!.Line, Is.EqualTo(7), "the line of the Set(out y) call");
        }

        [TestCase(false)]
        [TestCase(true)]
        public void TryCatch(bool optimize)
        {
            var (error, method) = Fail("TryCatch", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2003"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(method.Body.ExceptionHandlers[0].TryStart.Offset));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void StaticFieldLoad(bool optimize)
        {
            var (error, method) = Fail("StaticFieldLoad", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2001"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Ldsfld).Offset));
            StringAssert.StartsWith("ldsfld (reading a static field that is not readonly, F.Scale)", error.What);
        }

        [TestCase(false)]
        [TestCase(true)]
        public void StaticFieldStore(bool optimize)
        {
            var (error, method) = Fail("StaticFieldStore", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2001"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Stsfld).Offset));
            StringAssert.StartsWith("stsfld (writing a static field)", error.What);
        }

        [TestCase(false)]
        [TestCase(true)]
        public void FieldOfAStructThroughAnInParameter(bool optimize)
        {
            var (error, method) = Fail("StructFieldThroughIn", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2005"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Ldfld).Offset));
            Assert.That(error.What, Is.EqualTo("field 'X' of struct F.Point is read"));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void FieldOfAStructArrayElement(bool optimize)
        {
            // ps[0].X is ldelema Point; ldfld X: the address is fine, the struct field is not.
            var (error, method) = Fail("StructArrayElement", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2005"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Ldfld).Offset));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void StructMadeWithNew(bool optimize)
        {
            var (error, method) = Fail("NewStruct", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2005"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Newobj).Offset));
            Assert.That(error.What, Is.EqualTo("new F.Point(...) creates a struct"));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void StructParameter(bool optimize)
        {
            var (error, method) = Fail("StructParameter", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2005"));
            Assert.That(error.What, Is.EqualTo("parameter 'p' of type F.Point"));
            var use = method.Body.Instructions.First(i => i.Operand is ParameterDefinition { Name: "p" } || i.OpCode.Code == Code.Ldarg_1);
            Assert.That(error.Origin!.Offset, Is.EqualTo(use.Offset));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void CallReturningAStruct(bool optimize)
        {
            var (error, method) = Fail("CallReturningStruct", optimize);
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2005"));
            Assert.That(error.Origin!.Offset, Is.EqualTo(First(method, Code.Call).Offset));
            StringAssert.Contains("F.Make returns F.Point", error.What);
        }

        [Test]
        public void NoBody()
        {
            var module = TestCompiler.Compile("public abstract class A { public abstract double F(double x); }", true, runGenerator: false).ReadModule();
            var error = Assert.Throws<DiagnosticException>(() => PrimalReader.Read(module.GetType("A").Methods.Single(m => m.Name == "F")))!;
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2006"));
        }
    }
}
