using System;
using static AutoDiff.Activity;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// f(x) = Σ_{i=0}^{n-2} sin(x_i)·x_{i+1}: a loop over an array, one transcendental call and one
    /// multiplication per element, and every element feeding two terms. The primal carries the
    /// attributes; the woven derivatives are compared with what a careful person writes by hand.
    /// </summary>
    public static partial class Functions
    {
        /// <summary>
        /// The primal. Woven: <c>double SinProductGrad(double[] x, double[] dx, double dret)</c>
        /// returns f(x) and adds dret·∇f(x) into dx; <c>double SinProductTangent(double[] x, double[] dx)</c>
        /// returns the directional derivative along dx.
        /// </summary>
        [AutoDiffReverse("SinProductGrad", Duplicated, Active)]
        [AutoDiffForward("SinProductTangent", Dual, DualOnly)]
        public static double SinProduct(double[] x)
        {
            double sum = 0;
            for (int i = 0; i < x.Length - 1; i++)
            {
                sum += Math.Sin(x[i]) * x[i + 1];
            }

            return sum;
        }

        /// <summary>
        /// The gradient as an expert writes it, with the woven <c>SinProductGrad</c>'s contract: returns
        /// f(x) and adds dret·∇f(x) into <paramref name="dx"/>. ∂f/∂x_i = cos(x_i)·x_{i+1} + sin(x_{i-1}).
        /// One pass; the sine and cosine of each x_i from one <see cref="Math.SinCos"/> (one argument
        /// reduction instead of two); x_{i+1} read once and carried as the next x_i, and the second
        /// term carried to the next iteration in a register, so each x_i is read once and each dx_i
        /// read and written once.
        /// </summary>
        public static double SinProductGradByHand(double[] x, double[] dx, double dret)
        {
            if (dx.Length < x.Length)
            {
                throw new ArgumentException("the shadow must be as long as x", nameof(dx));
            }

            int last = x.Length - 1;
            if (last < 1)
            {
                return 0;
            }

            double sum = 0;
            double carry = 0; // dret·sin(x_{i-1}): x_i's share of the previous term
            double current = x[0];
            for (int i = 0; i < last; i++)
            {
                double next = x[i + 1];
                var (sin, cos) = Math.SinCos(current);
                sum += sin * next;
                dx[i] += carry + dret * cos * next;
                carry = dret * sin;
                current = next;
            }

            dx[last] += carry;
            return sum;
        }

        /// <summary>
        /// The directional derivative along <paramref name="dx"/> as an expert writes it, with the
        /// woven <c>SinProductTangent</c>'s contract: Σ cos(x_i)·dx_i·x_{i+1} + sin(x_i)·dx_{i+1}. One
        /// pass; the sine and cosine of each x_i from one <see cref="Math.SinCos"/>; x_{i+1} and
        /// dx_{i+1} read once and carried as the next iteration's x_i and dx_i.
        /// </summary>
        public static double SinProductTangentByHand(double[] x, double[] dx)
        {
            if (dx.Length < x.Length)
            {
                throw new ArgumentException("the tangent must be as long as x", nameof(dx));
            }

            int last = x.Length - 1;
            if (last < 1)
            {
                return 0;
            }

            double tangent = 0;
            double current = x[0], currentTangent = dx[0];
            for (int i = 0; i < last; i++)
            {
                double next = x[i + 1], nextTangent = dx[i + 1];
                var (sin, cos) = Math.SinCos(current);
                tangent += cos * currentTangent * next + sin * nextTangent;
                current = next;
                currentTangent = nextTangent;
            }

            return tangent;
        }
    }
}
