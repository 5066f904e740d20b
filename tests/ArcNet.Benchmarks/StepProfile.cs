using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.Omniglot;
using ArcNet.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Benchmarks;

/// <summary>
/// Where one training step of the default recipe (ConvARC-lite on grouped episodes) spends its time, each part timed
/// alone through the library's own pieces at the current thread count: drawing the episode's drawings, augmenting them,
/// the trunk's forward over every image, the controller's forward over every pair, the whole objective's forward, its
/// backward, and clipping with Adam. The parts overlap (the objective's forward holds the trunk's and the controller's),
/// so they are read against the whole step, the last row.
/// </summary>
internal static class StepProfile
{
    public static void Run(BenchSettings settings)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Data", "Omniglot");
        using var data = ImageDataset.Load([Path.Combine(folder, "images_background_small1.zip"), Path.Combine(folder, "images_background_small2.zip")]);
        var recipe = Recipe.Default;
        var training = recipe.Training with { MaxSteps = 1, Seed = 1 };
        using var comparator = new ArcComparator(recipe.Model, seed: 1);
        var network = (ConvArcLite)comparator.Network;
        network.train();
        var setup = new ObjectiveSetup(data.All, training, data.MeanPixel, CPU, StartStep: 0);
        var sampler = GroupedEpisodeSampler.Fitted(data.All, training.EpisodeGroups, training.EpisodeGroupSize, seed: 1);
        var augmentation = setup.Augmentation();
        var episodes = setup.Episodes();
        var objective = network.Objective(setup);
        using var optimizer = optim.Adam(network.parameters(), training.LearningRate);
        var (support, queries) = sampler.Next();
        using var images = data.Images([.. support, .. queries]);
        int count = support.Length, group = sampler.GroupSize;
        var groups = Enumerable.Range(0, count).Concat(Enumerable.Range(0, count)).ToArray();
        var (supportOfPair, queryOfPair) = episodes.GroupPairs();
        // The controller's row reads encodings made once, so that it times the controller alone.
        var codes = network.Encode(images);
        var supportCodes = codes.Slice(0, count).Select(supportOfPair);
        var queryCodes = codes.Slice(count, 2 * count).Select(queryOfPair);

        Console.WriteLine($"one training step of {recipe.Name} ({recipe.Model}): {2 * count} images, {count * group} pairs, {get_num_threads()} thread(s)");
        Console.WriteLine("| part | ms per step | share of the step |");
        Console.WriteLine("| --- | ---: | ---: |");
        var rows = new List<(string Name, double Seconds)>
        {
            ("draw the episode (indices, pixels to tensors)", Time(() =>
            {
                var (drawnSupport, drawnQueries) = sampler.Next();
                data.Images([.. drawnSupport, .. drawnQueries]);
            }, settings)),
            ("augment (flips, affine, grid_sample)", Time(() => augmentation.ApplyGrouped(images, groups), settings)),
            ("trunk forward (every image once)", Time(() => network.Encode(images), settings)),
            ("controller forward (every pair, 16 steps)", Time(() => network.ControllerLogits(supportCodes, queryCodes), settings)),
            ("objective forward (all of the above and the losses)", Time(() => objective.Next(), settings)),
            ("forward and backward", Time(() => objective.Next().Loss.backward(), settings)),
            ("whole step (forward, backward, clip, Adam)", Time(() =>
            {
                network.zero_grad(set_to_none: true);
                objective.Next().Loss.backward();
                nn.utils.clip_grad_norm_(network.parameters(), training.GradientClipNorm!.Value);
                optimizer.step();
            }, settings)),
        };
        double step = rows[^1].Seconds;
        foreach (var (name, seconds) in rows)
            Console.WriteLine($"| {name} | {1000 * seconds:0.0} | {100 * seconds / step:0} % |");
        Console.WriteLine($"  training images/s {2 * count / step:0}, pairs/s {count * group / step:0}");
    }

    private static double Time(Action part, BenchSettings settings) => Timing.Measure(() =>
    {
        using var scope = NewDisposeScope();
        part();
    }, settings.Repetitions, settings.SecondsPerRepetition).Median;
}
