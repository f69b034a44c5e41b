using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AutoDiff.Cli.Check
{
    /// <summary>The values of every primal parameter at one point (one scalar for a scalar or ref, one per element for an array or span).</summary>
    internal sealed class Point
    {
        public Point(double[][] values)
        {
            Values = values;
        }

        public double[][] Values { get; }

        /// <summary>This point with one scalar changed (for central differences).</summary>
        public Point With(Slot slot, double value)
        {
            var values = Values.Select(v => (double[])v.Clone()).ToArray();
            values[slot.Parameter][slot.Element] = value;
            return new Point(values);
        }

        public string Describe(IReadOnlyList<ParameterPlan> parameters) =>
            string.Join(", ", parameters.Select(p => p.Name + " = " + (p.Shape is Shape.Value or Shape.Ref
                ? Format(Values[p.Index][0])
                : "[" + string.Join(", ", Values[p.Index].Select(Format)) + "]")));

        public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
    }
}
