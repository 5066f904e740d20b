using System.Diagnostics;
using ArcNet.Runtime;

namespace ArcNet.Training;

/// <summary>
/// The loop both trainers share: step until the step limit, the time budget or cancellation, keep recent loss
/// and accuracy as exponential averages, and report progress with throughput and an ETA after every step. A step that
/// fails inside LibTorch runs once more (<see cref="NativeRetry"/>), as does a validation given to <see cref="Retried"/>;
/// <see cref="Retries"/> lists them.
/// </summary>
internal sealed class TrainingLoop(int? maxSteps, TimeSpan? timeBudget)
{
    private const double RecentWeight = 0.05;   // averages over roughly the last 20 steps

    /// <summary>Recent training loss (exponential average).</summary>
    internal double Loss { get; private set; } = double.NaN;

    /// <summary>Recent training accuracy (exponential average).</summary>
    internal double Accuracy { get; private set; } = double.NaN;

    /// <summary>Comparisons the steps of this run have made.</summary>
    internal long Pairs { get; private set; }

    /// <summary>Images the steps of this run have encoded.</summary>
    internal long Images { get; private set; }

    /// <summary>The learning rate of the latest step; the trainer sets it.</summary>
    internal double LearningRate { get; set; } = double.NaN;

    /// <summary>Wall-clock time since <see cref="Run"/> started.</summary>
    internal TimeSpan Elapsed => _clock.Elapsed;

    private readonly Stopwatch _clock = new();
    private readonly List<string> _retries = [];

    /// <summary>What failed inside LibTorch and succeeded when run again, one line each, for the run's warnings.</summary>
    internal IReadOnlyList<string> Retries => _retries;

    /// <summary>
    /// The share of the budget used when <paramref name="step"/> steps are done, 0 to 1: steps over the step limit or
    /// time over the time budget, whichever is further along (the step limit counts steps before a resume, the time
    /// budget only this run's time).
    /// </summary>
    internal double Progress(int step)
    {
        double bySteps = maxSteps is int max ? step / (double)max : 0;
        double byTime = timeBudget is TimeSpan budget ? _clock.Elapsed / budget : 0;
        return Math.Clamp(Math.Max(bySteps, byTime), 0, 1);
    }

    /// <summary>
    /// Runs <paramref name="step"/> (which returns its loss, accuracy, and the comparisons and images it made) from <paramref name="startStep"/>, then
    /// <paramref name="afterStep"/> with the new step count. Returns the step reached and why it stopped.
    /// </summary>
    internal (int Step, string StopReason) Run(
        int startStep, Func<(double Loss, double Accuracy, int Pairs, int Images)> step, Action<int> afterStep,
        IProgress<TrainingProgress>? progress, Func<ValidationScore?> latestValidation, CancellationToken cancellationToken)
    {
        _clock.Restart();
        int current = startStep;
        Pairs = 0;
        Images = 0;
        while (true)
        {
            if (maxSteps is int max && current >= max)
                return (current, $"reached {max} steps");
            if (timeBudget is TimeSpan budget && _clock.Elapsed >= budget)
                return (current, $"used the time budget of {budget.TotalMinutes:0.#} min");
            if (cancellationToken.IsCancellationRequested)
                return (current, "cancelled");

            var (loss, accuracy, stepPairs, stepImages) = Retried($"Step {current + 1}", step);
            current++;
            Pairs += stepPairs;
            Images += stepImages;
            Loss = double.IsNaN(Loss) ? loss : Loss + RecentWeight * (loss - Loss);
            if (!double.IsNaN(accuracy))
                Accuracy = double.IsNaN(Accuracy) ? accuracy : Accuracy + RecentWeight * (accuracy - Accuracy);
            afterStep(current);

            if (progress is not null)
            {
                int done = current - startStep;
                var elapsed = _clock.Elapsed;
                double pairsPerSecond = Pairs / Math.Max(elapsed.TotalSeconds, 1e-9);
                progress.Report(new TrainingProgress(current, maxSteps, Loss, Accuracy, pairsPerSecond, elapsed, Remaining(elapsed, done, current), latestValidation(), LearningRate));
            }
        }
    }

    /// <summary><paramref name="work"/> run through <see cref="NativeRetry.Once"/>, a retry listed in <see cref="Retries"/> as <paramref name="what"/>.</summary>
    internal T Retried<T>(string what, Func<T> work) => NativeRetry.Once(work, failure =>
        _retries.Add($"{what} failed inside LibTorch (\"{NativeRetry.FirstLine(failure)}\") and was run again; " +
            "README's known issue on TorchSharp's Scalars explains why."));

    private TimeSpan? Remaining(TimeSpan elapsed, int done, int current)
    {
        TimeSpan? byBudget = timeBudget is TimeSpan budget ? budget - elapsed : null;
        TimeSpan? bySteps = maxSteps is int max && done > 0 ? elapsed / done * Math.Max(0, max - current) : null;
        if (byBudget is null) return bySteps;
        if (bySteps is null) return byBudget;
        return byBudget < bySteps ? byBudget : bySteps;
    }
}
