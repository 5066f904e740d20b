using ArcNet.Guards;

namespace ArcNet.Training;

/// <summary>How a Full Context ARC is trained on a frozen comparator. Defaults are the paper's.</summary>
public sealed record FullContextTrainingOptions
{
    /// <summary>Supports per trial. Default 20.</summary>
    public int Ways { get; init; } = 20;

    /// <summary>Trials per step. Default 32.</summary>
    public int TrialsPerBatch { get; init; } = 32;

    /// <summary>Adam's learning rate. Default 3e-4.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Gradients are rescaled to at most this L2 norm. Default 100.</summary>
    public double GradientClipNorm { get; init; } = 100;

    /// <summary>Stop after this many steps. <c>null</c>: no step limit.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Stop after this much wall-clock time. <c>null</c>: no time limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Trials of the fixed validation set, drawn once from the validation images. Default 640.</summary>
    public int ValidationTrials { get; init; } = 640;

    /// <summary>Validate every this many steps (and before the first and after the last); the best weights are kept. Default 100.</summary>
    public int ValidateEvery { get; init; } = 100;

    /// <summary>Seed of episode sampling. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range; returns this otherwise.</summary>
    public FullContextTrainingOptions Validate()
    {
        Require(Ways >= 2, nameof(Ways), $"must be at least 2; got {Ways}");
        Require(TrialsPerBatch >= 1, nameof(TrialsPerBatch), $"must be at least 1; got {TrialsPerBatch}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be a positive number; got {LearningRate}");
        Require(ValidationTrials >= 1, nameof(ValidationTrials), $"must be at least 1; got {ValidationTrials}");
        Require(ValidateEvery >= 1, nameof(ValidateEvery), $"must be at least 1; got {ValidateEvery}");
        Require(GradientClipNorm > 0, nameof(GradientClipNorm), $"must be positive; got {GradientClipNorm}");
        Require(MaxSteps is null or > 0, nameof(MaxSteps), $"must be positive when given; got {MaxSteps}");
        Require(TimeBudget is null || TimeBudget > TimeSpan.Zero, nameof(TimeBudget), $"must be positive when given; got {TimeBudget}");
        Require(MaxSteps is not null || TimeBudget is not null, nameof(MaxSteps), "or TimeBudget must be given, or training would never stop");
        return this;
    }

    private static void Require(bool condition, string property, string problem) =>
        OptionCheck.Require(condition, nameof(FullContextTrainingOptions), property, problem);
}
