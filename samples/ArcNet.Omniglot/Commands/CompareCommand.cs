using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>compare</c>: prints the similarity of two images, or scores every pair of a pairs file in batches.</summary>
internal sealed class CompareCommand : Command<CompareCommand.Settings>
{
    /// <summary>Pairs read and compared at once: their distinct images are read once, the pairs scored in one call.</summary>
    internal const int PairsPerBatch = 256;

    internal sealed class Settings : ModelSettings
    {
        [CommandArgument(0, "[imageA]")]
        [Description("First image (PNG, JPEG, WebP, BMP or GIF), when comparing one pair.")]
        public string? ImageA { get; init; }

        [CommandArgument(1, "[imageB]")]
        [Description("Second image.")]
        public string? ImageB { get; init; }

        [CommandOption("--pairs <CSV>")]
        [Description("A file of image pairs, one \"first,second\" per line, paths relative to the file. Scores every pair.")]
        public string? Pairs { get; init; }

        [CommandOption("--out <CSV>")]
        [Description("With --pairs: where to write first,second,similarity lines. Default: standard output.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } missingModel)
                return missingModel;
            bool images = ImageA is not null || ImageB is not null;
            if (Pairs is null)
                return ImageA is not null && ImageB is not null ? ValidationResult.Success()
                    : ValidationResult.Error("Give two images to compare, or --pairs <CSV> with many pairs.");
            if (images)
                return ValidationResult.Error("Give either two images or --pairs, not both.");
            return Out is not null && OutputPath.FileProblem(Out, "--out") is { } unwritable ? ValidationResult.Error(unwritable) : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var comparator = settings.LoadComparator();
        if (settings.Pairs is null)
        {
            using var images = comparator.ReadImages(settings.ImageA!, settings.ImageB!);
            using var similarity = comparator.Similarity(images[0..1], images[1..2]);
            Console.WriteLine(similarity.item<float>().ToString("0.0000", CultureInfo.InvariantCulture));
            return 0;
        }

        var pairs = PairsFile.Read(settings.Pairs);
        var scores = new List<(ImagePair, float)>(pairs.Count);
        // The bar goes to standard error, so the scores alone reach standard output.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(progress =>
        {
            var task = progress.AddTask($"comparing {pairs.Count} pairs", maxValue: pairs.Count);
            foreach (var batch in pairs.Chunk(PairsPerBatch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                scores.AddRange(batch.Zip(Similarities(comparator, batch)));
                task.Increment(batch.Length);
            }
        });

        if (settings.Out is null)
            PairsFile.Write(Console.Out, scores);
        else
        {
            using (var file = new StreamWriter(settings.Out))
                PairsFile.Write(file, scores);
            AnsiConsole.MarkupLine($"Compared {pairs.Count} pairs; wrote [bold]{Markup.Escape(settings.Out)}[/].");
        }
        return 0;
    }

    /// <summary>The similarity of each pair of <paramref name="batch"/>, each distinct image read once.</summary>
    private static float[] Similarities(ArcComparator comparator, ImagePair[] batch)
    {
        using var scope = NewDisposeScope();
        var files = batch.SelectMany(p => new[] { p.FirstFile, p.SecondFile }).Distinct().ToArray();
        var position = files.Select((file, i) => (file, i)).ToDictionary(f => f.file, f => (long)f.i);
        var images = comparator.ReadImages(files);
        var first = images.index_select(0, tensor(batch.Select(p => position[p.FirstFile]).ToArray(), device: comparator.Device));
        var second = images.index_select(0, tensor(batch.Select(p => position[p.SecondFile]).ToArray(), device: comparator.Device));
        using var onHost = comparator.Similarity(first, second).cpu();
        return onHost.data<float>().ToArray();
    }
}
