using ArcNet.Data;
using ArcNet.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace ArcNet.Omniglot;

/// <summary>One training run as the sample does it: split, train with a live display, save the best model.</summary>
internal static class TrainingRun
{
    internal static ArcComparator Train(
        ImageSubset background, ArcOptions model, TrainingOptions training, Device device, string outPath, bool resume) =>
        TrainWithResult(background, model, training, device, outPath, resume).Comparator;

    /// <summary><see cref="Train"/>, also returning what the trainer reported.</summary>
    internal static (ArcComparator Comparator, TrainingResult Result) TrainWithResult(
        ImageSubset background, ArcOptions model, TrainingOptions training, Device device, string outPath, bool resume)
    {
        var (train, validation) = ImageSplit.ByInstance(background);
        string checkpoint = outPath + ".checkpoint";
        if (!resume && File.Exists(checkpoint))
            File.Delete(checkpoint);   // a fresh run must not silently continue an old one

        var comparator = new ArcComparator(model, device, seed: training.Seed);
        try
        {
            using var trainer = new ArcTrainer(comparator, train, validation, training, checkpoint);
            if (resume)
                AnsiConsole.MarkupLine(trainer.TryResume()
                    ? $"Resumed from [bold]{Markup.Escape(checkpoint)}[/] at step {trainer.Step}."
                    : $"No checkpoint at {Markup.Escape(checkpoint)}; starting a new run.");
            AnsiConsole.MarkupLine($"Training {Describe(model)} on {train.Count} images ({train.Classes.Count} classes), validating on {validation.Count}; " +
                                   $"{Batches(model, training)}, lr {training.LearningRate:g3} ({(training.Schedule == LearningRateSchedule.WarmupCosine ? "warm-up, cosine decay" : "constant")}), {Limits(training)}, device {device}.");

            var result = TrainingDisplay.Run(trainer.Run);

            comparator.Save(outPath);
            foreach (string warning in result.Warnings)
                AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            string best = result.BestValidation is { } v ? $"best validation loss {v.Loss:0.000}, accuracy {v.Accuracy:P1} at step {v.Step}" : "no validation";
            AnsiConsole.MarkupLine($"Stopped after {result.Steps} steps ({result.StopReason}) in {result.Elapsed:h\\:mm\\:ss}; {best}. Saved [bold]{Markup.Escape(outPath)}[/]; curves in [bold]{Markup.Escape(trainer.CurvesPlotPath!)}[/].");
            return (comparator, result);
        }
        catch
        {
            comparator.Dispose();
            throw;
        }
    }

    internal static string Describe(ArcOptions model) => model.Architecture switch
    {
        ArcArchitecture.Prototypical => $"a prototypical network ({model.TrunkChannels}-channel trunk)",
        ArcArchitecture.LightConv => $"ConvARC-lite (hidden {model.HiddenSize}, {model.GlimpsesPerImage} glimpses of {model.GlimpseSize}x{model.GlimpseSize} per image over {model.AttendedSize}x{model.AttendedSize} maps" +
                                     (model.MetricEvidence ? $", controller share {model.ControllerShare:0.##})" : ")"),
        ArcArchitecture.Conv => $"ConvARC (hidden {model.HiddenSize}, {model.GlimpsesPerImage} glimpses of {model.GlimpseSize}x{model.GlimpseSize} per image)",
        _ => $"ARC (hidden {model.HiddenSize}, {model.GlimpsesPerImage} glimpses of {model.GlimpseSize}x{model.GlimpseSize} per image)",
    };

    private static string Batches(ArcOptions model, TrainingOptions o) => model.Architecture is ArcArchitecture.Plain or ArcArchitecture.Conv
        ? $"batch {o.BatchSize} pairs"
        : $"episodes of {o.EpisodeGroups} x {o.EpisodeGroupSize} characters";

    private static string Limits(TrainingOptions o) => (o.MaxSteps, o.TimeBudget) switch
    {
        (int steps, TimeSpan time) => $"up to {steps} steps or {time.TotalMinutes:0.#} min",
        (int steps, null) => $"{steps} steps",
        (null, TimeSpan time) => $"{time.TotalMinutes:0.#} min",
        _ => "no limit",
    };
}
