using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>Loops on scalars: counted, nested, run-time trip counts, data-dependent exits, break, continue, return inside.</summary>
    public static partial class Loops
    {
        // Σ over 100 iterations of (a + b): derivative 100 with respect to each.
        [AutoDiffReverse("SumRev", Active, Active, Active)]
        [AutoDiffForward("SumFwd", Dual, Dual, Dual)]
        public static double Sum100(double a, double b)
        {
            double s = 0;
            for (int i = 0; i < 100; i++) s += a + b;
            return s;
        }

        // The same over 100 × 100 iterations: derivative 10⁴ each.
        [AutoDiffReverse("NestedRev", Active, Active, Active)]
        [AutoDiffForward("NestedFwd", Dual, Dual, Dual)]
        public static double Nested(double a, double b)
        {
            double s = 0;
            for (int i = 0; i < 100; i++)
            {
                for (int j = 0; j < 100; j++) s += a + b;
            }
            return s;
        }

        // xⁿ by repeated multiplication, n known only at run time: derivative n·xⁿ⁻¹.
        [AutoDiffReverse("PowerRev", Active, Const, Active)]
        [AutoDiffForward("PowerFwd", Dual, Const, Dual)]
        public static double Power(double x, int n)
        {
            double r = 1;
            for (int i = 0; i < n; i++) r *= x;
            return r;
        }

        // A data-dependent exit (sum until a threshold) with a break as a safety net.
        [AutoDiffReverse("UntilRev", Active, Active)]
        [AutoDiffForward("UntilFwd", Dual, Dual)]
        public static double Until(double x)
        {
            double s = 0;
            int k = 0;
            while (s < 10)
            {
                s += x * k + Math.Sin(x);
                k++;
                if (k > 50) break;
            }
            return s * x;
        }

        // Newton's iteration for √a, returning from inside the loop: derivative 1 / (2√a).
        [AutoDiffReverse("NewtonRev", Active, Active)]
        [AutoDiffForward("NewtonFwd", Dual, Dual)]
        public static double Newton(double a)
        {
            double x = a;
            for (int i = 0; i < 30; i++)
            {
                x = 0.5 * (x + a / x);
                if (Math.Abs(x * x - a) < 1e-13 * a) return x;
            }
            return x;
        }

        // A loop-carried swap, `continue`, and a do-while.
        [AutoDiffReverse("FibRev", Active, Active, Const, Active)]
        [AutoDiffForward("FibFwd", Dual, Dual, Const, Dual)]
        public static double Fib(double a, double b, int n)
        {
            for (int i = 0; i < n; i++)
            {
                if (i % 3 == 2) continue;
                (a, b) = (b, a + b * 0.5);
            }
            int k = 0;
            do
            {
                a = a * 0.9 + b * 0.1;
                k++;
            }
            while (k < n);
            return a * b;
        }

        // Two back edges into one header (a `continue` that jumps to the condition): reversed
        // with the generic tape rather than by counting.
        [AutoDiffReverse("TwoLatchesRev", Active, Const, Active)]
        [AutoDiffForward("TwoLatchesFwd", Dual, Const, Dual)]
        public static double TwoLatches(double x, int n)
        {
            int i = 0;
            double s = 0;
            while (i < n)
            {
                i++;
                if (i % 3 == 0) continue;
                s += Math.Exp(x * i * 0.1) * s + x;
            }
            return s;
        }

        // A cycle with two entries (irreducible: no C# loop makes one, goto does).
        [AutoDiffReverse("IrreducibleRev", Active, Const, Active)]
        [AutoDiffForward("IrreducibleFwd", Dual, Const, Dual)]
        public static double Irreducible(double x, int n)
        {
            int k = 0;
            double s = 1;
            if (n % 2 == 0) goto B;
        A:
            s = s * x + k;
            k++;
        B:
            s = s * s * 0.5 + x;
            k++;
            if (k < n) goto A;
            return s;
        }
    }
}
