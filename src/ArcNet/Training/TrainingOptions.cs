using ArcNet.Guards;

namespace ArcNet.Training;

/// <summary>How a comparator is trained. Immutable; <see cref="Validate"/> names the first setting out of range.</summary>
public sealed record TrainingOptions
{
    /// <summary>Plain ARC and ConvARC: pairs per step, half same and half different. Default 128, as in the paper.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's learning rate. Default 2e-4 (the PyTorch port's; the paper used 1e-4 over far longer runs).</summary>
    public double LearningRate { get; init; } = 2e-4;

    /// <summary>How the learning rate moves over the budget. Default <see cref="LearningRateSchedule.Constant"/>.</summary>
    public LearningRateSchedule Schedule { get; init; }

    /// <summary>
    /// Rescale the gradients of a step whose global L2 norm exceeds this, so one bad batch cannot throw the weights
    /// (or the glimpse windows) far away. <c>null</c>: no clipping (the default).
    /// </summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>
    /// ConvARC-lite and the prototypical network train on episodes of this many groups of <see cref="EpisodeGroupSize"/>
    /// characters (one alphabet per group). Default 8. Data too small for the episodes shrinks them: groups to its largest alphabet, their number to
    /// what the alphabets can fill.
    /// </summary>
    public int EpisodeGroups { get; init; } = 8;

    /// <summary>Characters per episode group, each with a support and a query drawing. Default 8 (fewer when no alphabet has so many).</summary>
    public int EpisodeGroupSize { get; init; } = 8;

    /// <summary>L2 penalty on the weights (the paper uses 1e-4 for ConvARC). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Stop after this many steps in total (counting steps done before a resume). <c>null</c>: no step limit.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Stop after this much wall-clock time in this run. <c>null</c>: no time limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Validate every this many steps, keeping the weights with the best validation loss. Default 500.</summary>
    public int ValidateEvery { get; init; } = 500;

    /// <summary>Batches in the fixed validation set. Default 16 (2048 pairs at batch 128).</summary>
    public int ValidationBatches { get; init; } = 16;

    /// <summary>Write a checkpoint every this many steps (and at the end). Default 500.</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>Strength of the pair augmentation (0 = none, 1 = the paper's ranges). Default 1.</summary>
    public double AugmentationStrength { get; init; } = 1.0;

    /// <summary>
    /// Seed of pair sampling, augmentation, dropout and the validation pairs. Default 0. The streams are derived from it
    /// with a fixed function, so the same seed, data, options and thread count give the same model in any process.
    /// <see cref="ArcTrainer.Run"/> reseeds TorchSharp's process-wide generator (which dropout draws from) when it starts.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range; returns this otherwise.</summary>
    public TrainingOptions Validate()
    {
        Require(BatchSize >= 2 && BatchSize % 2 == 0, nameof(BatchSize), $"must be an even number of at least 2 (half same, half different pairs); got {BatchSize}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be a positive number; got {LearningRate}");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), $"must be zero or positive; got {WeightDecay}");
        Require(MaxSteps is null or > 0, nameof(MaxSteps), $"must be positive when given; got {MaxSteps}");
        Require(TimeBudget is null || TimeBudget > TimeSpan.Zero, nameof(TimeBudget), $"must be positive when given; got {TimeBudget}");
        Require(MaxSteps is not null || TimeBudget is not null, nameof(MaxSteps), "or TimeBudget must be given, or training would never stop");
        Require(ValidateEvery > 0, nameof(ValidateEvery), $"must be positive; got {ValidateEvery}");
        Require(ValidationBatches > 0, nameof(ValidationBatches), $"must be positive; got {ValidationBatches}");
        Require(CheckpointEvery > 0, nameof(CheckpointEvery), $"must be positive; got {CheckpointEvery}");
        Require(Enum.IsDefined(Schedule), nameof(Schedule), $"is not a known schedule: {Schedule}");
        Require(GradientClipNorm is null or > 0 && (GradientClipNorm is null || double.IsFinite(GradientClipNorm.Value)), nameof(GradientClipNorm), $"must be a positive number when given; got {GradientClipNorm}");
        Require(EpisodeGroups >= 1, nameof(EpisodeGroups), $"must be at least 1; got {EpisodeGroups}");
        Require(EpisodeGroupSize >= 2, nameof(EpisodeGroupSize), $"must be at least 2 (a group needs a character to tell apart); got {EpisodeGroupSize}");
        Require(AugmentationStrength is >= 0 and <= 1, nameof(AugmentationStrength), $"must be in [0, 1]; got {AugmentationStrength}");
        return this;
    }

    private static void Require(bool condition, string property, string problem) =>
        OptionCheck.Require(condition, nameof(TrainingOptions), property, problem);
}
