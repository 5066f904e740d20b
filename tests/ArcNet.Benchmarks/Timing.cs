using System.Diagnostics;

namespace ArcNet.Benchmarks;

/// <summary>Seconds per iteration over several repetitions.</summary>
internal sealed record Timing(double[] SecondsPerIteration, int IterationsPerRepetition, double CpuSecondsPerIteration, double TensorsPerIteration)
{
    public double Median
    {
        get
        {
            var sorted = SecondsPerIteration.Order().ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public double Fastest => SecondsPerIteration.Min();
    public double Slowest => SecondsPerIteration.Max();

    /// <summary>
    /// Runs <paramref name="iteration"/> for warm-up (at least two calls and a quarter of a repetition's time), then
    /// <paramref name="repetitions"/> timed repetitions of as many calls as fill <paramref name="secondsPerRepetition"/>.
    /// </summary>
    public static Timing Measure(Action iteration, int repetitions, double secondsPerRepetition)
    {
        var clock = Stopwatch.StartNew();
        int warmups = 0;
        while (warmups < 2 || clock.Elapsed.TotalSeconds < secondsPerRepetition / 4)
        {
            iteration();
            warmups++;
        }
        double estimate = clock.Elapsed.TotalSeconds / warmups;
        int perRepetition = Math.Max(1, (int)Math.Ceiling(secondsPerRepetition / Math.Max(estimate, 1e-7)));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        long tensorsBefore = TorchSharp.DisposeScopeManager.Statistics.CreatedInScopeCount;
        var times = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            clock.Restart();
            for (int i = 0; i < perRepetition; i++)
                iteration();
            times[r] = clock.Elapsed.TotalSeconds / perRepetition;
        }
        process.Refresh();
        double calls = (double)repetitions * perRepetition;
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / calls;
        double tensors = (TorchSharp.DisposeScopeManager.Statistics.CreatedInScopeCount - tensorsBefore) / calls;
        return new Timing(times, perRepetition, cpu, tensors);
    }
}
