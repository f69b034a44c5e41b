using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// What a returned array with a derivative refuses (semantics.md, "Returned arrays"): AD4009 for
    /// an array the method does not make (a parameter, an array read from memory, null), at the
    /// line of the return or of the read, in both modes, from Debug and Release IL, with nothing
    /// written; and the weaver's own checks of the return's activity, for assemblies built without
    /// the generator (AD4002 for Duplicated on a double, AD4004 for a returned array of structs).
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class ReturnedArrayDiagnosticsTests
    {
        private const string Header = "using System;\nusing AutoDiff;\nusing static AutoDiff.Activity;\n";

        private readonly bool _optimize;

        public ReturnedArrayDiagnosticsTests(bool optimize) => _optimize = optimize;

        /// <summary>
        /// A parameter or null has no instruction of its own: the error is at the return, which
        /// Release IL keeps on the return statement and Debug IL on the method's closing brace
        /// (where its one `ret` is); the message names what is returned.
        /// </summary>
        private int ReturnLine(int release, int debug) => _optimize ? release : debug;

        [Test]
        public void AD4009_ReturningTheParameterItself()
        {
            TestWeaver.Refused(Header + @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Duplicated)]
    public static double[] F(double[] x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = Math.Exp(x[i]);
        return x;
    }
}", _optimize, "AD4009", "'D' gives the returned array a derivative, but the method can return its parameter 'x', not an array it makes with new", line: ReturnLine(9, 10));
        }

        [Test]
        public void AD4009_ReturningARowOfAJaggedArray_Forward()
        {
            TestWeaver.Refused(Header + @"public static partial class C {
    [AutoDiffForward(""T"", Dual, Const, Dual)]
    public static double[] F(double[][] rows, int k)
    {
        rows[k][0] = rows[k][0] * 2;
        return rows[k];
    }
}", _optimize, "AD4009", "an array read from an element of another array", line: 9);
        }

        [Test]
        public void AD4009_NullOnOnePath()
        {
            TestWeaver.Refused(Header + @"public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Duplicated)]
    public static double[] F(double[] x)
    {
        if (x.Length == 0) return null!;
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i];
        return y;
    }
}", _optimize, "AD4009", "can return null", line: ReturnLine(8, 12));
        }

        [Test]
        public void AD4009_AnAllocationOrAParameter_ThroughAVariable()
        {
            TestWeaver.Refused(Header + @"public static partial class C {
    [AutoDiffForward(""T"", Dual, Dual)]
    public static float[] F(float[] x)
    {
        var y = x;
        if (x[0] > 0) { y = new float[2]; y[0] = x[0]; y[1] = x[0] * x[1]; }
        return y;
    }
}", _optimize, "AD4009", "its parameter 'x'", line: ReturnLine(10, 11));
        }

        [Test]
        public void AD4002_DuplicatedOnADoubleReturn_WithoutTheGenerator()
        {
            var d = TestWeaver.Refused(Header + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Duplicated)]
    public static double F(double x) => x;
}", _optimize, "AD4002", "is for a returned float[] or double[]", line: 6, runGenerator: false);
            Assert.That(d.Message, Does.Contain("a float, double or struct return is Active"));
        }

        [Test]
        public void AD4004_AReturnedArrayOfStructs_WithoutTheGenerator()
        {
            TestWeaver.Refused(Header + @"public struct Point { public double X, Y; }
public static partial class C {
    [AutoDiffReverse(""D"", Duplicated, Duplicated)]
    public static Point[] F(Point[] p) => new Point[p.Length];
}", _optimize, "AD4004", "of returned arrays only float[] and double[] carry derivatives so far", line: 7, runGenerator: false);
        }
    }
}
