namespace ArcNet.Training;

/// <summary>A snapshot of a training run, reported after every step.</summary>
/// <param name="Step">Steps done, counting those before a resume.</param>
/// <param name="MaxSteps">The step limit, when one was set.</param>
/// <param name="Loss">Mean binary cross-entropy of recent training batches.</param>
/// <param name="Accuracy">Share of recent training pairs classified right at threshold 0.5.</param>
/// <param name="PairsPerSecond">Training throughput of recent steps.</param>
/// <param name="Elapsed">Wall-clock time of this run.</param>
/// <param name="Remaining">Estimated time left, from the step limit or the time budget, whichever ends first.</param>
/// <param name="Validation">The latest validation, if any has run.</param>
public sealed record TrainingProgress(
    int Step, int? MaxSteps, double Loss, double Accuracy, double PairsPerSecond, TimeSpan Elapsed, TimeSpan? Remaining, ValidationScore? Validation);

/// <summary>Loss and accuracy on the fixed validation pairs at one step.</summary>
/// <param name="Step">The step it was measured at.</param>
/// <param name="Loss">Mean binary cross-entropy.</param>
/// <param name="Accuracy">Share of pairs classified right at threshold 0.5.</param>
/// <param name="IsBest">Whether it is the lowest validation loss so far (its weights are kept).</param>
public sealed record ValidationScore(int Step, double Loss, double Accuracy, bool IsBest);

/// <summary>How a training run ended.</summary>
/// <param name="Steps">Steps done in total.</param>
/// <param name="Elapsed">Wall-clock time of this run.</param>
/// <param name="BestValidation">The best validation; its weights are in the comparator when training ends.</param>
/// <param name="StopReason">Why it stopped: the step limit, the time budget, or cancellation.</param>
public sealed record TrainingResult(int Steps, TimeSpan Elapsed, ValidationScore? BestValidation, string StopReason);
