using System;

namespace AutoDiff
{
    /// <summary>
    /// What <c>System.Linq.Enumerable</c>'s <c>Sum</c>, <c>Average</c>, <c>Max</c> and <c>Min</c> do
    /// on a <c>double[]</c> or <c>float[]</c>, written as element loops: the weaver inlines these
    /// bodies in place of such a call (as it does <see cref="DataMoves"/>), so the derivative flows
    /// through each element read like any loop of the user's: a sum's seed to every element, a
    /// maximum's to the element it returned. Never called at run time. Each returns exactly what
    /// .NET 10's LINQ returns for an array (read from its implementation): sums in order, a
    /// <c>float</c> sum and average accumulated in <c>double</c>; <c>Max</c> skips NaN (NaN only when
    /// every element is NaN) and keeps the first of equal maxima; <c>Min</c> returns the first NaN
    /// it meets and keeps the first of equal minima; the same exceptions for null and empty input.
    /// </summary>
    public static class Aggregates
    {
        /// <summary><c>Enumerable.Sum(double[])</c>.</summary>
        public static double Sum(double[] source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            double sum = 0;
            for (int i = 0; i < source.Length; i++) sum += source[i];
            return sum;
        }

        /// <summary><c>Enumerable.Sum(float[])</c>: accumulated in double, as LINQ does.</summary>
        public static float Sum(float[] source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            double sum = 0;
            for (int i = 0; i < source.Length; i++) sum += source[i];
            return (float)sum;
        }

        /// <summary><c>Enumerable.Average(double[])</c>.</summary>
        public static double Average(double[] source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (source.Length == 0) throw new InvalidOperationException("Sequence contains no elements");
            double sum = 0;
            for (int i = 0; i < source.Length; i++) sum += source[i];
            return sum / source.Length;
        }

        /// <summary><c>Enumerable.Average(float[])</c>: accumulated and divided in double, as LINQ does.</summary>
        public static float Average(float[] source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (source.Length == 0) throw new InvalidOperationException("Sequence contains no elements");
            double sum = 0;
            for (int i = 0; i < source.Length; i++) sum += source[i];
            return (float)(sum / source.Length);
        }

        /// <summary><c>Enumerable.Max(double[])</c>.</summary>
        public static double Max(double[] source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (source.Length == 0) throw new InvalidOperationException("Sequence contains no elements");
            int i = 0;
            while (i < source.Length && double.IsNaN(source[i])) i++;
            if (i == source.Length) return source[source.Length - 1];
            double max = source[i];
            for (i++; i < source.Length; i++)
            {
                if (source[i] > max) max = source[i];
            }
            return max;
        }

        /// <summary><c>Enumerable.Max(float[])</c>.</summary>
        public static float Max(float[] source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (source.Length == 0) throw new InvalidOperationException("Sequence contains no elements");
            int i = 0;
            while (i < source.Length && float.IsNaN(source[i])) i++;
            if (i == source.Length) return source[source.Length - 1];
            float max = source[i];
            for (i++; i < source.Length; i++)
            {
                if (source[i] > max) max = source[i];
            }
            return max;
        }

        /// <summary><c>Enumerable.Min(double[])</c>.</summary>
        public static double Min(double[] source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (source.Length == 0) throw new InvalidOperationException("Sequence contains no elements");
            double min = source[0];
            for (int i = 1; i < source.Length; i++)
            {
                double value = source[i];
                if (value < min) min = value;
                else if (double.IsNaN(value)) return value;
            }
            return min;
        }

        /// <summary><c>Enumerable.Min(float[])</c>.</summary>
        public static float Min(float[] source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (source.Length == 0) throw new InvalidOperationException("Sequence contains no elements");
            float min = source[0];
            for (int i = 1; i < source.Length; i++)
            {
                float value = source[i];
                if (value < min) min = value;
                else if (float.IsNaN(value)) return value;
            }
            return min;
        }
    }
}
