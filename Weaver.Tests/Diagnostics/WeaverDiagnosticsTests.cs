using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// Every weaver diagnostic, triggered by a fixture, asserted by code, location (file and line
    /// of the offending code, from the PDB) and text. Each also checks that nothing was written:
    /// a failed weave leaves every derivative's body as the generator made it.
    /// </summary>
    [TestFixture]
    public sealed class WeaverDiagnosticsTests
    {
        private const string Usings = "using System; using AutoDiff; using static AutoDiff.Activity;\n";

        private static Weaver.Diagnostics.Diagnostic Single(string source, bool optimize, bool runGenerator = true)
        {
            var outcome = TestWeaver.Weave(Usings + source, optimize, runGenerator);
            Assert.That(outcome.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", outcome.Diagnostics));
            Assert.That(outcome.Result.Succeeded, Is.False);
            Assert.That(outcome.Result.DerivativesWritten, Is.EqualTo(0));
            return outcome.Diagnostics[0];
        }

        private static void AssertAt(Weaver.Diagnostics.Diagnostic d, string code, int line, params string[] fragments)
        {
            Assert.That(d.Code, Is.EqualTo(code), d.ToString());
            Assert.That(d.Location, Is.Not.Null, d.ToString());
            Assert.That(d.Location!.File, Does.EndWith(TestCompiler.FileName));
            Assert.That(d.Location.Line, Is.EqualTo(line + 1), d.ToString()); // +1: the usings line
            foreach (var f in fragments) Assert.That(d.Message, Does.Contain(f), d.ToString());
            Assert.That(d.ToString(), Does.Match(@"Fixture\.cs\(\d+,\d+\): error AD\d{4}: "));
        }

        [TestCase(false), TestCase(true)]
        public void AD2001_FieldLoadIsNotSupported(bool optimize)
        {
            var d = Single(@"public static partial class C {
    static double _k = 2;
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x)
    {
        return x * _k;
    }
}", optimize);
            AssertAt(d, "AD2001", 6, "ldsfld");
        }

        [TestCase(false), TestCase(true)]
        public void AD2003_TryCatchIsNotSupported(bool optimize)
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x)
    {
        try { return x * x; }
        catch (Exception) { return 0; }
    }
}", optimize);
            AssertAt(d, "AD2003", 5, "try");
        }

        [TestCase(false), TestCase(true)]
        public void AD2004_AddressOfLocalIsNotSupported(bool optimize)
        {
            // A framework method is called, not inlined: the address of t would escape into it.
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x)
    {
        double.TryParse(""2"", out double t);
        return x * t;
    }
}", optimize);
            AssertAt(d, "AD2004", 5);
        }

        [TestCase(false), TestCase(true)]
        public void AD2005_StructParameterIsNotSupported(bool optimize)
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(double x, DateTime when)
    {
        return x * when.Year;
    }
}", optimize);
            Assert.That(d.Code, Is.EqualTo("AD2005"), d.ToString());
            Assert.That(d.Message, Does.Contain("when"));
            Assert.That(d.Location!.File, Does.EndWith(TestCompiler.FileName));
        }

        [TestCase(false), TestCase(true)]
        public void AD2005_ElementOfAMultiDimensionalArrayOfAnUnsupportedStruct(bool optimize)
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(double x, decimal[,] prices)
    {
        return x * (double)prices[0, 1];
    }
}", optimize);
            AssertAt(d, "AD2005", 5, "an element of a multi-dimensional array of type decimal");
        }

        [Test]
        public void AD2006_AbstractMethodHasNoBody()
        {
            // The generator refuses this (AD1011); the weaver checks again for assemblies built without it.
            var d = Single(@"public abstract partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public abstract double F(double x);
    public (double, double) D(double x, double dret) => throw new NotImplementedException();
}", optimize: true, runGenerator: false);
            Assert.That(d.Code, Is.EqualTo("AD2006"), d.ToString());
            Assert.That(d.Message, Does.Contain("F"));
        }

        [Test]
        public void AD2007_InconsistentStackAtAJoinIsReported()
        {
            // C# never emits this; a hand-edited or foreign assembly might. Make the then-branch
            // push one more value than the else-branch before they join.
            var compiled = TestCompiler.Compile(Usings + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x > 0 ? x : -x;
}", optimize: true);
            var module = compiled.ReadModule();
            var method = module.GetType("C").Methods.Single(m => m.Name == "F");
            var il = method.Body.GetILProcessor();
            var firstBranch = method.Body.Instructions.First(i => i.OpCode.FlowControl == FlowControl.Cond_Branch);
            il.InsertAfter(firstBranch, il.Create(OpCodes.Ldarg_0));
            var sink = new CollectingSink();
            var result = new WeaverEngine(module, sink).Run();
            Assert.That(result.Succeeded, Is.False);
            Assert.That(sink.Diagnostics.Select(x => x.Code), Is.EqualTo(new[] { "AD2007" }), string.Join("\n", sink.Diagnostics));
        }

        [TestCase(false), TestCase(true)]
        public void AD4001_CallWithoutRule(bool optimize)
        {
            // A virtual call: which body runs is not known when weaving.
            var d = Single(@"public abstract class Shape { public abstract double Area(double s); }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Shape shape, double x)
    {
        return shape.Area(x) * 2;
    }
}", optimize);
            AssertAt(d, "AD4001", 6, "Shape.Area(double)", "no derivative rule", "[CustomDerivative]", "[Inactive]");
        }

        [Test]
        public void AD4004_WholeStructStoredThroughAPointer()
        {
            // Whole structs in arrays, refs and fields are written field by field; through an
            // unmanaged pointer they are not yet, and the build says so.
            var d = Single(@"public struct P { public double X, Y; }
public static unsafe partial class C {
    [AutoDiffReverse(""D"", Duplicated, Active, Active)]
    public static double F(P* into, P p)
    {
        *into = p;
        return p.X;
    }
}", optimize: true);
            Assert.That(d.Code, Is.EqualTo("AD4004"), d.ToString());
            Assert.That(d.Message, Does.Contain("whole struct value"));
        }

        [TestCase(false), TestCase(true)]
        public void AD4001_ActiveValueHandedToACallThatMayKeepIt(bool optimize)
        {
            // Kept by the callee, read back later with no derivative: refused, never a silent zero.
            var d = Single(@"public abstract class Sink { public abstract void Keep(double v); public abstract double Kept(); }
public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(Sink sink, double x)
    {
        sink.Keep(x * 2);
        return sink.Kept();
    }
}", optimize);
            AssertAt(d, "AD4001", 6, "Sink.Keep");
        }

        [Test]
        public void LoggingAnActiveValueIsFine()
        {
            var outcome = TestWeaver.Weave(Usings + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x)
    {
        if (double.IsNaN(x)) Console.WriteLine(x);
        return x * x;
    }
}", optimize: true);
            Assert.That(outcome.Diagnostics, Is.Empty, string.Join("\n", outcome.Diagnostics));
        }

        [Test]
        public void AD4001_SameDiagnosticInForwardMode()
        {
            var d = Single(@"public abstract class Shape { public abstract double Area(double s); }
public static partial class C {
    [AutoDiffForward(""D"", Const, Dual, Dual)]
    public static double F(Shape shape, double x)
    {
        return shape.Area(x) * 2;
    }
}", optimize: true);
            AssertAt(d, "AD4001", 6, "Shape.Area(double)");
        }

        [Test]
        public void AD4002_ActiveIntegerParameter()
        {
            // The generator reports this in the IDE; the weaver checks again for assemblies built without it.
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(int n)
    {
        return n * 2.0;
    }
    public static (double, int) D(int n, double dret) => throw new NotImplementedException();
}", optimize: true, runGenerator: false);
            Assert.That(d.Code, Is.EqualTo("AD4002"), d.ToString());
            Assert.That(d.Message, Does.Contain("parameter 'n' of type int cannot be Active"));
        }

        [Test]
        public void AD4002_ForwardActivityInReverseMode()
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Dual, Active)]
    public static double F(double x) => x;
}", optimize: true, runGenerator: false);
            Assert.That(d.Code, Is.EqualTo("AD4002"), d.ToString());
            Assert.That(d.Message, Does.Contain("Dual").And.Contain("reverse"));
        }

        [Test]
        public void AD4003_WrongNumberOfActivities()
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active, Active)]
    public static double F(double x) => x;
}", optimize: true, runGenerator: false);
            Assert.That(d.Code, Is.EqualTo("AD4003"), d.ToString());
            Assert.That(d.Message, Does.Contain("3 activities").And.Contain("needs 2"));
        }

        [TestCase(false), TestCase(true)]
        public void AD4005_ActiveValueStoredIntoAConstArray(bool optimize)
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(double x, double[] scratch)
    {
        scratch[0] = x * x;
        return scratch[0];
    }
}", optimize);
            AssertAt(d, "AD4005", 5, "no derivative");
        }

        [Test]
        public void AD4005_ActiveValueStoredIntoAFieldOfConstThis()
        {
            var d = Single(@"public partial class C {
    public double Last;
    [AutoDiffReverse(""D"", Active, Active)]
    public double F(double x)
    {
        Last = x * 2;
        return x;
    }
}", optimize: true);
            AssertAt(d, "AD4005", 6, "field 'Last'");
        }

        [Test]
        public void AD4005_ShadowedAndUnshadowedMemoryMeet()
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Const, Const, Active)]
    public static double F(double[] x, double[][] table, bool useTable)
    {
        double[] source = useTable ? table[0] : x;
        return source[0] * 2;
    }
}", optimize: true);
            Assert.That(d.Code, Is.EqualTo("AD4005"), d.ToString());
            Assert.That(d.Message, Does.Contain("meet in one variable"));
        }

        [TestCase(false), TestCase(true)]
        public void AD4006_ShadowedMemoryStoredIntoConstMemory(bool optimize)
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Const, Duplicated, Active)]
    public static double F(double[][] c, double[] x)
    {
        c[0] = x;
        return c[0][0] * 2;
    }
}", optimize);
            AssertAt(d, "AD4006", 5, "memory that carries derivatives", "has no shadow", "make the container Duplicated/Dual");
        }

        [TestCase(false), TestCase(true)]
        public void AD4006_ConstMemoryStoredIntoShadowedMemory(bool optimize)
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Const, Active, Active)]
    public static double F(double[][] c, double u)
    {
        var a = new double[1][];
        a[0] = c[0];
        a[0][0] *= u;
        return a[0][0];
    }
}", optimize);
            AssertAt(d, "AD4006", 6, "memory without a shadow", "carries derivatives", "copy Const data into a new local array");
        }

        [TestCase(false), TestCase(true)]
        public void AD4006_ConstArrayOfRankFourStoredIntoShadowedMemory(bool optimize)
        {
            // Const arrays of rank 1 to 3 that meet differentiated memory get a zeroed shadow of
            // their shape (Shadows.ZeroLike); the runtime has none for rank 4.
            var d = Single(@"public sealed class Holder { public double[,,,] T = new double[1, 1, 1, 1]; public double S; }
public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Const, Active)]
    public static double F(Holder h, double[,,,] c)
    {
        h.T = c;
        return h.T[0, 0, 0, 0] * h.S;
    }
}", optimize);
            AssertAt(d, "AD4006", 6, "memory without a shadow", "rank 1 to 3", "carries derivatives");
        }

        [TestCase(false), TestCase(true)]
        public void AD4005_ALocalObjectWhoseConstructorDoesWork(bool optimize)
        {
            // The constructor has a try block: the weaver does not follow it, so the object has no shadow.
            var d = Single(@"public sealed class H { public double[] Data; public H(int n) { try { Data = new double[n]; } catch (OutOfMemoryException) { Data = new double[0]; } } }
public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double u)
    {
        var h = new H(2);
        h.Data[0] = u * u;
        return h.Data[0];
    }
}", optimize);
            AssertAt(d, "AD4005", 7, "no derivative");
        }

        [TestCase(false), TestCase(true)]
        public void AD4001_BitsOfAnActiveValue(bool optimize)
        {
            // The fast inverse square root without a custom rule: the bit trick would silently drop the derivative.
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static float F(float x)
    {
        int i = 0x5f3759df - (BitConverter.SingleToInt32Bits(x) >> 1);
        float y = BitConverter.Int32BitsToSingle(i);
        return y * (1.5f - 0.5f * x * y * y);
    }
}", optimize);
            AssertAt(d, "AD4001", 5, "BitConverter.SingleToInt32Bits", "reinterprets the bits", "[CustomDerivative]");
        }

        [Test]
        public void AD5001_DeclarationMissing()
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x * x;
}", optimize: true, runGenerator: false);
            Assert.That(d.Code, Is.EqualTo("AD5001"), d.ToString());
            Assert.That(d.Message, Does.Contain("no method 'D' in C to receive the derivative of 'F'; expected (double, double) D(double x, double dret)"));
            Assert.That(d.Location!.Line, Is.EqualTo(4));
        }

        [Test]
        public void AD5002_DeclarationWithWrongSignature()
        {
            var d = Single(@"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static double F(double x) => x * x;
    public static double D(double x) => throw new NotImplementedException();
}", optimize: true, runGenerator: false);
            Assert.That(d.Code, Is.EqualTo("AD5002"), d.ToString());
            Assert.That(d.Message, Does.Contain("expected (double, double) D(double x, double dret)").And.Contain("found static double D(double x)"));
        }

        [Test]
        public void EveryProblemInOneBuildIsReported()
        {
            var outcome = TestWeaver.Weave(Usings + @"public static partial class C {
    [AutoDiffReverse(""D1"", Active, Active)]
    public static double F1(double x) => Math.BitIncrement(x);
    [AutoDiffReverse(""D2"", Active, Active)]
    public static double F2(double x) { try { return x; } catch (Exception) { return 0; } }
    [AutoDiffReverse(""D3"", Active, Active)]
    public static double F3(double x) => x * x;
}", optimize: true);
            Assert.That(outcome.Diagnostics.Select(d => d.Code), Is.EquivalentTo(new[] { "AD4001", "AD2003" }));
            Assert.That(outcome.Result.DerivativesWritten, Is.EqualTo(0), "a failed weave writes nothing, not even the derivatives that worked");
            var d3 = outcome.Module.GetType("C").Methods.Single(m => m.Name == "D3");
            Assert.That(d3.Body.Instructions.Any(i => i.OpCode == OpCodes.Throw), Is.True, "D3 keeps the generator's throwing body");
        }

        [Test]
        public void AD5003_RuntimeWithoutTheTape()
        {
            // An AutoDiff.Runtime from before the tape: the attributes and Activity, nothing else.
            using var woven = OlderRuntime.Weave(OlderRuntime.Attributes, Usings.Replace("using System; ", "") + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(double x, int n) { double r = 1; for (int i = 0; i < n; i++) r *= x; return r; }
    public static (double, double) D(double x, int n, double dret) => throw new System.NotImplementedException();
}");
            Assert.That(woven.Diagnostics.Select(x => x.Code), Is.EqualTo(new[] { "AD5003" }), string.Join("\n", woven.Diagnostics));
            Assert.That(woven.Diagnostics[0].Message, Does.Contain("AutoDiff.Tape<T>"));
        }
    }
}
