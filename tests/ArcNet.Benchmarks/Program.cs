using ArcNet.Runtime;
// ArcNet throughput and memory benchmarks: one command, one table.
//
//   dotnet run --project tests/ArcNet.Benchmarks -c Release                 full run (a few minutes)
//   dotnet run --project tests/ArcNet.Benchmarks -c Release -- --quick      short run, fewer repetitions
//   dotnet run --project tests/ArcNet.Benchmarks -c Release -- --memory     RSS over 2000 training steps (slow)
//   dotnet run --project tests/ArcNet.Benchmarks -c Release -- --scalar-race   TorchSharp's Scalar race, counted
//   options: --threads N, --only matmul,plain,conv,oneshot,candidates, --batches 1,128, --reps N, --seconds S, --steps N (memory)
//
// Why a plain console harness and not BenchmarkDotNet: each figure here is either a multi-second training step or
// a loop of thousands of native LibTorch dispatches, so BenchmarkDotNet's nanosecond-scale machinery (pilot stages,
// process-per-benchmark, overhead calibration) would add minutes per case without adding accuracy, and it cannot put
// the machine's own matmul roofline and every model figure in one table from one process at one thread setting.
// The harness does what matters for these sizes: warm-up, several timed repetitions of Stopwatch-timed batches,
// the median and the min-max spread, all in one process so every figure shares the thread count and the roofline.

using System.Globalization;
using ArcNet;
using ArcNet.Benchmarks;
using TorchSharp;
using static TorchSharp.torch;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}
if (settings.Help)
{
    Console.WriteLine(BenchSettings.Usage);
    return 0;
}

TorchRuntime.EnsureAvailable();
if (settings.Threads is int threads)
    set_num_threads(threads);

Console.WriteLine(Machine.Describe());
Console.WriteLine();

if (settings.Memory)
    return MemoryRun.Run(settings);
if (settings.ScalarRace)
{
    ScalarRace.Run(settings);
    return 0;
}
if (settings.Breakdown)
{
    Breakdown.Run(settings);
    return 0;
}

if (settings.Only.Count == 0 || settings.Only.Any(section => section is not ("candidates" or "profile")))
    Throughput.Run(settings);
if (settings.Includes("profile"))
{
    Console.WriteLine();
    StepProfile.Run(settings);
}
if (settings.Includes("candidates"))
{
    Console.WriteLine();
    Candidates.Run(settings);
}
Console.WriteLine();
Console.WriteLine($"load average at end: {Machine.LoadAverage()}");
return 0;
