using ArcNet.Data;
using ArcNet.Omniglot.Data;

namespace ArcNet.Omniglot;

/// <summary>Loads the data a command names, or the embedded sets, and splits off the alphabets held out for one-shot evaluation.</summary>
internal static class DataChoice
{
    /// <summary>Held out when a command names none: the two smallest alphabets that still have 20 characters for 20-way episodes.</summary>
    internal const int DefaultHeldOut = 2;

    internal static ImageDataset Load(string[]? sources, ImagePreprocessing preprocessing) =>
        sources is { Length: > 0 } ? ImageDataset.Load(sources, preprocessing) : EmbeddedOmniglot.Load(preprocessing);

    /// <summary>
    /// Splits by alphabet. <paramref name="heldOut"/> names alphabets (comma-separated) or is empty for the default:
    /// the <see cref="DefaultHeldOut"/> smallest alphabets with at least <paramref name="ways"/> characters.
    /// </summary>
    internal static (ImageSubset Train, ImageSubset HeldOut) Split(ImageDataset dataset, string? heldOut, int ways)
    {
        if (!string.IsNullOrWhiteSpace(heldOut))
            return ImageSplit.ByGroup(dataset.All, heldOut.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var candidates = dataset.All.Indices
            .GroupBy(i => dataset.GroupOf[i])
            .Select(a => (Alphabet: dataset.GroupNames[a.Key], Characters: a.Select(i => dataset.ClassOf[i]).Distinct().Count()))
            .Where(a => a.Characters >= ways)
            .OrderBy(a => a.Characters).ThenBy(a => a.Alphabet, StringComparer.Ordinal)
            .Take(DefaultHeldOut)
            .Select(a => a.Alphabet)
            .ToArray();
        if (candidates.Length < DefaultHeldOut || candidates.Length == dataset.GroupNames.Count)
            throw new ArgumentException($"The data has too few alphabets with {ways} or more characters to hold {DefaultHeldOut} out; name them with --hold-out or evaluate on separate data.");
        return ImageSplit.ByGroup(dataset.All, candidates);
    }
}
