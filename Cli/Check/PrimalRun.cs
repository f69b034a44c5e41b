using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// The primal called at a point: its return value and what every parameter holds afterwards
    /// (the final values of arrays, spans and refs), from which the differentiated outputs are read.
    /// </summary>
    internal sealed class PrimalRun
    {
        private PrimalRun(double? returned, double[][] after)
        {
            Returned = returned;
            After = after;
        }

        /// <summary>Null for void.</summary>
        public double? Returned { get; }

        /// <summary>Each parameter's scalars after the call.</summary>
        public double[][] After { get; }

        public static PrimalRun At(BoundDerivative derivative, Point point)
        {
            var arguments = derivative.Parameters.Select(p => Values.Argument(p, point.Values[p.Index])).ToArray<object?>();
            var result = derivative.Primal.Call(arguments);
            var returned = derivative.Return.Element == null ? (double?)null : Values.ToDouble(result);
            return new PrimalRun(returned, arguments.Select(Values.Read).ToArray());
        }

        /// <summary>The values at <paramref name="slots"/>.</summary>
        public double[] At(IReadOnlyList<Slot> slots) =>
            slots.Select(s => s.IsReturn ? Returned!.Value : After[s.Parameter][s.Element]).ToArray();

        /// <summary>True when the return value and every parameter's final value is a finite number.</summary>
        public bool IsFinite => (Returned == null || double.IsFinite(Returned.Value)) && After.All(a => a.All(double.IsFinite));
    }
}
