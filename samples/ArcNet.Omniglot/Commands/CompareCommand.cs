using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>compare</c>: prints the similarity of two images under a trained comparator.</summary>
internal sealed class CompareCommand : Command<CompareCommand.Settings>
{
    internal sealed class Settings : ImagePairSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var comparator = settings.LoadComparator();
        using var images = comparator.ReadImages(settings.ImageA, settings.ImageB);
        using var first = images[0..1];
        using var second = images[1..2];
        using var similarity = comparator.Similarity(first, second);
        Console.WriteLine(similarity.item<float>().ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }
}
