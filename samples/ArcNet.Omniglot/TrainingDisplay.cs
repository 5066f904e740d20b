using ArcNet.Training;
using Spectre.Console;

namespace ArcNet.Omniglot;

/// <summary>
/// Shows a training run live: a progress bar with step, loss, accuracy, pairs/s and ETA on a terminal, or plain
/// lines when the output is redirected (CI logs, files): one every few seconds and one after each validation.
/// </summary>
internal static class TrainingDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="train"/> (a trainer's Run) with progress shown, then prints the run's warnings.</summary>
    internal static TrainingResult Run(Func<IProgress<TrainingProgress>, CancellationToken, TrainingResult> train)
    {
        var result = Interruption.During(stop => Show(train, stop));
        foreach (string warning in result.Warnings)
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        return result;
    }

    private static TrainingResult Show(Func<IProgress<TrainingProgress>, CancellationToken, TrainingResult> train, CancellationToken stop)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return train(new PlainLines(), stop);

        TrainingResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = train(new Callback(p =>
                {
                    double fraction = p.Remaining is TimeSpan left ? p.Elapsed / (p.Elapsed + left) : 0;
                    task.Value = Math.Clamp(fraction, 0, 1);
                    task.Description = Markup.Escape(Describe(p));
                }), stop);
                task.Value = 1;
            });
        return result!;
    }

    internal static string Describe(TrainingProgress p)
    {
        string steps = p.MaxSteps is int max ? $"{p.Step}/{max}" : $"{p.Step}";
        string validation = p.Validation is { } v ? $" | val loss {v.Loss:0.000} acc {v.Accuracy:P1} @{v.Step}{(v.AtChance ? " (at chance)" : "")}" : "";
        string eta = p.Remaining is TimeSpan left ? $" | ETA {Clock(left)}" : "";
        string accuracy = double.IsNaN(p.Accuracy) ? "" : $" | acc {p.Accuracy:P1}";
        return $"step {steps} | loss {p.Loss:0.000}{accuracy} | {p.PairsPerSecond:0} pairs/s{eta}{validation}";
    }

    /// <summary>"07:05" under an hour, "1:39:16" or "27:00:00" from one on: hours are never dropped.</summary>
    private static string Clock(TimeSpan time) => time.TotalHours >= 1 ? $"{(int)time.TotalHours}:{time:mm\\:ss}" : $"{time:mm\\:ss}";

    private sealed class Callback(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>
    /// A line every <see cref="PlainInterval"/>, and one after every validation. The trainer writes a step's
    /// checkpoint (by default at the validation steps) before it reports the step, so a log shows which step a killed
    /// run can resume from.
    /// </summary>
    private sealed class PlainLines : IProgress<TrainingProgress>
    {
        private DateTime _next = DateTime.UtcNow + PlainInterval;
        private int? _lastValidationStep;

        public void Report(TrainingProgress value)
        {
            bool validated = value.Validation is { } v && v.Step != _lastValidationStep;
            if (!validated && DateTime.UtcNow < _next)
                return;
            _lastValidationStep = value.Validation?.Step;
            _next = DateTime.UtcNow + PlainInterval;
            Console.WriteLine(Describe(value));
        }
    }
}
