using ArcNet.Data;
using ArcNet.Training;
using Spectre.Console;

namespace ArcNet.Omniglot;

/// <summary>One training run as the sample does it: split off validation drawers, train with a live display, save the best model.</summary>
internal static class TrainingRun
{
    /// <summary>Trains <paramref name="comparator"/> on <paramref name="background"/> and saves it to <paramref name="outPath"/>; returns what the trainer reported.</summary>
    internal static TrainingResult Train(ArcComparator comparator, ImageSubset background, TrainingOptions training, string outPath, bool resume)
    {
        if (background.Count == 0)
            throw new ArgumentException("No images are left to train on: every group of the data is held out (--hold-out, or the embedded set's held-out alphabets). Hold out fewer groups.");
        var (train, validation) = ImageSplit.ByInstance(background);
        if (validation.Count == 0)
            throw new ArgumentException("No class has the 4 or more images it takes to keep some for validation (the last quarter of each class's images validates, at least 2 of them). Give classes of at least 4 images.");
        string checkpoint = outPath + ".checkpoint";
        if (!resume && File.Exists(checkpoint))
            File.Delete(checkpoint);   // a fresh run must not silently continue an old one

        using var trainer = new ArcTrainer(comparator, train, validation, training, checkpoint);
        if (resume)
            AnsiConsole.MarkupLine(trainer.TryResume()
                ? $"Resumed from [bold]{Markup.Escape(checkpoint)}[/] at step {trainer.Step}."
                : $"No checkpoint at {Markup.Escape(checkpoint)}; starting a new run.");
        var model = comparator.Options;
        AnsiConsole.MarkupLine($"Training {Markup.Escape(model.ToString())} on {train.Count} images ({train.Classes.Count} classes), validating on {validation.Count}; " +
                               $"{Describe(model, training)}, {Limits(training)}, device {comparator.Device}.");

        var result = TrainingDisplay.Run(trainer.Run);

        comparator.Save(outPath);
        string best = result.BestValidation is { } v ? $"best validation loss {v.Loss:0.000}, accuracy {v.Accuracy:P1} at step {v.Step}" : "no validation";
        AnsiConsole.MarkupLine($"Stopped after {result.Steps} steps ({result.StopReason}) in {result.Elapsed:h\\:mm\\:ss}; {best}. Saved [bold]{Markup.Escape(outPath)}[/]; curves in [bold]{Markup.Escape(trainer.CurvesPlotPath!)}[/].");
        return result;
    }

    /// <summary>
    /// What a step trains on and how the weights move, in the words both <c>train</c>'s first line and <c>recipes</c> use:
    /// "episodes of 8 x 8 characters, lr 0.002 (warm-up, cosine decay)", and the L2 penalty when there is one.
    /// </summary>
    internal static string Describe(ComparatorOptions model, TrainingOptions o)
    {
        string batches = Recipe.TrainsOnEpisodes(model) ? $"episodes of {o.EpisodeGroups} x {o.EpisodeGroupSize} characters" : $"batch {o.BatchSize} pairs";
        string schedule = o.Schedule == LearningRateSchedule.WarmupCosine ? "warm-up, cosine decay" : "constant";
        return $"{batches}, lr {o.LearningRate:g3} ({schedule})" + (o.WeightDecay > 0 ? $", weight decay {o.WeightDecay:g3}" : "");
    }

    private static string Limits(TrainingOptions o) => (o.MaxSteps, o.TimeBudget) switch
    {
        (int steps, TimeSpan time) => $"up to {steps} steps or {time.TotalMinutes:0.#} min",
        (int steps, null) => $"{steps} steps",
        (null, TimeSpan time) => $"{time.TotalMinutes:0.#} min",
        _ => "no limit",
    };
}
