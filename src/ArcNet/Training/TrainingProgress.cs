namespace ArcNet.Training;

/// <summary>A snapshot of a training run, reported after every step.</summary>
/// <param name="Step">Steps done, counting those before a resume.</param>
/// <param name="MaxSteps">The step limit, when one was set.</param>
/// <param name="Loss">The training loss of recent steps (exponential average).</param>
/// <param name="Accuracy">Share of recent training pairs classified right at threshold 0.5.</param>
/// <param name="PairsPerSecond">Training throughput of this run: comparisons made per second.</param>
/// <param name="Elapsed">Wall-clock time of this run.</param>
/// <param name="Remaining">Estimated time left, from the step limit or the time budget, whichever ends first.</param>
/// <param name="Validation">The latest validation, if any has run.</param>
/// <param name="LearningRate">The learning rate of the latest step, after the schedule.</param>
public sealed record TrainingProgress(
    int Step, int? MaxSteps, double Loss, double Accuracy, double PairsPerSecond, TimeSpan Elapsed, TimeSpan? Remaining, ValidationScore? Validation,
    double LearningRate = double.NaN);
