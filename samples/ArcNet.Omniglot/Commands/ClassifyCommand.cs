using System.ComponentModel;
using System.Globalization;
using ArcNet.OneShot;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>classify</c>: the one-shot use case from the command line, each query image given the class of the support image it resembles most.</summary>
internal sealed class ClassifyCommand : Command<ClassifyCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        [CommandOption("--support <FOLDER>")]
        [Description("The known classes: one image per class named by the class (cat.jpg), or a folder per class holding its images (cat/1.jpg).")]
        public string? Support { get; init; }

        [CommandArgument(0, "<queries>")]
        [Description("Images to classify.")]
        public string[] Queries { get; init; } = [];

        [CommandOption("--flips")]
        [Description("Average every score over the images as given and flipped together (left-right, top-bottom, both): a little more accurate, four times the time.")]
        public bool Flips { get; init; }

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } missingModel)
                return missingModel;
            return string.IsNullOrWhiteSpace(Support) ? ValidationResult.Error("--support <FOLDER> is required: the images of the known classes.") : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var comparator = settings.LoadComparator();
        using var support = SupportSet.Load(settings.Support!, comparator);
        var predictions = new OneShotClassifier(comparator) { AverageFlips = settings.Flips }.Classify(settings.Queries, support);
        foreach (var (query, prediction) in settings.Queries.Zip(predictions))
        {
            double score = prediction.Scores.Single(s => s.Key == prediction.Label).Value;
            Console.WriteLine($"{query}: {prediction.Label} {score.ToString("0.0000", CultureInfo.InvariantCulture)}");
        }
        return 0;
    }
}
