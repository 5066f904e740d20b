using ArcNet.Data;
using ArcNet.Omniglot.Data;

namespace ArcNet.Omniglot;

/// <summary>Loads the data a command names, or an embedded background set, and splits off the groups held out for one-shot evaluation.</summary>
internal static class DataChoice
{
    internal static ImageDataset Load(string[]? sources, EmbeddedOmniglot.Set background, ImagePreprocessing preprocessing) =>
        sources is { Length: > 0 } ? ImageDataset.Load(sources, preprocessing) : EmbeddedOmniglot.Load(background, preprocessing);

    /// <summary>Splits off the named groups, or none when <paramref name="heldOut"/> is empty, so a folder without groups trains whole.</summary>
    internal static (ImageSubset Train, ImageSubset HeldOut) Split(ImageDataset dataset, IReadOnlyCollection<string> heldOut) =>
        heldOut.Count == 0 ? (dataset.All, dataset.All.Where(_ => false)) : ImageSplit.ByGroup(dataset.All, heldOut);

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
