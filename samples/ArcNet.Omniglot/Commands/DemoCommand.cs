using System.ComponentModel;
using ArcNet.Evaluation;
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
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--minutes <M>")]
        [Description("Training time in minutes. Default 4.")]
        [DefaultValue(4.0)]
        public double Minutes { get; init; } = 4.0;

        [CommandOption("--episodes <N>")]
        [Description("20-way episodes to evaluate. Default 200.")]
        [DefaultValue(200)]
        public int Episodes { get; init; } = 200;

        [CommandOption("--out <FILE>")]
        [Description("Where to save the demo model. Default: arcnet-demo.arc in the system's temporary folder.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Minutes > 0 && Episodes > 0 ? ValidationResult.Success() : ValidationResult.Error("--minutes and --episodes must be positive.");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        const int ways = 20;
        AnsiConsole.MarkupLine("[bold]ArcNet demo[/]: Attentive Recurrent Comparators on Omniglot, one-shot on alphabets never seen in training.");
        var model = new ArcOptions();
        using var dataset = EmbeddedOmniglot.Load(model.ImageSize);
        var (background, heldOut) = DataChoice.Split(dataset, null, ways);
        var heldOutNames = string.Join(", ", heldOut.Alphabets.Select(a => dataset.AlphabetNames[a]));
        AnsiConsole.MarkupLine($"Embedded data: {dataset.Count} images, {dataset.CharacterCount} characters, {dataset.AlphabetNames.Count} alphabets ({dataset.LoadTime.TotalSeconds:0.0} s to load). " +
                               $"Held out for one-shot: [bold]{Markup.Escape(heldOutNames)}[/].");

        var training = new TrainingOptions
        {
            TimeBudget = TimeSpan.FromMinutes(settings.Minutes),
            ValidateEvery = 100,
            CheckpointEvery = 100,
            ValidationBatches = 8,
        };
        string outPath = settings.Out ?? Path.Combine(Path.GetTempPath(), "arcnet-demo.arc");
        using var comparator = TrainingRun.Train(background, model, training, TorchSharp.torch.CPU, outPath, resume: false);

        var result = OneShotEvaluator.WithinAlphabetEpisodes(new OneShotClassifier(comparator), heldOut, ways, settings.Episodes, seed: 1);
        EvaluateCommand.Report(result, $"{settings.Episodes} episodes over the held-out alphabets {heldOutNames}");
        AnsiConsole.MarkupLine($"Next: [grey]arcnet-omniglot compare --model {Markup.Escape(outPath)} a.png b.png[/], or train longer with [grey]arcnet-omniglot train --out model.arc --minutes 60[/].");
        return 0;
    }
}
