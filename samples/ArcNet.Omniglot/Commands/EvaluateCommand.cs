using System.ComponentModel;
using System.Text.Json;
using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.OneShot;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>evaluate</c>: one-shot accuracy on Lake's official runs or on random episodes within groups (alphabets), or across the classes of a folder without groups.</summary>
internal sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    internal sealed class Settings : DataSettings
    {
        [CommandOption("--context <FILE>")]
        [Description("A Full Context ARC model (from train-context) to classify with instead of the naive method.")]
        public string? Context { get; init; }

        [CommandOption("--baseline <FILE>")]
        [Description("A second model file (e.g. the prototypical network from train --recipe protonet) to score on the same episodes or runs, printed beside the first.")]
        public string? Baseline { get; init; }

        [CommandOption("--lake-runs <FOLDER>")]
        [Description("Lake's one-shot runs (run01 .. run20, each with training/, test/, class_labels.txt).")]
        public string? LakeRuns { get; init; }

        [CommandOption("--groups|--alphabets <NAMES>")]
        [Description("Comma-separated groups (alphabets) of the data to draw episodes from. Default: all of --data, or the held-out alphabets of the embedded set.")]
        public string? Groups { get; init; }

        [CommandOption("--ways <N>")]
        [Description("Classes per episode.")]
        [DefaultValue(20)]
        public int Ways { get; init; } = 20;

        [CommandOption("--episodes <N>")]
        [Description("Episodes to run: at 20 ways and about 80 % accuracy, 1,000 give a 95 % interval of about ± 1 point, 400 about ± 1.7.")]
        [DefaultValue(1000)]
        public int Episodes { get; init; } = 1000;

        [CommandOption("--flips")]
        [Description("Average every score over the images as given and flipped together (left-right, top-bottom, both), for every method, and show what it adds to the first: about a point on Omniglot, at four times the time.")]
        public bool Flips { get; init; }

        [CommandOption("--json")]
        [Description("Print one JSON object on stdout instead of text.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } missingModel)
                return missingModel;
            if (LakeRuns is not null && Data.Length > 0)
                return ValidationResult.Error("Give either --lake-runs or --data, not both.");
            if (Ways < 2)
                return ValidationResult.Error("--ways must be at least 2.");
            if (Episodes < 1)
                return ValidationResult.Error("--episodes must be at least 1.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var comparator = settings.LoadComparator();
        using var contextModel = settings.Context is null ? null : FullContextArc.Load(settings.Context, comparator.Device);
        using var baseline = settings.Baseline is null ? null : ArcComparator.Load(settings.Baseline, comparator.Device);
        (string, OneShotClassifier) Scored(ArcComparator model, FullContextArc? contextOf, bool flips) =>
            (Method(model, contextOf) + (flips ? ", flips averaged" : ""), new OneShotClassifier(model, contextOf) { AverageFlips = flips });
        var methods = new List<(string Name, OneShotClassifier Classifier)> { Scored(comparator, contextModel, settings.Flips) };
        // Flips are worth four times the time, and Full Context ARC its second model, only by what they add, so show
        // the method without them too.
        if (settings.Flips)
            methods.Add(Scored(comparator, contextModel, flips: false));
        if (contextModel is not null)
            methods.Add(Scored(comparator, null, settings.Flips));
        if (baseline is not null)
            methods.Add(Scored(baseline, null, settings.Flips));

        // Every method sees the same episodes or runs, so their accuracies differ only by the method.
        var results = new List<(string Name, OneShotEvaluation Result)>();
        string what;
        if (settings.LakeRuns is not null)
        {
            what = $"Lake's one-shot runs in {settings.LakeRuns}";
            foreach (var (name, classifier) in methods)
            {
                using var runs = ArcNet.Data.LakeRuns.Load(settings.LakeRuns, classifier.Comparator);
                results.Add((name, OneShotEvaluator.LakeRuns(classifier, runs)));
            }
        }
        else
        {
            // Each model reads the images as it was trained to (a baseline may differ in size or ink). The same classes
            // in the same order with the same seed give the same episodes, so every method still sees the same trials.
            var datasets = new Dictionary<ImagePreprocessing, ImageDataset>();
            ImageSubset EpisodesFor(ArcComparator model)
            {
                if (!datasets.TryGetValue(model.Preprocessing, out var dataset))
                    datasets.Add(model.Preprocessing, dataset = settings.LoadData(model.Preprocessing));
                return Select(dataset, settings);
            }
            try
            {
                var episodes = EpisodesFor(comparator);
                what = DataChoice.IsGrouped(episodes.Dataset)
                    ? $"{settings.Episodes} episodes within groups {DataChoice.Groups(episodes)}"
                    : $"{settings.Episodes} episodes across the {episodes.Classes.Count} classes of {string.Join(", ", settings.Data)}";
                foreach (var (name, classifier) in methods)
                    results.Add((name, OneShotEvaluator.WithinGroupEpisodes(classifier, EpisodesFor(classifier.Comparator), settings.Ways, settings.Episodes, settings.Seed)));
            }
            finally
            {
                foreach (var dataset in datasets.Values)
                    dataset.Dispose();
            }
        }

        if (settings.Json)
            Console.WriteLine(ToJson(results[0].Result, results[0].Name, results.Skip(1).ToArray(), hasBaseline: baseline is not null));
        else
        {
            // The baseline may be the same method as the model ("naive vs naive"), so say which is which.
            string Label(int i) => baseline is not null && i == results.Count - 1 ? $"{results[i].Name} (baseline)" : results[i].Name;
            for (int i = 0; i < results.Count; i++)
                Report(results[i].Result, $"{what} ({Label(i)})");
            for (int i = 1; i < results.Count; i++)
                ReportDifference(results[0].Name, results[0].Result.DifferenceFrom(results[i].Result), Label(i));
        }
        return 0;
    }

    /// <summary>How a model classifies, as reports name it: an ARC model naively or with Full Context ARC, or the prototypical network.</summary>
    internal static string Method(ArcComparator comparator, FullContextArc? context) => comparator.Network switch
    {
        not ArcNetwork => "prototypical network",
        _ when context is not null => "Full Context ARC",
        _ => "naive",
    };

    private static ImageSubset Select(ImageDataset dataset, Settings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.Groups))
            return ImageSplit.ByGroup(dataset.All, HoldOutSettings.Names(settings.Groups)).HeldOut;
        return settings.Data.Length > 0 ? dataset.All : DataChoice.Split(dataset, settings.DefaultHeldOut).HeldOut;
    }

    internal static void Report(OneShotEvaluation result, string what)
    {
        AnsiConsole.MarkupLine($"{result.Ways}-way one-shot on {Markup.Escape(what)}:");
        AnsiConsole.MarkupLine($"  accuracy [bold]{result.Accuracy:P1}[/] ± {result.ConfidenceHalfWidth:P1} (95 %), error {result.Error:P1}, " +
                               $"{result.Correct}/{result.Queries} queries; chance {result.Chance:P1}.");
        if (result.Runs.Count <= 20 && result.Runs.All(r => r.Name.StartsWith("run", StringComparison.Ordinal)))
            foreach (var run in result.Runs)
                AnsiConsole.MarkupLine($"  {Markup.Escape(run.Name)}: error {run.Error:P1} ({run.Correct}/{run.Queries})");
    }

    /// <summary>"Full Context ARC vs naive on the same episodes: +0.8 points ± 0.5 (95 %, paired), a real difference."</summary>
    internal static void ReportDifference(string method, AccuracyDifference difference, string baseline) =>
        AnsiConsole.MarkupLine($"{Markup.Escape(method)} vs {Markup.Escape(baseline)} on the same {difference.Trials} trials: [bold]{100 * difference.Difference:+0.0;-0.0;0.0} points[/] " +
                               $"± {100 * difference.ConfidenceHalfWidth:0.0} (95 %, paired), {(difference.IsSignificant ? "a real difference" : "within noise")}.");

    /// <summary>
    /// The first method's result, and under <c>versus</c> every other method's with the first one's paired difference
    /// from it; the last of those, when <paramref name="hasBaseline"/>, is the --baseline model, also under <c>baseline</c>.
    /// </summary>
    internal static string ToJson(OneShotEvaluation result, string method, IReadOnlyList<(string Name, OneShotEvaluation Result)> others, bool hasBaseline) => JsonSerializer.Serialize(new
    {
        method,
        baseline = hasBaseline ? Other(result, others[^1]) : null,
        versus = others.Select(other => Other(result, other)),
        accuracy = result.Accuracy,
        error = result.Error,
        confidence95 = result.ConfidenceHalfWidth,
        ways = result.Ways,
        episodes = result.Trials,
        queries = result.Queries,
        correct = result.Correct,
        runs = result.Runs.Select(r => new { name = r.Name, error = r.Error, correct = r.Correct, queries = r.Queries }),
    });

    private static object Other(OneShotEvaluation result, (string Name, OneShotEvaluation Result) other)
    {
        var difference = result.DifferenceFrom(other.Result);
        return new
        {
            method = other.Name, accuracy = other.Result.Accuracy, confidence95 = other.Result.ConfidenceHalfWidth, correct = other.Result.Correct, queries = other.Result.Queries,
            difference = difference.Difference, differenceConfidence95 = difference.ConfidenceHalfWidth,
        };
    }
}
