using ArcNet.Data;
using ArcNet.Omniglot;
using ArcNet.Training;
using static TorchSharp.torch;

namespace ArcNet.Benchmarks;

/// <summary>
/// Training throughput of every recipe of <see cref="Recipe.All"/> as <see cref="ArcTrainer"/> runs it on the
/// embedded Omniglot data, at 1 and 2 LibTorch threads: pairs the controller compares and images the encoder reads
/// per second over a short time budget, and the analytic
/// FLOP rate as a share of the matmul roofline measured at the same thread count.
/// </summary>
internal static class Candidates
{
    public static void Run(BenchSettings settings)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Data", "Omniglot");
        using var data = ImageDataset.Load([Path.Combine(folder, "images_background_small1.zip"), Path.Combine(folder, "images_background_small2.zip")]);
        var (train, validation) = ImageSplit.ByInstance(data.All);
        var budget = TimeSpan.FromSeconds(settings.Quick ? 10 : 30);
        int[] threadCounts = settings.Threads is int t ? [t] : [1, 2];
        Console.WriteLine($"training throughput per recipe: a {budget.TotalSeconds:0} s run of ArcTrainer after a {budget.TotalSeconds / 3:0} s warm-up, at each thread count; " +
                          "FLOP = 3 x (images x trunk convs + pairs x controller), the backward counted as twice the forward");
        Console.WriteLine();
        Console.WriteLine("| recipe | threads | steps/s | pairs/s | images/s | GFLOP/s | matmul GFLOP/s | % matmul |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var recipe in Recipe.All)
            foreach (int threads in threadCounts)
            {
                set_num_threads(threads);
                double roofline = Throughput.MatmulGflops(settings);
                Measure(recipe, train, validation, budget / 3);
                var (result, seconds) = Measure(recipe, train, validation, budget);
                double flop = 3 * (result.Images * Flops.TrunkPerImage(recipe.Model) + result.Pairs * Flops.ControllerPerPair(recipe.Model));
                double gflops = flop / seconds / 1e9;
                Console.WriteLine($"| {recipe.Name} | {threads} | {result.Steps / seconds:0.00} | {result.Pairs / seconds:N0} | {result.Images / seconds:N0} | {gflops:0.0} | {roofline:0} | {100 * gflops / roofline:0.0}% |");
            }
    }

    private static (TrainingResult Result, double Seconds) Measure(Recipe recipe, ImageSubset train, ImageSubset validation, TimeSpan budget)
    {
        using var comparator = new ArcComparator(recipe.Model, seed: 1);
        // One small validation at the end only, so the figure is training steps.
        var options = recipe.Training with { TimeBudget = budget, MaxSteps = null, ValidateEvery = int.MaxValue, CheckpointEvery = int.MaxValue, ValidationBatches = 1, Seed = 1 };
        using var trainer = new ArcTrainer(comparator, train, validation, options);
        var result = trainer.Run();
        return (result, result.Elapsed.TotalSeconds);
    }
}
