using System.ComponentModel;
using ArcNet.Data;
using ArcNet.Omniglot.Data;
using ArcNet.OneShot;
using ArcNet.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary>
/// The default command: trains a plain ARC for a few minutes on the embedded data with two alphabets held out,
/// then measures 20-way within-alphabet one-shot accuracy on those alphabets.
/// </summary>
internal sealed class DemoCommand : Command<DemoCommand.Settings>
{
    internal sealed class Settings : ComputeSettings
    {
        [CommandOption("--minutes <M>")]
        [Description("Training time in minutes. Default 4.")]
        [DefaultValue(4.0)]
        public double Minutes { get; init; } = 4.0;

        [CommandOption("--context-minutes <M>")]
        [Description("Training time of the Full Context ARC, in minutes. Default 1.")]
        [DefaultValue(1.0)]
        public double ContextMinutes { get; init; } = 1.0;

        [CommandOption("--episodes <N>")]
        [Description("20-way episodes to evaluate. Default 200.")]
        [DefaultValue(200)]
        public int Episodes { get; init; } = 200;

        [CommandOption("--out <FILE>")]
        [Description("Where to save the demo model. Default: arcnet-demo.arc in the system's temporary folder.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Minutes > 0 && ContextMinutes > 0 && Episodes > 0 ? ValidationResult.Success() : ValidationResult.Error("--minutes, --context-minutes and --episodes must be positive.");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        const int ways = 20;
        AnsiConsole.MarkupLine("[bold]ArcNet demo[/]: Attentive Recurrent Comparators on Omniglot, one-shot on alphabets never seen in training.");
        var model = CpuRecipe.Model;
        using var dataset = EmbeddedOmniglot.Load(ImagePreprocessing.Omniglot with { ImageSize = model.ImageSize });
        var (background, heldOut) = DataChoice.Split(dataset, null, ways);
        var heldOutNames = string.Join(", ", heldOut.Groups.Select(a => dataset.GroupNames[a]));
        AnsiConsole.MarkupLine($"Embedded data: {dataset.Count} images, {dataset.ClassCount} characters, {dataset.GroupNames.Count} alphabets ({dataset.LoadTime.TotalSeconds:0.0} s to load). " +
                               $"Held out for one-shot: [bold]{Markup.Escape(heldOutNames)}[/].");

        var training = new TrainingOptions
        {
            TimeBudget = TimeSpan.FromMinutes(settings.Minutes),
            LearningRate = CpuRecipe.LearningRate,
            AugmentationStrength = CpuRecipe.AugmentationStrength,
            ValidateEvery = 250,
            CheckpointEvery = 250,
            ValidationBatches = 8,
        };
        string outPath = settings.Out ?? Path.Combine(Path.GetTempPath(), "arcnet-demo.arc");
        using var comparator = TrainingRun.Train(background, model, training, TorchSharp.torch.CPU, outPath, resume: false);
        var contextOptions = new FullContextTrainingOptions { TimeBudget = TimeSpan.FromMinutes(settings.ContextMinutes) };
        using var contextModel = ContextTraining.Train(comparator, background, contextOptions);

        // The same episodes for both methods, so the two accuracies differ only by the method.
        string episodes = $"{settings.Episodes} episodes over the held-out alphabets {heldOutNames}";
        var naive = OneShotEvaluator.WithinGroupEpisodes(new OneShotClassifier(comparator), heldOut, ways, settings.Episodes, seed: 1);
        var full = OneShotEvaluator.WithinGroupEpisodes(new OneShotClassifier(comparator, contextModel), heldOut, ways, settings.Episodes, seed: 1);
        var table = new Table().AddColumns("method", "20-way accuracy", "95 % interval", "chance");
        table.AddRow("naive ARC", $"{naive.Accuracy:P1}", $"± {naive.ConfidenceHalfWidth:P1}", $"{naive.Chance:P1}");
        table.AddRow("Full Context ARC", $"{full.Accuracy:P1}", $"± {full.ConfidenceHalfWidth:P1}", $"{full.Chance:P1}");
        AnsiConsole.MarkupLine($"One-shot, within-alphabet, {Markup.Escape(episodes)} ({naive.Queries} queries each):");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Next: [grey]arcnet-omniglot compare --model {Markup.Escape(outPath)} a.png b.png[/], or train longer with [grey]arcnet-omniglot train --out model.arc --minutes 60[/].");
        return 0;
    }
}
