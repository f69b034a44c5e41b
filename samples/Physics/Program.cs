using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Numerics;
using AutoDiff.Samples.Physics;

// Find the launch velocity that lands a ball with drag, in a crosswind, on a target 60 m away:
// gradient descent on the miss distance, the gradient woven through the whole simulation.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var scenario = Scenario.Default;
var firstGuess = new Vector3(15f, 15f, 0f);
Console.WriteLine($"Target {scenario.Target} m, launched from {scenario.Launcher} m, wind {scenario.Air.Wind} m/s, drag {scenario.Air.DragPerMass}/m, dt {scenario.TimeStep} s");

var clock = Stopwatch.StartNew();
var attempts = Aiming.Aim(scenario, firstGuess, maxIterations: 200, tolerance: 0.01f);
clock.Stop();

foreach (var a in attempts)
    if (a.Iteration < 5 || a.Iteration % 10 == 0 || a == attempts[^1])
        Console.WriteLine($"  iteration {a.Iteration,3}: velocity ({a.Velocity.X,7:F3}, {a.Velocity.Y,7:F3}, {a.Velocity.Z,7:F3}) m/s, misses by {a.MissDistance,9:F4} m");

var final = attempts[^1];
Console.WriteLine($"Landed {final.MissDistance:F4} m from the target after {final.Iteration} iterations " +
                  $"(first guess missed by {attempts[0].MissDistance:F2} m); {scenario.Trajectory(final.Velocity).Count - 1} steps of flight; " +
                  $"{clock.Elapsed.TotalMilliseconds / attempts.Count:F2} ms per gradient on average (the first ones include JIT compilation).");

string chart = Path.GetFullPath(args.Length > 0 ? args[0] : "physics.png");
TrajectoryChart.Write(scenario, attempts, chart);
Console.WriteLine($"Chart: {chart}");
