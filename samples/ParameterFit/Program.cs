using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AutoDiff.Samples.ParameterFit;

// Estimate the four rates of a Lotka–Volterra predator–prey model from noisy counts: RK4 over
// arrays, squared error, its gradient woven through the integration, and Math.NET's L-BFGS.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var data = Example.Data();
Console.WriteLine($"{data.Count} noisy observations of prey and predators, every {data.SampleInterval} time units (RK4, h = {data.TimeStep})");
Console.WriteLine($"  true rates:    {Example.Truth}");
Console.WriteLine($"  initial guess: {Example.InitialGuess}   squared error {data.SquaredError(Example.InitialGuess.ToLogs()):F1}");

var clock = Stopwatch.StartNew();
var fit = Fitting.Fit(data, Example.InitialGuess, maxIterations: 200);
clock.Stop();
Console.WriteLine($"  recovered:     {fit.Rates}   squared error {fit.Loss:F1} " +
                  $"({fit.Iterations} L-BFGS iterations, {fit.Losses.Count} gradients, {clock.Elapsed.TotalMilliseconds:F0} ms{(fit.Converged ? "" : ", stopped at the iteration limit")})");
Console.WriteLine($"  relative error of the rates: {Example.WorstRelativeError(fit.Rates):P2} at most");

var (loss, gradient) = Timing.PerCall(data, fit.Rates.ToLogs());
Console.WriteLine($"Time per call (fastest of 7 rounds of 40): squared error {loss * 1e3:F1} µs, squared error with its woven gradient {gradient * 1e3:F1} µs ({gradient / loss:F1}×)");

string chart = Path.GetFullPath(args.Length > 0 ? args[0] : "parameter-fit.png");
FitChart.Write(data, Example.InitialGuess, fit.Rates, chart);
Console.WriteLine($"Chart: {chart}");
