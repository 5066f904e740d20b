using ArcNet.Training;

namespace ArcNet.Omniglot;

/// <summary>A model and the way to train it on a CPU, under one name: what <c>train --model NAME</c> builds, and a candidate of the study.</summary>
/// <param name="Name">What <c>--model</c> and <c>study --candidates</c> call it.</param>
/// <param name="Title">How tables and plots name it.</param>
/// <param name="Model">The architecture.</param>
/// <param name="Training">How it trains; the budget and seed are the caller's.</param>
internal sealed record Recipe(string Name, string Title, ArcOptions Model, TrainingOptions Training)
{
    /// <summary>What <c>train</c> builds without <c>--model</c>: the most accurate per CPU-minute in the study (README, "Accuracy per CPU-minute").</summary>
    internal const string DefaultName = "convarc-lite";

    /// <summary>
    /// ConvARC-lite as the sample trains it: 8 glimpses of 4 x 4 per image over the trunk's reduced 8 x 8 maps, 128
    /// hidden units, the embedding's evidence mixed in; everything trained together on grouped episodes with full
    /// augmentation, a warm-up and cosine decay over the budget, and clipped gradients.
    /// </summary>
    internal static Recipe ConvArcLite { get; } = new(DefaultName, "ConvARC-lite",
        ArcOptions.LightConvArc with { GlimpsesPerImage = 8 },
        new TrainingOptions
        {
            LearningRate = 1e-3,
            Schedule = LearningRateSchedule.WarmupCosine,
            GradientClipNorm = 5,
            AugmentationStrength = 1,
            ValidateEvery = 500,
            CheckpointEvery = 500,
        });

    /// <summary>The same model trained in stages: the trunk alone, then the controller on the frozen trunk's cached features, then everything.</summary>
    internal static Recipe ConvArcLiteStaged { get; } = new("convarc-lite-staged", "ConvARC-lite, staged",
        ConvArcLite.Model, ConvArcLite.Training with { TrunkPretraining = 0.4, FrozenTrunkTraining = 0.4 });

    /// <summary>ConvARC-lite with 4 glimpses per image: half the controller's cost per pair.</summary>
    internal static Recipe ConvArcLiteFourGlimpses { get; } = new("convarc-lite-g4", "ConvARC-lite, 4 glimpses",
        ConvArcLite.Model with { GlimpsesPerImage = 4 }, ConvArcLite.Training);

    /// <summary>The prototypical-network baseline: the same trunk and episodes, its embedding alone.</summary>
    internal static Recipe Prototypical { get; } = new("protonet", "prototypical network",
        ArcOptions.Prototypical, ConvArcLite.Training);

    /// <summary>
    /// Plain ARC as the sample trained it before ConvARC-lite: 256 hidden units, the authors' unbounded glimpse map,
    /// learning rate 2e-3 held constant, no augmentation, no clipping.
    /// </summary>
    internal static Recipe PlainArc { get; } = new("arc", "plain ARC",
        new ArcOptions { HiddenSize = 256 },
        new TrainingOptions { LearningRate = 2e-3, AugmentationStrength = 0, ValidateEvery = 500, CheckpointEvery = 500 });

    /// <summary>Plain ARC made stable: the window centre bounded by tanh, clipped gradients, a warm-up and cosine decay.</summary>
    internal static Recipe PlainArcStable { get; } = new("arc-stable", "plain ARC, stabilised",
        PlainArc.Model with { ParameterMapping = GlimpseParameterMapping.Tanh },
        PlainArc.Training with { Schedule = LearningRateSchedule.WarmupCosine, GradientClipNorm = 5 });

    /// <summary>Stabilised plain ARC with the PyTorch port's "easily trainable" shape: 4 glimpses of 8 x 8 per image, 128 hidden units.</summary>
    internal static Recipe PlainArcLargeGlimpses { get; } = new("arc-8x8", "plain ARC, 4 glimpses of 8 x 8",
        PlainArcStable.Model with { GlimpseSize = 8, GlimpsesPerImage = 4, HiddenSize = 128 }, PlainArcStable.Training);

    /// <summary>The paper's ConvARC (Wide ResNet trunk, L2 penalty 1e-4), at the port's learning rate: far too slow for a CPU budget, kept for GPUs.</summary>
    internal static Recipe ConvArc { get; } = new("convarc", "ConvARC (Wide ResNet)",
        ArcOptions.ConvArc,
        new TrainingOptions { LearningRate = 2e-4, WeightDecay = 1e-4, AugmentationStrength = 1, ValidateEvery = 500, CheckpointEvery = 500 });

    /// <summary>Every recipe, the default first.</summary>
    internal static IReadOnlyList<Recipe> All { get; } =
        [ConvArcLite, ConvArcLiteStaged, ConvArcLiteFourGlimpses, Prototypical, PlainArc, PlainArcStable, PlainArcLargeGlimpses, ConvArc];

    /// <summary>The recipe called <paramref name="name"/>; an <see cref="ArgumentException"/> listing the names otherwise.</summary>
    internal static Recipe Named(string name) => All.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"There is no model '{name}'; choose one of {string.Join(", ", All.Select(r => r.Name))}.");
}
