namespace ArcNet.Data;

/// <summary>
/// A lightweight view of some images of an <see cref="OmniglotDataset"/>: a sorted list of image indices
/// into it. Creating views copies no pixels; the dataset must outlive them.
/// </summary>
public sealed class OmniglotSubset
{
    private readonly int[] _indices;

    internal OmniglotSubset(OmniglotDataset dataset, int[] sortedIndices)
    {
        Dataset = dataset;
        _indices = sortedIndices;
    }

    /// <summary>The dataset the indices point into.</summary>
    public OmniglotDataset Dataset { get; }

    /// <summary>Image indices into <see cref="Dataset"/>, ascending, without repeats.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <summary>Number of images in the view.</summary>
    public int Count => _indices.Length;

    /// <summary>Alphabet indices (into <see cref="OmniglotDataset.AlphabetNames"/>) present in the view, ascending.</summary>
    public IReadOnlyList<int> Alphabets => _indices.Select(i => Dataset.AlphabetOf[i]).Distinct().Order().ToArray();

    /// <summary>Character indices present in the view, ascending.</summary>
    public IReadOnlyList<int> Characters => _indices.Select(i => Dataset.CharacterOf[i]).Distinct().Order().ToArray();

    /// <summary>The images of this view for which <paramref name="keep"/>, given a dataset image index, is true.</summary>
    public OmniglotSubset Where(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return new OmniglotSubset(Dataset, _indices.Where(keep).ToArray());
    }
}
