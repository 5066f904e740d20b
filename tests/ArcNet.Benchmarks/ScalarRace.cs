using System.Diagnostics;
using System.Runtime.InteropServices;
using ArcNet.Runtime;

namespace ArcNet.Benchmarks;

/// <summary>
/// TorchSharp 0.107's Scalar race, counted: <c>t * 3.0</c> hands LibTorch a Scalar that nothing keeps alive, so a
/// garbage collection started by another thread can let the finalizer free it while LibTorch reads it. Here one thread
/// collects without pause while the main thread multiplies, alternately plainly and through <see cref="NativeRetry"/>.
/// How often it strikes depends on scheduling (a busy machine loses more races), so it prints counts; it is not a test.
/// </summary>
internal static class ScalarRace
{
    internal static void Run(BenchSettings settings)
    {
        using var ones = TorchSharp.torch.ones(64);
        long calls = 0, collections = 0;
        int plainFailures = 0, retriedFailures = 0;
        var messages = new SortedSet<string>();
        bool stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                collections++;
            }
        }) { IsBackground = true };

        Console.WriteLine($"Scalar race: t * 3.0 for {settings.ScalarRaceSeconds:0} s while another thread collects garbage without pause");
        collector.Start();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < settings.ScalarRaceSeconds)
        {
            calls++;
            try
            {
                using var plain = ones * 3.0;
            }
            catch (ExternalException failure)
            {
                plainFailures++;
                messages.Add(NativeRetry.FirstLine(failure));
            }
            try
            {
                using var retried = NativeRetry.Once(() => ones * 3.0);
            }
            catch (ExternalException)
            {
                retriedFailures++;
            }
        }
        Volatile.Write(ref stop, true);
        collector.Join();

        Console.WriteLine($"  {calls} calls each way, {collections} collections on the other thread, load average {Machine.LoadAverage()}");
        Console.WriteLine($"  plain:            {plainFailures} failed ({plainFailures * 1e6 / calls:0.0} per million){(messages.Count > 0 ? ": " + string.Join(" | ", messages) : "")}");
        Console.WriteLine($"  NativeRetry.Once: {retriedFailures} failed");
    }
}
