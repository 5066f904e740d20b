namespace ArcNet.Training;

/// <summary>
/// A model and the way to train it on a CPU, under one name, chosen by measurement (README, "Accuracy per
/// CPU-minute"): give it a budget and a seed and train. <see cref="ConvArcLite"/> is the default; the others are the
/// candidates it was measured against.
/// </summary>
/// <param name="Name">The recipe's short name (the sample's <c>train --model</c>).</param>
/// <param name="Title">How tables and plots name it.</param>
/// <param name="Model">The architecture.</param>
/// <param name="Training">How it trains; set the budget (<see cref="TrainingOptions.TimeBudget"/> or <see cref="TrainingOptions.MaxSteps"/>) and the seed with <c>with</c>.</param>
/// <param name="Threads">The LibTorch thread count it trains fastest at on a quiet 2-core machine (measured); never more than the machine's cores.</param>
/// <example>
/// <code>
/// var recipe = TrainingRecipe.ConvArcLite;
/// using var comparator = new ArcComparator(recipe.Model, seed: 1);
/// using var trainer = new ArcTrainer(comparator, train, validation, recipe.Training with { TimeBudget = TimeSpan.FromMinutes(20), Seed = 1 });
/// trainer.Run();
/// </code>
/// </example>
public sealed record TrainingRecipe(string Name, string Title, ArcOptions Model, TrainingOptions Training, int Threads = 1)
{
    /// <summary>The name of <see cref="ConvArcLite"/>, the default.</summary>
    public const string DefaultName = "convarc-lite";

    /// <summary>
    /// ConvARC-lite as the sample trains it: 8 glimpses of 4 x 4 per image over the trunk's reduced 8 x 8 maps, 128
    /// hidden units, the embedding's evidence mixed in; everything trained together on grouped episodes with full
    /// augmentation, a warm-up and cosine decay over the budget, and clipped gradients.
    /// </summary>
    public static TrainingRecipe ConvArcLite { get; } = new(DefaultName, "ConvARC-lite",
        ArcOptions.LightConvArc with { GlimpsesPerImage = 8 },
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

    /// <summary>The same model trained in stages: the trunk alone, then the controller on the frozen trunk's cached features, then everything.</summary>
    public static TrainingRecipe ConvArcLiteStaged { get; } = new("convarc-lite-staged", "ConvARC-lite, staged",
        ConvArcLite.Model, ConvArcLite.Training with { TrunkPretraining = 0.4, FrozenTrunkTraining = 0.4 }, Threads: 2);

    /// <summary>ConvARC-lite with 4 glimpses per image: half the controller's cost per pair.</summary>
    public static TrainingRecipe ConvArcLiteFourGlimpses { get; } = new("convarc-lite-g4", "ConvARC-lite, 4 glimpses",
        ConvArcLite.Model with { GlimpsesPerImage = 4 }, ConvArcLite.Training, Threads: 2);

    /// <summary>The prototypical-network baseline: the same trunk, episodes and schedule, its embedding alone, at the usual Adam rate of 1e-3.</summary>
    public static TrainingRecipe Prototypical { get; } = new("protonet", "prototypical network",
        ArcOptions.Prototypical, ConvArcLite.Training with { LearningRate = 1e-3 }, Threads: 2);

    /// <summary>
    /// Plain ARC as the sample trained it before ConvARC-lite: 256 hidden units, the authors' unbounded glimpse map,
    /// learning rate 2e-3 held constant, no augmentation, no clipping.
    /// </summary>
    public static TrainingRecipe PlainArc { get; } = new("arc", "plain ARC",
        new ArcOptions { HiddenSize = 256 },
        new TrainingOptions { LearningRate = 2e-3, AugmentationStrength = 0, ValidateEvery = 500, CheckpointEvery = 500 });

    /// <summary>Plain ARC made stable: the window centre bounded by tanh, clipped gradients, a warm-up and cosine decay.</summary>
    public static TrainingRecipe PlainArcStable { get; } = new("arc-stable", "plain ARC, stabilised",
        PlainArc.Model with { ParameterMapping = GlimpseParameterMapping.Tanh },
        PlainArc.Training with { Schedule = LearningRateSchedule.WarmupCosine, GradientClipNorm = 5 });

    /// <summary>Stabilised plain ARC with the PyTorch port's "easily trainable" shape: 4 glimpses of 8 x 8 per image, 128 hidden units.</summary>
    public static TrainingRecipe PlainArcLargeGlimpses { get; } = new("arc-8x8", "plain ARC, 4 glimpses of 8 x 8",
        PlainArcStable.Model with { GlimpseSize = 8, GlimpsesPerImage = 4, HiddenSize = 128 }, PlainArcStable.Training);

    /// <summary>The paper's ConvARC (Wide ResNet trunk, L2 penalty 1e-4), at the port's learning rate: far too slow for a CPU budget, kept for GPUs.</summary>
    public static TrainingRecipe ConvArc { get; } = new("convarc", "ConvARC (Wide ResNet)",
        ArcOptions.ConvArc,
        new TrainingOptions { LearningRate = 2e-4, WeightDecay = 1e-4, AugmentationStrength = 1, ValidateEvery = 500, CheckpointEvery = 500 }, Threads: 2);

    /// <summary>The thread count to train with on a machine with <paramref name="cores"/> cores: <see cref="Threads"/>, at most <paramref name="cores"/>.</summary>
    public int ThreadsFor(int cores) => Math.Max(1, Math.Min(Threads, cores));

    /// <summary>Every recipe, the default first.</summary>
    public static IReadOnlyList<TrainingRecipe> All { get; } =
        [ConvArcLite, ConvArcLiteStaged, ConvArcLiteFourGlimpses, Prototypical, PlainArc, PlainArcStable, PlainArcLargeGlimpses, ConvArc];

    /// <summary>The recipe called <paramref name="name"/>; an <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static TrainingRecipe Named(string name) => All.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"There is no model '{name}'; choose one of {string.Join(", ", All.Select(r => r.Name))}.");
}
