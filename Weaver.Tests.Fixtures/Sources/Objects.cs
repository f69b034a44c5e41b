using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>A class whose scalar fields (and an array in a field) carry derivatives through a shadow object.</summary>
    public sealed class Body
    {
        public double X;
        public double V;
        public double[] Trail = new double[3];
    }

    public static partial class Objects
    {
        // Reads and writes of an object's fields in a loop, and an array held in a field.
        [AutoDiffReverse("StepRev", Duplicated, Active, Active)]
        [AutoDiffForward("StepFwd", Dual, Dual, Dual)]
        public static double Step(Body b, double dt)
        {
            for (int i = 0; i < b.Trail.Length; i++)
            {
                b.Trail[i] = b.X;
                b.X += b.V * dt;
                b.V -= b.X * dt;
            }
            return b.X * b.X + b.V * b.V + b.Trail[1];
        }
    }

    /// <summary>An instance method differentiated through `this`: the shadow of this, dthis, comes first.</summary>
    public partial class Spring
    {
        public double K = 2;
        public double Length = 1.5;

        [AutoDiffReverse("EnergyRev", Active, Active, This = Duplicated)]
        [AutoDiffForward("EnergyFwd", Dual, Dual, This = Dual)]
        public double Energy(double x)
        {
            double d = x - Length;
            return 0.5 * K * d * d;
        }
    }
}
