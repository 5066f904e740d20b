using System.ComponentModel;
using ArcNet.Data;
using ArcNet.Models.Omniglot;
using ArcNet.Omniglot.Data;
using ArcNet.OneShot;
using ArcNet.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary>
/// The default command: on the embedded full background set with its five alphabets held out, trains the default recipe, the
/// prototypical-network baseline for as long, and a Full Context ARC on top, then measures all three on the same
/// 20-way within-alphabet one-shot episodes of the held-out alphabets, beside the pretrained model of
/// ArcNet.Models.Omniglot (the same recipe and split, trained for an hour), which needs no training here.
/// </summary>
internal sealed class DemoCommand : Command<DemoCommand.Settings>
{
    internal sealed class Settings : ComputeSettings
    {
        [CommandOption("--minutes <M>")]
        [Description("Training time of ConvARC-lite, and again of the prototypical baseline, in minutes.")]
        [DefaultValue(3.0)]
        public double Minutes { get; init; } = 3.0;

        [CommandOption("--context-minutes <M>")]
        [Description("Training time of the Full Context ARC, in minutes.")]
        [DefaultValue(1.0)]
        public double ContextMinutes { get; init; } = 1.0;

        [CommandOption("--episodes <N>")]
        [Description("20-way episodes to evaluate.")]
        [DefaultValue(400)]
        public int Episodes { get; init; } = 400;

        [CommandOption("--out <FILE>")]
        [Description("Where to save the demo's ConvARC-lite (the baseline goes beside it as <FILE>.protonet.arc). Default: arcnet-demo.arc in the system's temporary folder.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if ((MinutesOption.Problem(Minutes, "--minutes") ?? MinutesOption.Problem(ContextMinutes, "--context-minutes")) is { } problem)
                return ValidationResult.Error(problem);
            if (Out is not null && OutputPath.FileProblem(Out, "--out") is { } unwritable)
                return ValidationResult.Error(unwritable);
            return Episodes > 0 ? ValidationResult.Success() : ValidationResult.Error("--episodes must be positive.");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        const int ways = 20;
        AnsiConsole.MarkupLine("[bold]ArcNet demo[/]: Attentive Recurrent Comparators on Omniglot, one-shot on alphabets never seen in training.");
        var arc = Recipe.Default;
        var baseline = Recipe.Prototypical;
        var set = EmbeddedOmniglot.Full;
        using var dataset = EmbeddedOmniglot.Load(set, ImagePreprocessing.Omniglot with { ImageSize = arc.Model.ImageSize });
        var (background, heldOut) = DataChoice.Split(dataset, set.HeldOut);
        var heldOutNames = DataChoice.Groups(heldOut);
        AnsiConsole.MarkupLine($"Embedded data, {set.Title}: {dataset.Count} images, {dataset.ClassCount} characters, {dataset.GroupNames.Count} alphabets ({dataset.LoadTime.TotalSeconds:0.0} s to load). " +
                               $"Held out for one-shot: [bold]{Markup.Escape(heldOutNames)}[/].");

        string outPath = settings.Out ?? Path.Combine(Path.GetTempPath(), "arcnet-demo.arc");
        var budget = TimeSpan.FromMinutes(settings.Minutes);
        AnsiConsole.MarkupLine($"[bold]1.[/] {arc.Title}, {settings.Minutes:0.#} min:");
        using var comparator = new ArcComparator(arc.Model, seed: arc.Training.Seed);
        TrainingRun.Train(comparator, background, arc.Training with { TimeBudget = budget }, outPath, resume: false);
        AnsiConsole.MarkupLine($"[bold]2.[/] The {baseline.Title} baseline, {settings.Minutes:0.#} min on the same data:");
        using var prototypical = new ArcComparator(baseline.Model, seed: baseline.Training.Seed);
        TrainingRun.Train(prototypical, background, baseline.Training with { TimeBudget = budget }, outPath + ".protonet.arc", resume: false);
        AnsiConsole.MarkupLine($"[bold]3.[/] Full Context ARC on the frozen ConvARC-lite, {settings.ContextMinutes:0.#} min:");
        using var contextModel = ContextTraining.Train(comparator, background, new FullContextTrainingOptions { TimeBudget = TimeSpan.FromMinutes(settings.ContextMinutes) });
        AnsiConsole.MarkupLine("[bold]4.[/] For reference, the pretrained model of ArcNet.Models.Omniglot: the same recipe and alphabets, 9,000 steps (an hour on 2 cores).");
        using var pretrained = OmniglotModel.Load();

        // The same episodes for every method, so the accuracies differ only by the method.
        var methods = new (string Name, OneShotClassifier Classifier)[]
        {
            ($"{baseline.Title} (baseline)", new OneShotClassifier(prototypical)),
            ($"{arc.Title}, naive", new OneShotClassifier(comparator)),
            ($"{arc.Title}, Full Context", new OneShotClassifier(comparator, contextModel)),
            ($"pretrained {arc.Title}, naive", new OneShotClassifier(pretrained)),
        };
        var table = new Table().AddColumns("method", "20-way accuracy", "95 % interval", "chance");
        var results = new List<OneShotEvaluation>();
        foreach (var (name, classifier) in methods)
        {
            var result = OneShotEvaluator.WithinGroupEpisodes(classifier, heldOut, ways, settings.Episodes, seed: 0);
            table.AddRow(Markup.Escape(name), $"{result.Accuracy:P1}", $"± {result.ConfidenceHalfWidth:P1}", $"{result.Chance:P1}");
            results.Add(result);
        }
        AnsiConsole.MarkupLine($"One-shot, within-alphabet, {settings.Episodes} episodes over the held-out alphabets {Markup.Escape(heldOutNames)} ({results[0].Queries} queries each method):");
        AnsiConsole.Write(table);
        // What each step adds, measured on the same episodes: ARC over the baseline, full context over ARC alone.
        EvaluateCommand.ReportDifference(methods[1].Name, results[1].DifferenceFrom(results[0]), methods[0].Name);
        EvaluateCommand.ReportDifference(methods[2].Name, results[2].DifferenceFrom(results[1]), methods[1].Name);
        AnsiConsole.MarkupLine($"Next: [grey]arcnet-omniglot compare a.png b.png[/] (the pretrained model; [grey]--model {Markup.Escape(outPath)}[/] for the demo's), or train longer with [grey]arcnet-omniglot train --out model.arc --minutes 20[/].");
        return 0;
    }
}
