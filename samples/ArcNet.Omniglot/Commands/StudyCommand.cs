using ArcNet.Training;
using System.ComponentModel;
using System.Globalization;
using ArcNet.Data;
using ArcNet.Omniglot.Data;
using ArcNet.Omniglot.Study;
using ArcNet.Modules;
using ArcNet.OneShot;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary>
/// <c>study</c>: time-to-accuracy of training recipes. Trains each candidate for each budget and seed on the embedded
/// Omniglot background set --background names, with that set's alphabets held out, scores 20-way within-alphabet
/// one-shot accuracy on those alphabets (the same episodes for every model; ARC models also with both comparison orders
/// averaged), and keeps a CSV of every run, a Markdown table and a plot of accuracy against training minutes. Runs
/// already in the CSV are skipped, so an interrupted study continues where it stopped.
/// </summary>
internal sealed class StudyCommand : Command<StudyCommand.Settings>
{
    internal sealed class Settings : ComputeSettings
    {
        [CommandOption("--candidates <NAMES>")]
        [Description("Comma-separated recipes (train's --recipe names). Default: every recipe but convarc, whose Wide ResNet is too slow for these budgets.")]
        public string? Candidates { get; init; }

        [CommandOption("--minutes <LIST>")]
        [Description("Comma-separated training budgets in minutes.")]
        [DefaultValue("5,10,20")]
        public string Minutes { get; init; } = "5,10,20";

        [CommandOption("--seeds <LIST>")]
        [Description("Comma-separated seeds.")]
        [DefaultValue("1")]
        public string Seeds { get; init; } = "1";

        [CommandOption("--background <SET>")]
        [Description("The embedded Omniglot background set: " + EmbeddedOmniglot.Choices + ".")]
        [DefaultValue("full")]
        public string Background { get; init; } = "full";

        [CommandOption("--episodes <N>")]
        [Description("20-way episodes per evaluation.")]
        [DefaultValue(1000)]
        public int Episodes { get; init; } = 1000;

        [CommandOption("--out <FOLDER>")]
        [Description("Where the models, study.csv, study.md and time-to-accuracy.png go.")]
        [DefaultValue("study")]
        public string Out { get; init; } = "study";

        internal IReadOnlyList<Recipe> Recipes() => Candidates is null
            ? [.. Recipe.All.Where(r => r != Recipe.ConvArc)]
            : [.. Candidates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Recipe.Named)];

        internal static double[] Numbers(string list, string option)
        {
            var values = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d > 0 ? d : throw new ArgumentException($"{option} takes positive numbers separated by commas; got '{v}'."))
                .ToArray();
            return values.Length > 0 ? values : throw new ArgumentException($"{option} is empty.");
        }

        public override ValidationResult Validate()
        {
            try
            {
                if (Recipes().Count == 0)
                    return ValidationResult.Error($"--candidates names no recipe; give one or more of {string.Join(", ", Recipe.All.Select(r => r.Name))}, separated by commas.");
                if (EmbeddedOmniglot.Find(Background) is null)
                    return ValidationResult.Error(EmbeddedOmniglot.Unknown(Background));
                if (Numbers(Minutes, "--minutes").Select(m => MinutesOption.Problem(m, "--minutes")).FirstOrDefault(p => p is not null) is { } problem)
                    return ValidationResult.Error(problem);
                if (Numbers(Seeds, "--seeds").Any(s => s != Math.Floor(s) || s > int.MaxValue))
                    return ValidationResult.Error($"--seeds takes whole numbers from 1 to {int.MaxValue}.");
                if (OutputPath.FolderProblem(Out, "--out") is { } unwritable)
                    return ValidationResult.Error(unwritable);
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error(e.Message);
            }
            return Episodes > 0 ? ValidationResult.Success() : ValidationResult.Error("--episodes must be positive.");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        const int ways = 20;
        Directory.CreateDirectory(Path.Combine(settings.Out, "models"));
        var table = new StudyTable(Path.Combine(settings.Out, "study.csv"));
        var minutes = Settings.Numbers(settings.Minutes, "--minutes");
        var seeds = Settings.Numbers(settings.Seeds, "--seeds").Select(s => (int)s).ToArray();
        var recipes = settings.Recipes();

        var set = EmbeddedOmniglot.Named(settings.Background);
        using var dataset = EmbeddedOmniglot.Load(set, ImagePreprocessing.Omniglot);
        var (background, heldOut) = DataChoice.Split(dataset, set.HeldOut);
        AnsiConsole.MarkupLine($"Study: {recipes.Count} candidates x {minutes.Length} budgets x {seeds.Length} seeds, each on {(settings.Threads is int t ? $"{t} thread(s)" : "its recipe's threads")}; " +
                               $"held out {Markup.Escape(DataChoice.Groups(heldOut))}, {settings.Episodes} episodes each. Results: [bold]{Markup.Escape(table.Path)}[/].");

        foreach (var recipe in recipes)
        {
            int threads = settings.Threads ?? recipe.ThreadsFor(Environment.ProcessorCount);
            TorchSharp.torch.set_num_threads(threads);
            foreach (double budget in minutes)
                foreach (int seed in seeds)
                {
                    if (table.Has(recipe.Name, budget, seed, threads))
                        continue;
                    AnsiConsole.MarkupLine($"[bold]{Markup.Escape(recipe.Title)}[/], {budget:0.#} min, seed {seed}:");
                    string path = Path.Combine(settings.Out, "models", $"{recipe.Name}-{budget:0.#}min-s{seed}-t{threads}.arc");
                    string loadBefore = StudyTable.LoadAverage();
                    var training = recipe.Training with { TimeBudget = TimeSpan.FromMinutes(budget), Seed = seed };
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    using var comparator = new ArcComparator(recipe.Model, seed: training.Seed);
                    var result = TrainingRun.Train(comparator, background, training, path, resume: false);
                    double seconds = clock.Elapsed.TotalSeconds;
                    string loadAfter = StudyTable.LoadAverage();

                    var naive = OneShotEvaluator.WithinGroupEpisodes(new OneShotClassifier(comparator), heldOut, ways, settings.Episodes, seed: 0);
                    var bothOrders = comparator.Network is ArcNetwork
                        ? OneShotEvaluator.WithinGroupEpisodes(new OneShotClassifier(comparator) { AverageBothOrders = true }, heldOut, ways, settings.Episodes, seed: 0)
                        : null;
                    table.Add(new StudyRow(recipe.Name, budget, seed, threads, result.Steps, seconds, naive.Accuracy, naive.ConfidenceHalfWidth,
                        bothOrders?.Accuracy, bothOrders?.ConfidenceHalfWidth, loadBefore, loadAfter, DateTime.UtcNow));
                    AnsiConsole.MarkupLine($"  held-out accuracy [bold]{naive.Accuracy:P1}[/] ± {naive.ConfidenceHalfWidth:P1}" +
                                           (bothOrders is null ? "" : $"; both orders {bothOrders.Accuracy:P1} ± {bothOrders.ConfidenceHalfWidth:P1}") + ".");
                    StudyReport.Write(table.Rows, recipes, settings.Out);
                }
        }
        StudyReport.Write(table.Rows, recipes, settings.Out);
        AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(Path.Combine(settings.Out, StudyReport.TableName))}[/] and [bold]{Markup.Escape(Path.Combine(settings.Out, StudyReport.PlotName))}[/].");
        return 0;
    }
}
