using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using AutoDiff;
using AutoDiff.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project Benchmarks [-- --quick] [BenchmarkDotNet options, e.g. --filter *Gradient*]
// dotnet run -c Release --project Benchmarks -- --adbench [--smoke]   (ADBench: see Adbench/AdbenchRun.cs)
// dotnet run -c Release --project Benchmarks -- --kernels [--smoke]   (issue 12's kernels: see Kernels/KernelRun.cs)
//   1. refuses a Debug build (BenchmarkDotNet would time unoptimised code);
//   2. checks every derivative against its reference here, before anything is timed: a wrong
//      derivative stops the run; a derivative that is not woven is left out and reported;
//   3. runs the benchmarks (each global setup checks again in the process that times);
//   4. prints the ratios measured in this run and writes them next to BenchmarkDotNet's reports.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

bool quick = args.Contains("--quick");
bool adbench = args.Contains("--adbench");
bool kernels = args.Contains("--kernels");
bool smoke = args.Contains("--smoke");
string[] benchmarkArgs = args.Where(a => a is not ("--quick" or "--adbench" or "--kernels" or "--smoke")).ToArray();

if (typeof(SinProductBenchmarks).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
{
    Console.Error.WriteLine("The benchmarks were built without optimisation: run them with `dotnet run -c Release --project Benchmarks`.");
    return 2;
}

if (adbench)
{
    return AutoDiff.Benchmarks.Adbench.AdbenchRun.Run(smoke, benchmarkArgs);
}

if (kernels)
{
    return AutoDiff.Benchmarks.Kernels.KernelRun.Run(smoke, benchmarkArgs);
}

var notWoven = new HashSet<string>();
try
{
    double[] x = DerivativeChecks.Vector(1000, 1);
    double[] v = DerivativeChecks.Vector(1000, 2);
    DerivativeChecks.HandWrittenAgree(x, v);
    Probe(SinProductBenchmarks.Names.GradientWoven, nameof(Functions.SinProductGrad), () => DerivativeChecks.WovenGradientMatches(x));
    Probe(SinProductBenchmarks.Names.TangentWoven, nameof(Functions.SinProductTangent), () => DerivativeChecks.WovenTangentMatches(x, v));
}
catch (DerivativeMismatchException e)
{
    Console.Error.WriteLine($"A derivative is wrong, nothing is timed: {e.Message}");
    return 1;
}

IConfig config = DefaultConfig.Instance;
if (quick)
{
    // A smoke run: in this process (no generated project to build), few short iterations.
    // Its numbers show the shape of the results, not their last digit.
    config = config.AddJob(Job.ShortRun
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100))
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithId("Quick"));
}

if (notWoven.Count > 0)
{
    config = config.AddFilter(new SimpleFilter(benchmark => !notWoven.Contains(benchmark.Descriptor.WorkloadMethod.Name)));
}

var summary = BenchmarkRunner.Run<SinProductBenchmarks>(config, benchmarkArgs);
RatioReport.Write(summary, notWoven, quick);

// Structs: Vector3 pair energy, woven gradient ÷ hand-written gradient (the Ratio column).
var pairs = BenchmarkRunner.Run<PairEnergyBenchmarks>(config, benchmarkArgs);

// Calls: a kernel split into helpers against the same kernel in one method (the Ratio column).
var helpers = BenchmarkRunner.Run<HelperKernelBenchmarks>(config, benchmarkArgs);

bool failed = new[] { summary, pairs, helpers }.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;

void Probe(string benchmark, string derivative, Action check)
{
    try
    {
        check();
        Console.WriteLine($"{derivative}: woven, agrees with the hand-written derivative.");
    }
    catch (AutoDiffNotWovenException)
    {
        notWoven.Add(benchmark);
        Console.WriteLine($"{benchmark} left out of this run: {DerivativeChecks.NotWoven(derivative)}");
    }
}
