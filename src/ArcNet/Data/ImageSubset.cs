namespace ArcNet.Data;

/// <summary>
/// A lightweight view of some images of an <see cref="ImageDataset"/>: a sorted list of image indices
/// into it. Creating views copies no pixels; the dataset must outlive them.
/// </summary>
public sealed class ImageSubset
{
    private readonly int[] _indices;

    internal ImageSubset(ImageDataset dataset, int[] sortedIndices)
    {
        Dataset = dataset;
        _indices = sortedIndices;
    }

    /// <summary>The dataset the indices point into.</summary>
    public ImageDataset Dataset { get; }

    /// <summary>Image indices into <see cref="Dataset"/>, ascending, without repeats.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <summary>Number of images in the view.</summary>
    public int Count => _indices.Length;

    /// <summary>Group indices (into <see cref="ImageDataset.GroupNames"/>) present in the view, ascending.</summary>
    public IReadOnlyList<int> Groups => _indices.Select(i => Dataset.GroupOf[i]).Distinct().Order().ToArray();

    /// <summary>Class indices (into <see cref="ImageDataset.ClassNames"/>) present in the view, ascending.</summary>
    public IReadOnlyList<int> Classes => _indices.Select(i => Dataset.ClassOf[i]).Distinct().Order().ToArray();

    /// <summary>
    /// The view's images class by class within each group, groups and classes in index order: [group][class] -> image
    /// indices, in the view's order. Only the classes <paramref name="keep"/> accepts count; a group left without one is left out.
    /// </summary>
    internal int[][][] ClassesByGroup(Func<int[], bool> keep) => _indices
        .GroupBy(i => Dataset.ClassOf[i])
        .Select(images => images.ToArray())
        .Where(keep)
        .GroupBy(images => Dataset.GroupOf[images[0]])
        .OrderBy(group => group.Key)
        .Select(group => group.OrderBy(images => Dataset.ClassOf[images[0]]).ToArray())
        .ToArray();

    /// <summary>The images of this view for which <paramref name="keep"/>, given a dataset image index, is true.</summary>
    public ImageSubset Where(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return new ImageSubset(Dataset, _indices.Where(keep).ToArray());
    }
}
