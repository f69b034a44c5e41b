using System.Numerics;

namespace AutoDiff
{
    /// <summary>
    /// Two members of System.Numerics.Complex whose IL takes a shortcut at one exact value, where
    /// the shortcut's constant result would carry a wrong derivative: the weaver reads these
    /// bodies in place of the framework's (the rest of Complex it differentiates through its own
    /// IL). Each returns exactly the framework's value; at the shortcut it also carries the
    /// derivative the function has there. Never called at run time.
    /// </summary>
    public static class ComplexDerivatives
    {
        /// <summary>
        /// <c>Complex.Sqrt(z)</c>. On the real axis (Im z == 0) the framework returns (√x, 0) or
        /// (0, √−x) with a constant imaginary (or real) part, whose derivative along Im z would be 0
        /// instead of 1/(2√|x|): here that part is <c>0.0 − (−Im z) / (2√|x|)</c>, zero itself (a
        /// positive zero for either sign of Im z, as the framework's) with the derivative of √z.
        /// (Not <c>0.0 + …</c>: reverse mode folds an addition of zero, which keeps a −0.0.)
        /// </summary>
        public static Complex Sqrt(Complex value)
        {
            double re = value.Real, im = value.Imaginary;
            if (im == 0.0 && re > 0.0 && !double.IsPositiveInfinity(re))
            {
                double root = System.Math.Sqrt(re);
                return new Complex(root, 0.0 - -im / (2.0 * root));
            }
            if (im == 0.0 && re < 0.0 && !double.IsNegativeInfinity(re))
            {
                double root = System.Math.Sqrt(-re);
                return new Complex(0.0 - -im / (2.0 * root), root);
            }
            return Complex.Sqrt(value);
        }

        /// <summary>
        /// <c>Complex.Pow(z, w)</c>. For w == 0 the framework returns 1, a constant whose derivative
        /// along w would be 0 instead of log z: here it is <c>1 + w·log z</c>, exactly 1 for a
        /// finite z ≠ 0 (w's parts are zeros), with the derivative of z^w in both arguments.
        /// </summary>
        public static Complex Pow(Complex value, Complex power)
        {
            if (power == Complex.Zero && value != Complex.Zero && !double.IsNaN(value.Real) && !double.IsInfinity(value.Real) && !double.IsNaN(value.Imaginary) && !double.IsInfinity(value.Imaginary))
            {
                return Complex.One + power * Complex.Log(value);
            }
            return Complex.Pow(value, power);
        }
    }
}
