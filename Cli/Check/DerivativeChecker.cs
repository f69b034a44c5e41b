using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// Checks one derivative against central differences of its primal at random points. Reverse
    /// mode: with a random seed w on the outputs, every gradient (returned, or left in a shadow)
    /// must equal wᵀJ. Forward mode: with a unit tangent on each input in turn (a lane each in
    /// batch mode), every output tangent must equal that column of J. The primal values it returns
    /// (and leaves in Duplicated/Dual memory) must equal the primal's.
    /// </summary>
    internal static class DerivativeChecker
    {
        public static CheckRow Check(BoundDerivative derivative, CheckOptions options)
        {
            var inputs = derivative.Inputs(options.Size);
            var outputs = derivative.Outputs(options.Size);
            var comparison = new Comparison(derivative.Precision);
            var weights = new PointGenerator(options.Seed, derivative.Name);
            Exception? primalError = null;
            int points = 0;
            foreach (var (point, primal, jacobian) in PointSearch.Find(derivative, inputs, outputs, options, e => primalError = e))
            {
                points++;
                var at = $"at {point.Describe(derivative.Parameters)}: ";
                try
                {
                    if (derivative.IsReverse) CompareReverse(derivative, point, primal, jacobian, inputs, outputs, weights.Weights(outputs.Count), comparison, at);
                    else CompareForward(derivative, point, primal, jacobian, inputs, outputs, comparison, at);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    return CheckRow.Failed(derivative.Name, points, at + "the derivative throws " + Describe(e));
                }
            }
            if (points == 0)
            {
                return CheckRow.Skipped(derivative.Name, primalError != null
                    ? "the primal throws at every random point: " + Describe(primalError)
                    : $"the primal is not finite at any of {options.Points * CheckOptions.AttemptsPerPoint} random points");
            }
            return CheckRow.Compared(derivative.Name, points, comparison, null);
        }

        private static void CompareReverse(BoundDerivative derivative, Point point, PrimalRun primal, double[][] jacobian,
            IReadOnlyList<Slot> inputs, IReadOnlyList<Slot> outputs, double[] w, Comparison comparison, string at)
        {
            var call = DerivativeCall.Run(derivative, point, DerivativeCall.Seeds(derivative, point, outputs, w), DerivativeCall.ReturnWeight(outputs, w));
            ComparePrimal(derivative, point, primal, call, comparison, at);
            var gradients = call.Gradients(inputs);
            for (int i = 0; i < inputs.Count; i++)
            {
                var expected = 0.0;
                for (int o = 0; o < outputs.Count; o++) expected += w[o] * jacobian[o][i];
                var slot = inputs[i];
                comparison.Add(gradients[i], expected, "central differences", () => at + "gradient of " + SlotName(derivative, slot, point));
            }
        }

        private static void CompareForward(BoundDerivative derivative, Point point, PrimalRun primal, double[][] jacobian,
            IReadOnlyList<Slot> inputs, IReadOnlyList<Slot> outputs, Comparison comparison, string at)
        {
            // At least one call, even with no input to differentiate, so the primal value is compared.
            for (int first = 0; first < Math.Max(1, inputs.Count); first += derivative.Width)
            {
                var lanes = Enumerable.Range(first, derivative.Width).Select(i => i < inputs.Count ? inputs[i] : (Slot?)null).ToList();
                var call = DerivativeCall.Run(derivative, point, DerivativeCall.UnitTangents(point, lanes), 0);
                ComparePrimal(derivative, point, primal, call, comparison, at);
                for (int lane = 0; lane < derivative.Width && first + lane < inputs.Count; lane++)
                {
                    var tangents = call.Tangents(outputs, lane);
                    var along = SlotName(derivative, inputs[first + lane], point);
                    for (int o = 0; o < outputs.Count; o++)
                    {
                        var output = outputs[o];
                        comparison.Add(tangents[o], jacobian[o][first + lane], "central differences",
                            () => at + $"tangent of {SlotName(derivative, output, point)} along {along}");
                    }
                }
            }
        }

        /// <summary>The primal value returned, and the memory a Duplicated/Dual parameter holds after the call, against the primal's own.</summary>
        private static void ComparePrimal(BoundDerivative derivative, Point point, PrimalRun primal, DerivativeCall call, Comparison comparison, string at)
        {
            if (call.ReturnedPrimal is { } returned) comparison.Add(returned, primal.Returned!.Value, "the primal", () => at + "primal return value");
            foreach (var p in derivative.Parameters.Where(p => p.IsMemory && p.IsOutput && p.PrimalAfterCallIsKept))
            {
                var after = call.PrimalAfter(p.Index);
                for (int k = 0; k < after.Length; k++)
                {
                    var element = k;
                    comparison.Add(after[k], primal.After[p.Index][k], "the primal", () => at + $"primal value of {SlotName(derivative, new Slot(p.Index, element), point)} after the call");
                }
            }
        }

        public static string SlotName(BoundDerivative derivative, Slot slot, Point point) =>
            slot.IsReturn ? "the return value" : derivative.Parameters[slot.Parameter].ElementName(slot.Element, point.Values[slot.Parameter].Length);

        public static string Describe(Exception e)
        {
            var inner = e is System.Reflection.TargetInvocationException { InnerException: { } cause } ? cause : e;
            return inner.GetType().Name + ": " + inner.Message;
        }
    }
}
