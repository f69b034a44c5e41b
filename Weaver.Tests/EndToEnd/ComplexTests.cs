using System;
using System.Linq;
using System.Numerics;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// System.Numerics.Complex differentiated through the framework's own IL (issue 13): as Active
    /// and Dual parameters and returns, in locals, struct fields and Complex[] arrays, through its
    /// operators and functions, in real-style code (a DFT bin's magnitude, an escape-free
    /// Mandelbrot iteration, Horner's rule, |z| and the phase). Each reverse gradient is checked
    /// against central differences and against forward mode, in Debug and Release IL, at points
    /// beside the branches Complex's IL takes (Smith's division, Sqrt's signs and scaling).
    /// </summary>
    public sealed class ComplexTests
    {
        private const string Source = "using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public struct Phasor { public Complex Value; public double Weight; }
public class Holder { public Complex Z; public double W; }

public static partial class C
{
    // Signal processing: the magnitude of DFT bin k (k real, as a frequency estimator sweeps it).
    [AutoDiffReverse(""DftGrad"", Duplicated, Active, Active)]
    [AutoDiffForward(""DftTangent"", Dual, Dual, Dual)]
    public static double DftMagnitude(double[] x, double k)
    {
        Complex sum = Complex.Zero;
        for (int n = 0; n < x.Length; n++) sum += x[n] * Complex.Exp(new Complex(0, -2 * Math.PI * k * n / x.Length));
        return sum.Magnitude;
    }

    // Fractals: z ← z² + c a fixed number of times (no escape test), |z| at the end.
    [AutoDiffReverse(""MandelbrotGrad"", Active, Active, Const, Active)]
    [AutoDiffForward(""MandelbrotTangent"", Dual, Dual, Const, Dual)]
    public static double Mandelbrot(double re, double im, int steps)
    {
        var c = new Complex(re, im);
        Complex z = 0;
        for (int i = 0; i < steps; i++) z = z * z + c;
        return Complex.Abs(z);
    }

    // Polynomials: Horner's rule over complex coefficients, at a complex point.
    [AutoDiffReverse(""HornerGrad"", Duplicated, Active, Active)]
    [AutoDiffForward(""HornerTangent"", Dual, Dual, Dual)]
    public static Complex Horner(Complex[] coefficients, Complex z)
    {
        Complex result = coefficients[coefficients.Length - 1];
        for (int i = coefficients.Length - 2; i >= 0; i--) result = result * z + coefficients[i];
        return result;
    }

    // |z| and the phase, as a polar plot reads them.
    [AutoDiffReverse(""PolarGrad"", Active, Active)]
    [AutoDiffForward(""PolarTangent"", Dual, Dual)]
    public static double Polar(Complex z) => Complex.Abs(z) + 2 * z.Phase + 0.5 * z.Magnitude;

    // One member at a time, so that a wrong one is named.
    [AutoDiffReverse(""ApplyGrad"", Active, Const, Active)]
    [AutoDiffForward(""ApplyTangent"", Dual, Const, Dual)]
    public static Complex Apply(Complex z, int which)
    {
        var w = new Complex(0.3, -0.7);
        switch (which)
        {
            case 0: return Complex.Sqrt(z);
            case 1: return Complex.Log(z);
            case 2: return Complex.Exp(z);
            case 3: return Complex.Pow(z, 2.5);
            case 4: return Complex.Pow(z, w);
            case 5: return z / w;
            case 6: return w / z;
            case 7: return 2.0 / z;
            case 8: return z / 3.0;
            case 9: return Complex.Conjugate(z) * z.Imaginary + z.Real;
            case 10: return -z * 2.0 - (1.5 - z) + (z - 0.5) + (0.25 + z);
            case 11: return Complex.FromPolarCoordinates(z.Real, z.Imaginary);
            case 12: return Complex.Sin(z);
            case 13: return Complex.Cos(z);
            case 14: return Complex.Multiply(z, w) + Complex.Add(z, 1.0) - Complex.Subtract(w, z) + Complex.Divide(z, w) + Complex.Negate(z);
            case 15: return Complex.Reciprocal(z);
            default: return Complex.Log10(z) + Complex.Log(z, 2.0);
        }
    }

    [AutoDiffReverse(""PowGrad"", Active, Active, Active)]
    [AutoDiffForward(""PowTangent"", Dual, Dual, Dual)]
    public static Complex PowOf(Complex z, Complex w) => Complex.Pow(z, w);

    [AutoDiffReverse(""RealPowGrad"", Active, Active, Active)]
    public static Complex RealPow(Complex z, double p) => Complex.Pow(z, p);

    // A Complex field of an object, squared in place; and the inverse and tangent functions.
    [AutoDiffReverse(""SquaredGrad"", Duplicated, Active)]
    public static double Squared(Holder h) { h.Z = h.Z * h.Z; return h.Z.Real * h.W; }

    [AutoDiffReverse(""InverseGrad"", Active, Active)]
    public static double Inverse(Complex z) { var v = Complex.Asin(z) + Complex.Tan(z) + Complex.Atan(z) + Complex.Acos(z); return v.Real + 2 * v.Imaginary; }

    // A struct holding a Complex, and a Complex[] rotated in place.
    [AutoDiffReverse(""PowerGrad"", Active, Active)]
    [AutoDiffForward(""PowerTangent"", Dual, Dual)]
    public static double Power(Phasor p) => p.Weight * (p.Value * Complex.Conjugate(p.Value)).Real;

    [AutoDiffReverse(""RotateGrad"", Duplicated, Active)]
    [AutoDiffForward(""RotateTangent"", Dual, Dual)]
    public static void Rotate(Complex[] a, double theta)
    {
        var turn = Complex.FromPolarCoordinates(1, theta);
        for (int i = 0; i < a.Length; i++) a[i] *= turn;
    }
}";

        public const int Members = 17;

        private static readonly Complex One = new Complex(1, 0), I = new Complex(0, 1);

        [TestCase(false), TestCase(true)]
        public void Dft_bin_magnitude(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double[], double, double>>("C", "DftMagnitude");
            var grad = woven.Get<Func<double[], double[], double, double, (double, double)>>("C", "DftGrad");
            var tangent = woven.Get<Func<double[], double[], double, double, (double, double)>>("C", "DftTangent");
            var x = Enumerable.Range(0, 16).Select(n => Math.Cos(2 * Math.PI * 3.3 * n / 16) + 0.1 * n).ToArray();
            var dx = new double[x.Length];
            var (value, dk) = grad(x, dx, 3.1, 1.0);
            Assert.That(value, Is.EqualTo(f(x, 3.1)).Within(1e-12));
            CheckGradient(dx.Append(dk).ToArray(), v => f(v.Take(x.Length).ToArray(), v[^1]), x.Append(3.1).ToArray(), "DFT");
            var u = Enumerable.Range(0, x.Length).Select(n => Math.Sin(n)).ToArray();
            var (_, dv) = tangent(x, u, 3.1, 0.4);
            Assert.That(dv, Is.EqualTo(dx.Zip(u, (a, b) => a * b).Sum() + 0.4 * dk).Within(1e-10));
        }

        [TestCase(false), TestCase(true)]
        public void Mandelbrot_iteration(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<double, double, int, double>>("C", "Mandelbrot");
            var grad = woven.Get<Func<double, double, int, double, (double, double, double)>>("C", "MandelbrotGrad");
            var tangent = woven.Get<Func<double, double, double, double, int, (double, double)>>("C", "MandelbrotTangent");
            foreach (var (re, im) in new[] { (-0.4, 0.3), (0.1, -0.6), (-1.1, 0.05) })
            {
                var (value, dRe, dIm) = grad(re, im, 12, 1.0);
                Assert.That(value, Is.EqualTo(f(re, im, 12)).Within(1e-12));
                CheckGradient(new[] { dRe, dIm }, v => f(v[0], v[1], 12), new[] { re, im }, $"Mandelbrot at {re}+{im}i");
                var (_, dv) = tangent(re, 0.3, im, -1.2, 12);
                Assert.That(dv, Is.EqualTo(0.3 * dRe - 1.2 * dIm).Within(1e-9 * Math.Max(1, Math.Abs(dv))));
            }
        }

        [TestCase(false), TestCase(true)]
        public void Horner_polynomial_with_complex_return(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<Complex[], Complex, Complex>>("C", "Horner");
            var grad = woven.Get<Func<Complex[], Complex[], Complex, Complex, (Complex, Complex)>>("C", "HornerGrad");
            var tangent = woven.Get<Func<Complex[], Complex[], Complex, Complex, (Complex, Complex)>>("C", "HornerTangent");
            Complex[] a = { new Complex(1, -2), new Complex(0.5, 0.25), new Complex(-3, 1), new Complex(2, 0.5) };
            var z = new Complex(0.7, -1.1);
            // p is analytic: ∂p/∂z = p'(z), ∂p/∂a_i = z^i; checked against central differences on the parts.
            foreach (var seed in new[] { One, I })
            {
                var da = new Complex[a.Length];
                var (value, dz) = grad(a, da, z, seed);
                Assert.That(Complex.Abs(value - f(a, z)), Is.LessThan(1e-12));
                double Part(Complex c) => seed == One ? c.Real : c.Imaginary;
                var point = a.SelectMany(c => new[] { c.Real, c.Imaginary }).Append(z.Real).Append(z.Imaginary).ToArray();
                var actual = da.SelectMany(c => new[] { c.Real, c.Imaginary }).Append(dz.Real).Append(dz.Imaginary).ToArray();
                CheckGradient(actual, v => Part(f(Enumerable.Range(0, a.Length).Select(i => new Complex(v[2 * i], v[2 * i + 1])).ToArray(), new Complex(v[^2], v[^1]))), point, $"Horner, seed {seed}");
            }
            // Forward along z only: the tangent is p'(z)·dz; along the coefficients, Σ z^i·da_i.
            var derivative = a[1] + 2 * a[2] * z + 3 * a[3] * z * z;
            var (primal, tz) = tangent(a, new Complex[a.Length], z, new Complex(0.2, 0.9));
            Assert.That(Complex.Abs(primal - f(a, z)), Is.LessThan(1e-12));
            Assert.That(Complex.Abs(tz - derivative * new Complex(0.2, 0.9)), Is.LessThan(1e-12));
            var (_, ta) = tangent(a, new[] { One, I, One, I }, z, Complex.Zero);
            Assert.That(Complex.Abs(ta - (One + I * z + z * z + I * z * z * z)), Is.LessThan(1e-12));
        }

        [TestCase(false), TestCase(true)]
        public void Magnitude_and_phase(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<Complex, double>>("C", "Polar");
            var grad = woven.Get<Func<Complex, double, (double, Complex)>>("C", "PolarGrad");
            var tangent = woven.Get<Func<Complex, Complex, (double, double)>>("C", "PolarTangent");
            foreach (var z in new[] { new Complex(3, 4), new Complex(-0.2, 1e-3), new Complex(-2, -1e-8), new Complex(1e-9, 1), new Complex(1e160, 1e160) })
            {
                var (value, dz) = grad(z, 1.0);
                Assert.That(value, Is.EqualTo(f(z)).Within(1e-12 * Math.Abs(value)));
                // |z|: z/|z| (twice, with Magnitude's half); phase: (−y, x)/|z|².
                var r = Complex.Abs(z);
                var expected = new[] { 1.5 * z.Real / r - 2 * z.Imaginary / (r * r), 1.5 * z.Imaginary / r + 2 * z.Real / (r * r) };
                Assert.That(dz.Real, Is.EqualTo(expected[0]).Within(1e-12 * Math.Max(1, Math.Abs(expected[0]))), $"∂/∂Re at {z}");
                Assert.That(dz.Imaginary, Is.EqualTo(expected[1]).Within(1e-12 * Math.Max(1, Math.Abs(expected[1]))), $"∂/∂Im at {z}");
                var (_, t) = tangent(z, new Complex(0.6, -0.8));
                Assert.That(t, Is.EqualTo(0.6 * dz.Real - 0.8 * dz.Imaginary).Within(1e-12 * Math.Max(1, Math.Abs(t))));
            }
        }

        /// <summary>
        /// Every member in <c>Apply</c>, at points on both sides of the branches of Complex's IL:
        /// Smith's division switches formula where |Im w| = |Re w|, Sqrt where Re z changes sign and
        /// below the negative real axis (not closer to that cut than the differences' step, which
        /// would straddle it); each side's derivative is the analytic one, so reverse mode (seeded
        /// on the real or the imaginary part), central differences and forward mode agree.
        /// </summary>
        [TestCase(false), TestCase(true)]
        public void Each_member_against_differences_and_forward_mode(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var f = woven.Get<Func<Complex, int, Complex>>("C", "Apply");
            var grad = woven.Get<Func<Complex, int, Complex, (Complex, Complex)>>("C", "ApplyGrad");
            var tangent = woven.Get<Func<Complex, Complex, int, (Complex, Complex)>>("C", "ApplyTangent");
            var points = new[]
            {
                new Complex(0.8, -0.6), new Complex(-1.3, 0.4), new Complex(0.5, 0.5 + 1e-7), new Complex(0.5, 0.5 - 1e-7),
                new Complex(1e-6, 0.7), new Complex(-1e-6, 0.7), new Complex(-2, -1e-4), new Complex(2.5, 1e-9),
                new Complex(0.3, -0.7 + 1e-6), new Complex(-0.7 + 1e-6, 0.3),
            };
            for (int which = 0; which < Members; which++)
            {
                foreach (var z in points)
                {
                    foreach (var seed in new[] { One, I })
                    {
                        var (value, dz) = grad(z, which, seed);
                        Assert.That(Complex.Abs(value - f(z, which)), Is.LessThanOrEqualTo(1e-12 * Math.Max(1, Complex.Abs(value))), $"value of member {which} at {z}");
                        double Part(Complex c) => seed == One ? c.Real : c.Imaginary;
                        CheckGradient(new[] { dz.Real, dz.Imaginary }, v => Part(f(new Complex(v[0], v[1]), which)), new[] { z.Real, z.Imaginary }, $"member {which} at {z}, seed {seed}");
                        // Forward mode along each part gives the same partial derivatives.
                        Assert.That(Part(tangent(z, One, which).Item2), Is.EqualTo(dz.Real).Within(1e-9 * Math.Max(1, Math.Abs(dz.Real))), $"forward ∂/∂Re, member {which} at {z}");
                        Assert.That(Part(tangent(z, I, which).Item2), Is.EqualTo(dz.Imaginary).Within(1e-9 * Math.Max(1, Math.Abs(dz.Imaginary))), $"forward ∂/∂Im, member {which} at {z}");
                    }
                }
            }
        }

        /// <summary>
        /// Where Complex's IL returns a constant at one exact value — Sqrt on the real axis, Pow
        /// with exponent 0 — the derivative is still the function's (the weaver reads
        /// AutoDiff.ComplexDerivatives there), and the value is the framework's, bit for bit.
        /// Reference: f'(z) by hand; reverse seeded on the real part gives (Re f', −Im f'), on the
        /// imaginary part (Im f', Re f').
        /// </summary>
        [TestCase(false), TestCase(true)]
        public void Sqrt_on_the_real_axis_and_a_zero_exponent(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var grad = woven.Get<Func<Complex, int, Complex, (Complex, Complex)>>("C", "ApplyGrad");
            var tangent = woven.Get<Func<Complex, Complex, int, (Complex, Complex)>>("C", "ApplyTangent");
            static (double, double) Expected(Complex derivative, Complex seed) =>
                seed == One ? (derivative.Real, -derivative.Imaginary) : (derivative.Imaginary, derivative.Real);
            foreach (var z in new[] { new Complex(2.5, 0), new Complex(-2, 0), new Complex(0.3, -0.0) })
            {
                var root = Complex.Sqrt(z);
                foreach (var seed in new[] { One, I })
                {
                    var (value, dz) = grad(z, 0, seed);
                    Assert.That(value, Is.EqualTo(root), $"Sqrt({z})");
                    Assert.That(BitConverter.DoubleToInt64Bits(value.Imaginary), Is.EqualTo(BitConverter.DoubleToInt64Bits(root.Imaginary)), "the sign of a zero part too");
                    Assert.That(BitConverter.DoubleToInt64Bits(value.Real), Is.EqualTo(BitConverter.DoubleToInt64Bits(root.Real)), "the sign of a zero part too");
                    var (re, im) = Expected(1 / (2 * root), seed);
                    Assert.That(dz.Real, Is.EqualTo(re).Within(1e-15), $"Sqrt at {z}, seed {seed}: ∂/∂Re");
                    Assert.That(dz.Imaginary, Is.EqualTo(im).Within(1e-15), $"Sqrt at {z}, seed {seed}: ∂/∂Im");
                }
                Assert.That(Complex.Abs(tangent(z, I, 0).Item2 - I / (2 * root)), Is.LessThan(1e-15), $"forward Sqrt at {z} along Im");
            }

            var pow = woven.Get<Func<Complex, Complex, Complex, (Complex, Complex, Complex)>>("C", "PowGrad");
            var powTangent = woven.Get<Func<Complex, Complex, Complex, Complex, (Complex, Complex)>>("C", "PowTangent");
            var realPow = woven.Get<Func<Complex, double, Complex, (Complex, Complex, double)>>("C", "RealPowGrad");
            foreach (var z in new[] { new Complex(0.8, -0.6), new Complex(-3, 0.5) })
            {
                var log = Complex.Log(z);
                foreach (var seed in new[] { One, I })
                {
                    var (value, dz, dw) = pow(z, Complex.Zero, seed);
                    Assert.That(value, Is.EqualTo(Complex.Pow(z, Complex.Zero)));
                    Assert.That((dz.Real, dz.Imaginary), Is.EqualTo((0.0, 0.0)), "z^0 does not change with z");
                    var (re, im) = Expected(log, seed);
                    Assert.That(dw.Real, Is.EqualTo(re).Within(1e-15), $"Pow at {z}, seed {seed}: ∂/∂Re w");
                    Assert.That(dw.Imaginary, Is.EqualTo(im).Within(1e-15), $"Pow at {z}, seed {seed}: ∂/∂Im w");
                    var (realValue, _, dp) = realPow(z, 0.0, seed);
                    Assert.That(realValue, Is.EqualTo(Complex.Pow(z, 0.0)));
                    Assert.That(dp, Is.EqualTo(re).Within(1e-15), $"Pow(z, 0.0) at {z}: ∂/∂p");
                }
                Assert.That(Complex.Abs(powTangent(z, Complex.Zero, Complex.Zero, new Complex(0.5, 2)).Item2 - log * new Complex(0.5, 2)), Is.LessThan(1e-15));
                // Beside w = 0 the framework's general formula runs: central differences agree there.
                var (_, _, near) = pow(z, new Complex(1e-3, -2e-3), One);
                var expected = FiniteDifferences.Gradient(v => Complex.Pow(z, new Complex(v[0], v[1])).Real, 1e-3, -2e-3);
                Assert.That(near.Real, Is.EqualTo(expected[0]).Within(1e-8));
                Assert.That(near.Imaginary, Is.EqualTo(expected[1]).Within(1e-8));
            }
        }

        [TestCase(false), TestCase(true)]
        public void Complex_field_of_an_object_and_the_inverse_functions(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var holder = woven.Assembly.GetType("Holder")!;
            object Make(Complex z, double w)
            {
                var h = Activator.CreateInstance(holder)!;
                holder.GetField("Z")!.SetValue(h, z);
                holder.GetField("W")!.SetValue(h, w);
                return h;
            }
            var c = woven.Assembly.GetType("C")!;
            double Squared(double re, double im, double w) => (double)c.GetMethod("Squared")!.Invoke(null, new[] { Make(new Complex(re, im), w) })!;
            var (h0, dh) = (Make(new Complex(0.4, -1.1), 1.7), Make(Complex.Zero, 0));
            var value = (double)c.GetMethod("SquaredGrad")!.Invoke(null, new[] { h0, dh, (object)1.0 })!;
            Assert.That(value, Is.EqualTo(Squared(0.4, -1.1, 1.7)).Within(1e-12));
            Assert.That((Complex)holder.GetField("Z")!.GetValue(h0)!, Is.EqualTo(new Complex(0.4, -1.1) * new Complex(0.4, -1.1)), "the primal squares the field");
            var dz = (Complex)holder.GetField("Z")!.GetValue(dh)!;
            CheckGradient(new[] { dz.Real, dz.Imaginary, (double)holder.GetField("W")!.GetValue(dh)! }, v => Squared(v[0], v[1], v[2]), new[] { 0.4, -1.1, 1.7 }, "object field");

            var inverse = woven.Get<Func<Complex, double>>("C", "Inverse");
            var inverseGrad = woven.Get<Func<Complex, double, (double, Complex)>>("C", "InverseGrad");
            foreach (var z in new[] { new Complex(0.3, 0.2), new Complex(-0.6, -0.9), new Complex(1.7, 0.4) })
            {
                var (v, g) = inverseGrad(z, 1.0);
                Assert.That(v, Is.EqualTo(inverse(z)).Within(1e-12));
                CheckGradient(new[] { g.Real, g.Imaginary }, p => inverse(new Complex(p[0], p[1])), new[] { z.Real, z.Imaginary }, $"Asin + Tan + Atan + Acos at {z}");
            }
        }

        [TestCase(false), TestCase(true)]
        public void Complex_in_a_struct_field_and_in_an_array_written_in_place(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var phasor = woven.Assembly.GetType("Phasor")!;
            object Make(Complex value, double weight)
            {
                var p = Activator.CreateInstance(phasor)!;
                phasor.GetField("Value")!.SetValue(p, value);
                phasor.GetField("Weight")!.SetValue(p, weight);
                return p;
            }
            var c = woven.Assembly.GetType("C")!;
            double Power(double re, double im, double weight) => (double)c.GetMethod("Power")!.Invoke(null, new[] { Make(new Complex(re, im), weight) })!;
            var result = (System.Runtime.CompilerServices.ITuple)c.GetMethod("PowerGrad")!.Invoke(null, new[] { Make(new Complex(0.6, -1.5), 0.8), (object)1.0 })!;
            Assert.That(result[0], Is.EqualTo(Power(0.6, -1.5, 0.8)).Within(1e-12));
            var gradient = result[1]!;
            var dValue = (Complex)phasor.GetField("Value")!.GetValue(gradient)!;
            var dWeight = (double)phasor.GetField("Weight")!.GetValue(gradient)!;
            // w·|z|²: (2w·x, 2w·y) and |z|².
            CheckGradient(new[] { dValue.Real, dValue.Imaginary, dWeight }, v => Power(v[0], v[1], v[2]), new[] { 0.6, -1.5, 0.8 }, "phasor power");
            var (_, t) = ((double, double))c.GetMethod("PowerTangent")!.Invoke(null, new[] { Make(new Complex(0.6, -1.5), 0.8), Make(new Complex(0.5, 0.25), -1) })!;
            Assert.That(t, Is.EqualTo(0.5 * dValue.Real + 0.25 * dValue.Imaginary - dWeight).Within(1e-12));

            var rotateGrad = woven.Get<Func<Complex[], Complex[], double, double>>("C", "RotateGrad");
            var rotateTangent = woven.Get<Action<Complex[], Complex[], double, double>>("C", "RotateTangent");
            Complex[] a = { new Complex(1, 2), new Complex(-0.5, 0.3), new Complex(0.1, -0.9) };
            // Seed: the gradient of Σ Re(s_i · a_i) after the rotation, with s = the seeds below.
            Complex[] seeds = { new Complex(0.3, 0.4), new Complex(-1, 0.5), new Complex(0.2, 0.2) };
            double Loss(Complex[] input, double theta)
            {
                var copy = input.ToArray();
                var turn = Complex.FromPolarCoordinates(1, theta);
                for (int i = 0; i < copy.Length; i++) copy[i] *= turn;
                return copy.Zip(seeds, (x, s) => x.Real * s.Real + x.Imaginary * s.Imaginary).Sum();
            }
            var work = a.ToArray();
            var shadow = seeds.ToArray();
            var dTheta = rotateGrad(work, shadow, 0.7);
            var turned = Complex.FromPolarCoordinates(1, 0.7);
            Assert.That(work.Select((x, i) => Complex.Abs(x - a[i] * turned)).Max(), Is.LessThan(1e-14), "the primal rotates the array");
            var point = a.SelectMany(x => new[] { x.Real, x.Imaginary }).Append(0.7).ToArray();
            CheckGradient(shadow.SelectMany(x => new[] { x.Real, x.Imaginary }).Append(dTheta).ToArray(),
                v => Loss(Enumerable.Range(0, a.Length).Select(i => new Complex(v[2 * i], v[2 * i + 1])).ToArray(), v[^1]), point, "rotation in place");
            var forward = a.ToArray();
            Complex[] da = { new Complex(0.1, 0), new Complex(0, 0.2), Complex.Zero };
            var tangents = da.ToArray();
            rotateTangent(forward, tangents, 0.7, 0.5);
            for (int i = 0; i < a.Length; i++)
            {
                // d(a·e^{iθ}) = da·e^{iθ} + a·e^{iθ}·i dθ
                var expected = da[i] * turned + a[i] * turned * new Complex(0, 0.5);
                Assert.That(Complex.Abs(tangents[i] - expected), Is.LessThan(1e-14), $"tangent of element {i}");
            }
        }

        private static void CheckGradient(double[] actual, Func<double[], double> f, double[] at, string where)
        {
            var expected = FiniteDifferences.Gradient(f, at);
            for (int k = 0; k < at.Length; k++)
            {
                Assert.That(actual[k], Is.EqualTo(expected[k]).Within(FiniteDifferences.Tolerance(expected[k]) * 10), $"{where}: ∂[{k}]");
            }
        }
    }

    /// <summary>
    /// Complex derivatives the build wove (Fody, compiling against the reference assemblies, which
    /// hold no bodies): Fixtures.BclNumerics; the weaver read Complex from the shared framework.
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class ComplexWovenByTheBuildTests
    {
        private readonly FixtureBuild _build;

        public ComplexWovenByTheBuildTests(FixtureBuild build) => _build = build;

        /// <summary>
        /// The derivatives build and read Complex, PointF and SizeF through public members only:
        /// no field of theirs is named (their fields are private), checked on the woven IL.
        /// </summary>
        [Test]
        public void No_derivative_names_a_field_of_the_framework_structs()
        {
            using var module = Mono.Cecil.ModuleDefinition.ReadModule(FixtureAssemblies.PathOf(_build));
            var type = module.GetType("Fixtures.BclNumerics");
            var derivatives = type.Methods.Where(m => m.Name.EndsWith("Rev") || m.Name.EndsWith("Fwd")).ToList();
            Assert.That(derivatives, Has.Count.EqualTo(8));
            var named = derivatives.SelectMany(m => m.Body.Instructions)
                .Select(i => i.Operand).OfType<Mono.Cecil.FieldReference>()
                .Where(f => f.DeclaringType.FullName is "System.Numerics.Complex" or "System.Drawing.PointF" or "System.Drawing.SizeF")
                .Select(f => f.FullName).Distinct().ToList();
            Assert.That(named, Is.Empty);
            Assert.That(derivatives.SelectMany(m => m.Body.Instructions).Count(i => i.Operand is Mono.Cecil.MethodReference { Name: "get_Real" }), Is.GreaterThan(0));
        }

        [Test]
        public void Horner_and_mixed_functions()
        {
            var horner = FixtureAssemblies.Get<Func<Complex[], Complex, Complex>>(_build, "Fixtures.BclNumerics", "Horner");
            var hornerRev = FixtureAssemblies.Get<Func<Complex[], Complex[], Complex, Complex, (Complex, Complex)>>(_build, "Fixtures.BclNumerics", "HornerRev");
            var hornerFwd = FixtureAssemblies.Get<Func<Complex[], Complex[], Complex, Complex, (Complex, Complex)>>(_build, "Fixtures.BclNumerics", "HornerFwd");
            Complex[] a = { new Complex(1, -2), new Complex(0.5, 0.25), new Complex(-3, 1) };
            var z = new Complex(0.7, -1.1);
            var da = new Complex[a.Length];
            var (value, dz) = hornerRev(a, da, z, new Complex(1, 0));
            Assert.That(value, Is.EqualTo(horner(a, z)));
            // Re p: ∂/∂(x, y) = (Re p', −Im p'), ∂/∂a_i = (Re z^i, −Im z^i).
            var derivative = a[1] + 2 * a[2] * z;
            Assert.That(Complex.Abs(dz - Complex.Conjugate(derivative)), Is.LessThan(1e-12));
            for (int i = 0; i < a.Length; i++) Assert.That(Complex.Abs(da[i] - Complex.Conjugate(Complex.Pow(z, i))), Is.LessThan(1e-12), $"a[{i}]");
            var (_, t) = hornerFwd(a, new Complex[a.Length], z, new Complex(0.2, 0.9));
            Assert.That(Complex.Abs(t - derivative * new Complex(0.2, 0.9)), Is.LessThan(1e-12));

            var mixed = FixtureAssemblies.Get<Func<Complex, double>>(_build, "Fixtures.BclNumerics", "Mixed");
            var mixedRev = FixtureAssemblies.Get<Func<Complex, double, (double, Complex)>>(_build, "Fixtures.BclNumerics", "MixedRev");
            var mixedFwd = FixtureAssemblies.Get<Func<Complex, Complex, (double, double)>>(_build, "Fixtures.BclNumerics", "MixedFwd");
            foreach (var w in new[] { new Complex(0.8, -0.6), new Complex(-1.5, 0.2), new Complex(3, 1e-3) })
            {
                var (m, dw) = mixedRev(w, 1.0);
                Assert.That(m, Is.EqualTo(mixed(w)).Within(1e-14));
                var expected = FiniteDifferences.Gradient(v => mixed(new Complex(v[0], v[1])), w.Real, w.Imaginary);
                Assert.That(dw.Real, Is.EqualTo(expected[0]).Within(FiniteDifferences.Tolerance(expected[0])), $"∂/∂Re at {w}");
                Assert.That(dw.Imaginary, Is.EqualTo(expected[1]).Within(FiniteDifferences.Tolerance(expected[1])), $"∂/∂Im at {w}");
                Assert.That(mixedFwd(w, new Complex(0.3, -0.4)).Item2, Is.EqualTo(0.3 * dw.Real - 0.4 * dw.Imaginary).Within(1e-12));
            }
        }
    }
}
