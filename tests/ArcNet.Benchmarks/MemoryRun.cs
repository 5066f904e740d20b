using System.Diagnostics;
using ArcNet.Data;
using ArcNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Benchmarks;

/// <summary>
/// Process memory over a real training run: <see cref="ArcTrainer"/> on plain ARC at batch 128 with Omniglot pairs,
/// augmentation and periodic validation, sampling VmRSS after every step.
/// </summary>
internal static class MemoryRun
{
    private sealed class Recorder(int steps, Stopwatch clock) : IProgress<TrainingProgress>
    {
        public readonly List<(int Step, double Rss)> Samples = [];

        public void Report(TrainingProgress value)
        {
            var (rss, peak) = Machine.Memory();
            Samples.Add((value.Step, rss));
            if (value.Step % 100 == 0 || value.Step == steps)
                Console.WriteLine($"  step {value.Step,5}: RSS {rss,7:F1} MB, peak {peak,7:F1} MB, live tensors {DisposeScopeManager.Statistics.ThreadTotalLiveCount,5}, "
                    + $"managed heap {GC.GetTotalMemory(false) / 1048576.0,6:F1} MB, {value.PairsPerSecond:F0} pairs/s, {clock.Elapsed.TotalSeconds:F0} s");
        }
    }

    /// <summary>Development aid: where a trainer step's time goes (data, augmentation, model).</summary>
    private static void Profile(ArcComparator comparator, ImageSubset train)
    {
        var sampler = new PairSampler(train, seed: 3, meanPixel: comparator.PixelMean);
        var augmentation = new PairAugmentation(comparator.PixelMean, 1.0, seed: 4);
        using var optimizer = optim.Adam(comparator.Network.parameters(), 2e-4);
        var network = comparator.Network;
        network.train();
        for (int i = 0; i < 6; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            var (first, second, target) = sampler.Sample(128);
            double sample = clock.Elapsed.TotalMilliseconds;
            (first, second) = augmentation.Apply(first, second);
            double augment = clock.Elapsed.TotalMilliseconds - sample;
            optimizer.zero_grad();
            var logits = network.call(first, second);
            var loss = nn.functional.binary_cross_entropy_with_logits(logits, target);
            _ = loss.item<float>();
            double forward = clock.Elapsed.TotalMilliseconds - sample - augment;
            loss.backward();
            double backward = clock.Elapsed.TotalMilliseconds - sample - augment - forward;
            optimizer.step();
            double adam = clock.Elapsed.TotalMilliseconds - sample - augment - forward - backward;
            var random = rand_like(first);
            clock.Restart();
            optimizer.zero_grad();
            loss = nn.functional.binary_cross_entropy_with_logits(network.call(random, random), target);
            loss.backward();
            optimizer.step();
            Console.WriteLine($"  profile: sample {sample:F1} ms, augment {augment:F1} ms, forward {forward:F1} ms, backward {backward:F1} ms, adam {adam:F1} ms; same step on uniform noise {clock.Elapsed.TotalMilliseconds:F1} ms");
        }
    }

    public static int Run(BenchSettings settings)
    {
        int steps = settings.MemorySteps;
        int warmup = Math.Max(1, steps / 10);
        string folder = Path.Combine(AppContext.BaseDirectory, "Data", "Omniglot");
        var (before, _) = Machine.Memory();
        using var data = ImageDataset.Load([Path.Combine(folder, "images_background_small1.zip"), Path.Combine(folder, "images_background_small2.zip")]);
        var (train, validation) = ImageSplit.ByInstance(data.All);
        using var comparator = new ArcComparator(new PlainArcOptions(), seed: 0);
        var options = new TrainingOptions { BatchSize = 128, MaxSteps = steps, ValidateEvery = 500, LearningRate = 2e-4 };
        using var trainer = new ArcTrainer(comparator, train, validation, options);
        var (loaded, _) = Machine.Memory();
        if (Environment.GetEnvironmentVariable("ARCNET_BENCH_PROFILE") == "1")
            Profile(comparator, train);

        Console.WriteLine($"memory: ArcTrainer, plain ARC, batch 128, {steps} steps, augmentation on, validation every 500 steps ({options.ValidationBatches} batches), no checkpoints");
        Console.WriteLine($"  RSS before loading {before:F1} MB; after loading {data.Count} images and building the trainer {loaded:F1} MB");
        var clock = Stopwatch.StartNew();
        var recorder = new Recorder(steps, clock);
        var result = trainer.Run(recorder);

        var (finalRss, peakRss) = Machine.Memory();
        var after = recorder.Samples.Where(s => s.Step >= warmup).ToArray();
        double atWarmup = after[0].Rss;
        double maxAfter = after.Max(s => s.Rss);
        double minAfter = after.Min(s => s.Rss);
        double lastStepRss = recorder.Samples[^1].Rss;
        // Least-squares slope of RSS against step after warm-up, in MB per 1000 steps: robust to allocator jitter.
        double meanStep = after.Average(s => s.Step), meanRss = after.Average(s => s.Rss);
        double slope = after.Sum(s => (s.Step - meanStep) * (s.Rss - meanRss)) / after.Sum(s => (s.Step - meanStep) * (s.Step - meanStep)) * 1000;

        Console.WriteLine();
        Console.WriteLine($"| memory (plain ARC, batch 128, {result.Steps} steps in {result.Elapsed.TotalSeconds:F0} s) | MB |");
        Console.WriteLine("|:---|---:|");
        Console.WriteLine($"| RSS after loading data and building the trainer | {loaded:F1} |");
        Console.WriteLine($"| RSS at end of warm-up (step {after[0].Step}) | {atWarmup:F1} |");
        Console.WriteLine($"| RSS at last step (step {recorder.Samples[^1].Step}) | {lastStepRss:F1} |");
        Console.WriteLine($"| steady state after warm-up: min .. max | {minAfter:F1} .. {maxAfter:F1} |");
        Console.WriteLine($"| growth after warm-up: last step - warm-up end | {lastStepRss - atWarmup:+0.0;-0.0} |");
        Console.WriteLine($"| growth after warm-up: max - warm-up end | {maxAfter - atWarmup:+0.0;-0.0} |");
        Console.WriteLine($"| trend after warm-up (least squares), per 1000 steps | {slope:+0.0;-0.0} |");
        Console.WriteLine($"| peak RSS (VmHWM) of the whole process | {peakRss:F1} |");
        Console.WriteLine($"| RSS after Run returned (final validation done) | {finalRss:F1} |");
        Console.WriteLine();
        Console.WriteLine($"load average at end: {Machine.LoadAverage()}");
        return 0;
    }
}
