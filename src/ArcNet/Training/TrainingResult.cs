namespace ArcNet.Training;

/// <summary>How a training run ended.</summary>
/// <param name="Steps">Steps done in total.</param>
/// <param name="Elapsed">Wall-clock time of this run.</param>
/// <param name="BestValidation">The best validation; its weights are in the comparator when training ends.</param>
/// <param name="StopReason">Why it stopped: the step limit, the time budget, or cancellation.</param>
public sealed record TrainingResult(int Steps, TimeSpan Elapsed, ValidationScore? BestValidation, string StopReason)
{
    /// <summary>
    /// What the user should know about the run, such as a best validation still at chance (the model learned nothing) or
    /// a step that failed inside LibTorch and was run again; empty when all went as expected.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Pairs the controller compared in the steps of this run.</summary>
    public long Pairs { get; init; }

    /// <summary>Images the steps of this run encoded (read through the trunk, or as pixels); cached features are not counted.</summary>
    public long Images { get; init; }
}
