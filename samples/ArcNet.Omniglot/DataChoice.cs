using ArcNet.Data;
using ArcNet.Omniglot.Data;

namespace ArcNet.Omniglot;

/// <summary>Loads the data a command names, or the embedded sets, and splits off the groups held out for one-shot evaluation.</summary>
internal static class DataChoice
{
    /// <summary>Held out when a command names none: the two smallest groups that still have 20 classes for 20-way episodes.</summary>
    internal const int DefaultHeldOut = 2;

    internal static ImageDataset Load(string[]? sources, ImagePreprocessing preprocessing) =>
        sources is { Length: > 0 } ? ImageDataset.Load(sources, preprocessing) : EmbeddedOmniglot.Load(preprocessing);

    /// <summary>
    /// Splits by group. <paramref name="heldOut"/> names groups (comma-separated) or is empty for the default: the
    /// <see cref="DefaultHeldOut"/> smallest groups with at least <paramref name="ways"/> classes, when the data has
    /// more groups than those (as Omniglot has), and otherwise none, so a folder without groups trains whole.
    /// </summary>
    internal static (ImageSubset Train, ImageSubset HeldOut) Split(ImageDataset dataset, string? heldOut, int ways)
    {
        if (!string.IsNullOrWhiteSpace(heldOut))
            return ImageSplit.ByGroup(dataset.All, heldOut.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var candidates = dataset.All.Indices
            .GroupBy(i => dataset.GroupOf[i])
            .Select(a => (Group: dataset.GroupNames[a.Key], Classes: a.Select(i => dataset.ClassOf[i]).Distinct().Count()))
            .Where(a => a.Classes >= ways)
            .OrderBy(a => a.Classes).ThenBy(a => a.Group, StringComparer.Ordinal)
            .Take(DefaultHeldOut)
            .Select(a => a.Group)
            .ToArray();
        if (candidates.Length < DefaultHeldOut || candidates.Length == dataset.GroupNames.Count)
            return (dataset.All, dataset.All.Where(_ => false));
        return ImageSplit.ByGroup(dataset.All, candidates);
    }

    /// <summary>"4840 images of 242 classes in 8 groups, 32 x 32 gray, ink inverted", or "... of 40 classes, ..." without groups.</summary>
    internal static string Describe(ImageDataset dataset)
    {
        var images = dataset.Preprocessing;
        return $"{dataset.Count} images of {dataset.ClassCount} classes" + (IsGrouped(dataset) ? $" in {dataset.GroupNames.Count} groups" : "") +
               $", {images.ImageSize} x {images.ImageSize} {(images.Channels == 3 ? "RGB" : "gray")}, ink {(images.InvertInk == true ? "inverted" : "as it is")}";
    }

    /// <summary>The names of the groups a view holds, or "none".</summary>
    internal static string Groups(ImageSubset view) =>
        view.Count == 0 ? "none" : string.Join(", ", view.Groups.Select(g => view.Dataset.GroupNames[g]));

    /// <summary>Whether the data has group folders; a folder of class folders is one group named "".</summary>
    internal static bool IsGrouped(ImageDataset dataset) => dataset.GroupNames is not [""];
}
