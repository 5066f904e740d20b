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

    /// <summary>The images of this view for which <paramref name="keep"/>, given a dataset image index, is true.</summary>
    public ImageSubset Where(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return new ImageSubset(Dataset, _indices.Where(keep).ToArray());
    }
}
