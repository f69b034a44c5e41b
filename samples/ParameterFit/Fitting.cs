using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace AutoDiff.Samples.ParameterFit
{
    /// <summary>What the fit found, and the loss at every point L-BFGS evaluated on the way.</summary>
    public sealed record FitResult(Rates Rates, double Loss, int Iterations, bool Converged, IReadOnlyList<double> Losses);

    /// <summary>Math.NET's L-BFGS, fed with the woven gradient.</summary>
    public static class Fitting
    {
        public static FitResult Fit(Observations data, Rates initialGuess, int maxIterations)
        {
            var losses = new List<double>();
            var objective = ObjectiveFunction.Gradient(point =>
            {
                var (loss, gradient) = data.SquaredErrorAndGradient(point.ToArray());
                losses.Add(loss);
                return (loss, Vector<double>.Build.DenseOfArray(gradient));
            });
            var minimizer = new LimitedMemoryBfgsMinimizer(gradientTolerance: 1e-6, parameterTolerance: 1e-10, functionProgressTolerance: 1e-12, memory: 5, maximumIterations: maxIterations);
            var result = minimizer.FindMinimum(objective, Vector<double>.Build.DenseOfArray(initialGuess.ToLogs()));
            // Math.NET 5.0.0's L-BFGS does not throw at its iteration limit: it returns after one
            // iteration more, with ReasonForExit saying AbsoluteGradient all the same, so the count tells.
            bool converged = result.Iterations <= maxIterations;
            return new FitResult(Rates.FromLogs(result.MinimizingPoint.ToArray()), result.FunctionInfoAtMinimum.Value, result.Iterations, converged, losses);
        }
    }
}
