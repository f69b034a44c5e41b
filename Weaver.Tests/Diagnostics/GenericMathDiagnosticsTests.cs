using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// What a derivative of a generic-math method refuses: a call in the woven assembly that
    /// closes it over a type other than double or float (AD4010: at the call, directly or through
    /// a generic method that passes its T on), a generic method the weaver cannot close (AD4004,
    /// for assemblies built without the generator, which says AD1011), and code in the primal the
    /// engine cannot differentiate, reported once (for T = double) at its line.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class GenericMathDiagnosticsTests
    {
        private const string Usings = "using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n";
        private readonly bool _optimize;

        public GenericMathDiagnosticsTests(bool optimize) => _optimize = optimize;

        [Test]
        public void AD4010_TheDerivativeCalledWithDecimal()
        {
            TestWeaver.Refused(Usings + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static T F<T>(T x) where T : INumber<T> => x * x;
    public static double Fine(double x) => D(x, 1.0).Item2 + (double)D(2f, 1f).Item2;
    public static decimal Slope(decimal x) => D(x, 1m).Item2;
}", _optimize, "AD4010", "C.Slope calls C.D<decimal>, with T = decimal, but the derivative C.D<T> is made for T = double and T = float only. A generic method's derivative", line: 6);
        }

        [Test]
        public void AD4010_AnIntegerTypeArgument()
        {
            // INumber<T> admits int; integers carry no derivative (semantics: they are never active).
            TestWeaver.Refused(Usings + @"public static partial class C {
    [AutoDiffForward(""D"", Dual, Dual)]
    public static T F<T>(T x) where T : INumber<T> => x * x;
    public static int Twice(int n) => D(n, 1).Item2;
}", _optimize, "AD4010", "with T = int", line: 5);
        }

        [Test]
        public void AD4010_ThroughAGenericCaller()
        {
            // Slope<T> passes its T on to D<T>; Slope<double> is fine, Slope<Half> is not.
            TestWeaver.Refused(Usings + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static T F<T>(T x) where T : IFloatingPointIeee754<T> => T.Sin(x) * x;
    public static T Slope<T>(T x) where T : IFloatingPointIeee754<T> => D(x, T.One).Item2;
    public static T Curvature<T>(T x) where T : IFloatingPointIeee754<T> => Slope(x + T.One) - Slope(x);
    public static double Fine(double x) => Curvature(x) + Slope(x);
    public static Half Coarse(Half x) => Curvature(x);
}", _optimize, "AD4010", "C.Coarse calls C.Curvature<Half>, which passes its type argument on to C.D<T>, with T = Half", line: 8);
        }

        [Test]
        public void AD4004_AGenericMethodOfAGenericType()
        {
            // The generator refuses this (AD1011); the weaver checks again for assemblies built without it.
            TestWeaver.Refused(Usings + @"public static partial class C<U> {
    [AutoDiffReverse(""D"", Active, Active)]
    public static T F<T>(T x) where T : INumber<T> => x * x;
    public static (T, T) D<T>(T x, T dret) where T : INumber<T> => throw new AutoDiffNotWovenException(""D"");
}", _optimize, "AD4004", "C<U>.F is a generic method of the generic type C<U>", line: 4, runGenerator: false);
        }

        [Test]
        public void AD4004_TwoTypeParameters()
        {
            TestWeaver.Refused(Usings + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static T F<T, U>(T x, U u) where T : INumber<T> => x * x;
    public static (T, T) D<T, U>(T x, U u, T dret) where T : INumber<T> => throw new AutoDiffNotWovenException(""D"");
}", _optimize, "AD4004", "has 2 type parameters", line: 4, runGenerator: false);
        }

        [Test]
        public void AD4004_ATypeParameterNotConstrainedToGenericMath()
        {
            TestWeaver.Refused(Usings + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static T F<T>(T x) where T : struct => x;
    public static (T, T) D<T>(T x, T dret) where T : struct => throw new AutoDiffNotWovenException(""D"");
}", _optimize, "AD4004", "is generic over 'T', which is not constrained to generic math", line: 4, runGenerator: false);
        }

        [Test]
        public void ACallTheEngineCannotDifferentiateIsReportedOnceAtItsLine()
        {
            // T.MaxNumber is double.MaxNumber, which has no derivative rule: refused for T = double
            // in C# terms (float not tried), not as the interface member IL calls.
            TestWeaver.Refused(Usings + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Active)]
    public static T F<T>(T x) where T : INumber<T>
    {
        var y = x * x;
        return T.MaxNumber(y, T.One);
    }
}", _optimize, "AD4001", "double.MaxNumber(double, double)", line: 7);
        }
    }
}
