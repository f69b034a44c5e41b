using System;
using System.Runtime.CompilerServices;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// Scalars between doubles (how check computes) and the boxed floats and doubles, arrays and
    /// tuples that methods take and return. A ref parameter travels as a one-element array (see
    /// <see cref="Invoker"/>), so every argument made here is fresh: a call never sees another's writes.
    /// </summary>
    internal static class Values
    {
        /// <summary>An argument for a parameter of this plan holding <paramref name="values"/>.</summary>
        public static object Argument(ParameterPlan plan, double[] values) =>
            plan.Shape == Shape.Value ? Box(plan.Element, values[0])
            : plan.Rank > 1 ? MultiDimensional(plan.Element, values, plan.Rank)
            : Array(plan.Element, values);

        /// <summary>The length of each dimension of a square array of <paramref name="rank"/> dimensions holding <paramref name="count"/> scalars.</summary>
        public static int Side(int count, int rank) => (int)Math.Round(Math.Pow(count, 1.0 / rank));

        /// <summary>A <c>double[,]</c> (or float, or more dimensions) of equal sides holding <paramref name="values"/> in row-major order.</summary>
        private static System.Array MultiDimensional(Scalar scalar, double[] values, int rank)
        {
            var lengths = new int[rank];
            System.Array.Fill(lengths, Side(values.Length, rank));
            var array = System.Array.CreateInstance(scalar == Scalar.Double ? typeof(double) : typeof(float), lengths);
            var flat = Array(scalar, values);
            Buffer.BlockCopy((System.Array)flat, 0, array, 0, Buffer.ByteLength((System.Array)flat));
            return array;
        }

        public static object Box(Scalar scalar, double value) => scalar == Scalar.Float ? (object)(float)value : value;

        public static object Array(Scalar scalar, double[] values)
        {
            if (scalar == Scalar.Double) return (double[])values.Clone();
            var floats = new float[values.Length];
            for (int i = 0; i < values.Length; i++) floats[i] = (float)values[i];
            return floats;
        }

        /// <summary>What an argument holds now: the scalars of an array (after the call wrote them), or a boxed scalar.</summary>
        public static double[] Read(object? argument) => argument switch
        {
            double[] d => (double[])d.Clone(),
            float[] f => System.Array.ConvertAll(f, x => (double)x),
            System.Array { Rank: > 1 } m => Read(Flat(m)),
            _ => new[] { ToDouble(argument) },
        };

        /// <summary>The elements of a multi-dimensional double or float array in row-major order, as a vector of its type.</summary>
        private static System.Array Flat(System.Array array)
        {
            var flat = System.Array.CreateInstance(array.GetType().GetElementType()!, array.Length);
            Buffer.BlockCopy(array, 0, flat, 0, Buffer.ByteLength(array));
            return flat;
        }

        /// <summary>A derivative's result as a list: none (void), the value itself, or a tuple's elements in order.</summary>
        public static object?[] Elements(object? result, int count)
        {
            if (count == 0) return System.Array.Empty<object?>();
            if (count == 1) return new[] { result };
            var tuple = (ITuple)result!;
            var elements = new object?[tuple.Length];
            for (int i = 0; i < elements.Length; i++) elements[i] = tuple[i];
            return elements;
        }

        public static double ToDouble(object? value) => value switch
        {
            double d => d,
            float f => f,
            _ => throw new InvalidCastException($"a scalar was expected, not {value?.GetType().Name ?? "null"}"),
        };

        /// <summary>Rounds to what a parameter of this scalar type can hold.</summary>
        public static double Round(Scalar scalar, double value) => scalar == Scalar.Float ? (float)value : value;
    }
}
