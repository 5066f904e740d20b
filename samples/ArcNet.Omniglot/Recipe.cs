using ArcNet.Training;

namespace ArcNet.Omniglot;

/// <summary>
/// A model and the way this sample trains it on a CPU, under one name (<c>train --recipe</c>, <c>study --candidates</c>).
/// <see cref="Default"/> is the one the measurements in README chose; the others are the candidates it was measured
/// against. The budget (<see cref="TrainingOptions.TimeBudget"/> or <see cref="TrainingOptions.MaxSteps"/>) and the seed
/// are the caller's.
/// </summary>
/// <param name="Name">The recipe's short name.</param>
/// <param name="Title">How tables and plots name it.</param>
/// <param name="Model">The model and its shape.</param>
/// <param name="Training">How it trains.</param>
/// <param name="Threads">The LibTorch thread count it trains fastest at on a quiet 2-core machine (measured); never more than the machine's cores.</param>
internal sealed record Recipe(string Name, string Title, ComparatorOptions Model, TrainingOptions Training, int Threads = 1)
{
    /// <summary>ConvARC-lite: everything trained together on grouped episodes, augmented, warm-up and cosine decay, clipped gradients.</summary>
    internal static Recipe Default { get; } = new("convarc-lite", "ConvARC-lite",
        new ConvArcLiteOptions(),
        new TrainingOptions
        {
            LearningRate = 2e-3,
            Schedule = LearningRateSchedule.WarmupCosine,
            GradientClipNorm = 5,
            AugmentationStrength = 1,
            ValidateEvery = 500,
            CheckpointEvery = 500,
        },
        Threads: 2);

    /// <summary>The prototypical-network baseline: the same trunk, episodes and schedule, its embedding alone, at the usual Adam rate of 1e-3.</summary>
    internal static Recipe Prototypical { get; } = new("protonet", "prototypical network",
        new PrototypicalOptions(), Default.Training with { LearningRate = 1e-3 }, Threads: 2);

    /// <summary>
    /// Plain ARC as this sample trained it before ConvARC-lite: 256 hidden units, the authors' unbounded glimpse map,
    /// learning rate 2e-3 held constant, no augmentation, no clipping.
    /// </summary>
    internal static Recipe PlainArc { get; } = new("arc", "plain ARC",
        new PlainArcOptions { HiddenSize = 256 },
        new TrainingOptions { LearningRate = 2e-3, AugmentationStrength = 0, ValidateEvery = 500, CheckpointEvery = 500 });

    /// <summary>Plain ARC made stable: the window centre bounded by tanh, clipped gradients, a warm-up and cosine decay.</summary>
    internal static Recipe PlainArcStable { get; } = new("arc-stable", "plain ARC, stabilised",
        new PlainArcOptions { HiddenSize = 256, BoundedWindow = true },
        PlainArc.Training with { Schedule = LearningRateSchedule.WarmupCosine, GradientClipNorm = 5 });

    /// <summary>The paper's ConvARC (Wide ResNet trunk, L2 penalty 1e-4), at the port's learning rate: far too slow for a CPU budget, kept for GPUs.</summary>
    internal static Recipe ConvArc { get; } = new("convarc", "ConvARC (Wide ResNet)",
        new ConvArcOptions(),
        new TrainingOptions { LearningRate = 2e-4, WeightDecay = 1e-4, AugmentationStrength = 1, ValidateEvery = 500, CheckpointEvery = 500 }, Threads: 2);

    /// <summary>Every recipe, the default first.</summary>
    internal static IReadOnlyList<Recipe> All { get; } = [Default, Prototypical, PlainArc, PlainArcStable, ConvArc];

    /// <summary>The recipe called <paramref name="name"/>; an <see cref="ArgumentException"/> listing the names otherwise.</summary>
    internal static Recipe Named(string name) => All.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"There is no recipe '{name}'; choose one of {string.Join(", ", All.Select(r => r.Name))}.");

    /// <summary>The first recipe for the model of <paramref name="options"/>: how a model read from a file goes on training.</summary>
    internal static Recipe For(ComparatorOptions options) => All.First(r => r.Model.GetType() == options.GetType());

    /// <summary>The thread count to train with on a machine with <paramref name="cores"/> cores: <see cref="Threads"/>, at most <paramref name="cores"/>.</summary>
    internal int ThreadsFor(int cores) => Math.Max(1, Math.Min(Threads, cores));

    /// <summary>Whether the model trains on grouped episodes (ConvARC-lite, the prototypical network) rather than batches of pairs.</summary>
    internal static bool TrainsOnEpisodes(ComparatorOptions model) => model is ConvArcLiteOptions or PrototypicalOptions;
}
