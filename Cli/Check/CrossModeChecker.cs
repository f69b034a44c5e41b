using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// Checks a forward and a reverse derivative of one primal against each other, on the inputs
    /// and outputs both differentiate: with a random seed w on the common outputs (0 on the
    /// reverse's others), each reverse gradient must equal wᵀ times the forward tangents of that
    /// input. Two modes agreeing where central differences are coarse (float) is a sharper check.
    /// </summary>
    internal static class CrossModeChecker
    {
        /// <summary>The comparison's row; null when the two share no differentiated input and output.</summary>
        public static CheckRow? Check(BoundDerivative forward, BoundDerivative reverse, CheckOptions options)
        {
            var name = $"{forward.Name} ↔ {reverse.Declared.Name}";
            var forwardOutputs = forward.Outputs(options.Size).ToList();
            var reverseOutputs = reverse.Outputs(options.Size).ToList();
            var reverseInputs = reverse.Inputs(options.Size).ToList();
            var inputs = forward.Inputs(options.Size).Intersect(reverse.Inputs(options.Size)).ToList();
            var outputs = forwardOutputs.Intersect(reverseOutputs).ToList();
            if (inputs.Count == 0 || outputs.Count == 0) return null;

            var comparison = new Comparison(forward.Precision == Scalar.Float || reverse.Precision == Scalar.Float ? Scalar.Float : Scalar.Double);
            var weights = new PointGenerator(options.Seed, name);
            int points = 0;
            foreach (var (point, _, _) in PointSearch.Find(reverse, reverseInputs, reverseOutputs, options, _ => { }))
            {
                points++;
                var at = $"at {point.Describe(reverse.Parameters)}: ";
                try
                {
                    var common = weights.Weights(outputs.Count);
                    var w = reverseOutputs.Select(o => outputs.IndexOf(o) is var k && k >= 0 ? common[k] : 0.0).ToArray();
                    var call = DerivativeCall.Run(reverse, point, DerivativeCall.Seeds(reverse, point, reverseOutputs, w), DerivativeCall.ReturnWeight(reverseOutputs, w));
                    var gradients = call.Gradients(reverseInputs);
                    var tangents = ForwardColumns(forward, point, inputs, forwardOutputs);
                    for (int i = 0; i < inputs.Count; i++)
                    {
                        var expected = 0.0;
                        for (int o = 0; o < outputs.Count; o++) expected += common[o] * tangents[i][forwardOutputs.IndexOf(outputs[o])];
                        var slot = inputs[i];
                        comparison.Add(gradients[reverseInputs.IndexOf(slot)], expected, "forward mode",
                            () => at + "gradient of " + DerivativeChecker.SlotName(reverse, slot, point));
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    return CheckRow.Failed(name, points, at + "a derivative throws " + DerivativeChecker.Describe(e));
                }
            }
            return points == 0 ? null : CheckRow.Compared(name, points, comparison, null);
        }

        /// <summary>For each input, the forward derivative's tangents of its outputs along that input.</summary>
        private static double[][] ForwardColumns(BoundDerivative forward, Point point, IReadOnlyList<Slot> inputs, IReadOnlyList<Slot> outputs)
        {
            var columns = new double[inputs.Count][];
            for (int first = 0; first < inputs.Count; first += forward.Width)
            {
                var lanes = Enumerable.Range(first, forward.Width).Select(i => i < inputs.Count ? inputs[i] : (Slot?)null).ToList();
                var call = DerivativeCall.Run(forward, point, DerivativeCall.UnitTangents(point, lanes), 0);
                for (int lane = 0; lane < forward.Width && first + lane < inputs.Count; lane++) columns[first + lane] = call.Tangents(outputs, lane);
            }
            return columns;
        }
    }
}
