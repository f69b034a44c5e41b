using System;
using System.Linq;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// Arrays of any rank (double[,], float[,,]) as flat lists of their elements in row-major
    /// order, and central differences over every element of several of them: the reference the
    /// multi-dimensional array tests compare derivatives with.
    /// </summary>
    public static class ArrayElements
    {
        /// <summary>The elements of <paramref name="array"/> in row-major order, as doubles.</summary>
        public static double[] Flat(Array array) => array.Cast<object>().Select(Convert.ToDouble).ToArray();

        /// <summary>The indices of the <paramref name="k"/>-th element in row-major order.</summary>
        public static int[] Indices(Array array, int k)
        {
            var indices = new int[array.Rank];
            for (int d = array.Rank - 1; d >= 0; d--)
            {
                indices[d] = k % array.GetLength(d);
                k /= array.GetLength(d);
            }
            return indices;
        }

        public static double Get(Array array, int k) => Convert.ToDouble(array.GetValue(Indices(array, k)));

        public static void Set(Array array, int k, double value) =>
            array.SetValue(array.GetType().GetElementType() == typeof(float) ? (object)(float)value : value, Indices(array, k));

        /// <summary>An array of <paramref name="array"/>'s type and shape whose k-th element is <paramref name="value"/>(k).</summary>
        public static T Like<T>(T array, Func<int, double> value) where T : class, System.Collections.IList
        {
            var made = (Array)((Array)(object)array).Clone();
            for (int k = 0; k < made.Length; k++) Set(made, k, value(k));
            return (T)(object)made;
        }

        /// <summary>
        /// Central differences of <paramref name="f"/> with respect to every element of every
        /// array in <paramref name="inputs"/>, in order; f is handed fresh copies each time (it may
        /// write into them).
        /// </summary>
        public static double[][] Gradient(Func<Array[], double> f, params Array[] inputs)
        {
            var gradient = new double[inputs.Length][];
            for (int p = 0; p < inputs.Length; p++)
            {
                gradient[p] = new double[inputs[p].Length];
                for (int k = 0; k < inputs[p].Length; k++)
                {
                    // f is called within Derivative, so the loop variables are still this element's.
                    gradient[p][k] = FiniteDifferences.Derivative(v =>
                    {
                        var copies = inputs.Select(a => (Array)a.Clone()).ToArray();
                        Set(copies[p], k, v);
                        return f(copies);
                    }, Get(inputs[p], k));
                }
            }
            return gradient;
        }

        /// <summary>⟨a, b⟩ over the flat elements.</summary>
        public static double Dot(Array a, Array b) => Flat(a).Zip(Flat(b), (x, y) => x * y).Sum();
    }
}
