using System;
using System.Collections.Generic;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// The points a derivative is compared at: random candidates where the primal runs, is finite,
    /// and stays finite a central-difference step away; each comes with that Jacobian. Candidates
    /// outside the primal's domain (a log of a negative, a throw) are passed over, up to
    /// <see cref="CheckOptions.AttemptsPerPoint"/> per point wanted.
    /// </summary>
    internal static class PointSearch
    {
        public static IEnumerable<(Point Point, PrimalRun Primal, double[][] Jacobian)> Find(
            BoundDerivative derivative, IReadOnlyList<Slot> inputs, IReadOnlyList<Slot> outputs, CheckOptions options, Action<Exception> primalThrew)
        {
            var generator = new PointGenerator(options.Seed, derivative.Declared.Primal.FullName);
            int found = 0;
            for (int attempt = 0; found < options.Points && attempt < options.Points * CheckOptions.AttemptsPerPoint; attempt++)
            {
                var point = generator.Next(derivative.Parameters, options.Size);
                PrimalRun primal;
                double[][]? jacobian;
                try
                {
                    primal = PrimalRun.At(derivative, point);
                    jacobian = primal.IsFinite ? CentralDifferences.Jacobian(derivative, point, inputs, outputs) : null;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    primalThrew(e);
                    continue;
                }
                if (jacobian == null) continue;
                found++;
                yield return (point, primal, jacobian);
            }
        }
    }
}
