using static TorchSharp.torch;

namespace ArcNet.Data;

/// <summary>Image indices of one batch of pairs, before any pixels are gathered.</summary>
/// <param name="First">Dataset image index of each pair's first image.</param>
/// <param name="Second">Dataset image index of each pair's second image.</param>
/// <param name="Same">Whether each pair shows the same class.</param>
internal sealed record PairIndices(int[] First, int[] Second, bool[] Same);

/// <summary>
/// Draws verification batches for ARC training: half the pairs show one class by two different instances
/// (Omniglot's drawers), half show two different classes of the same group (hard negatives), in random order.
/// </summary>
/// <remarks>
/// Reproducible: the sampler owns its random generator, so the same view, seed and sequence of calls
/// give the same batches. Same-class pairs use classes with at least two instances in the view;
/// negatives use groups with at least two classes in the view. Not thread-safe: use one sampler per thread.
/// </remarks>
internal sealed class PairSampler
{
    private readonly ImageSubset _source;
    private readonly Random _random;
    private readonly int[][] _imagesOfCharacter;     // per eligible character: its images in the view
    private readonly int[] _positiveCharacters;      // positions in _imagesOfCharacter with >= 2 drawers
    private readonly int[] _negativeCharacters;      // positions whose alphabet has >= 2 characters
    private readonly int[][] _charactersOfAlphabetOf; // per position: the positions of its alphabet's characters
    private readonly double? _meanPixel;

    /// <summary>Prepares a sampler over <paramref name="source"/>.</summary>
    /// <param name="source">The images to draw from, e.g. the training part of a split.</param>
    /// <param name="seed">Seed of the sampler's own random generator.</param>
    /// <param name="meanPixel">Mean to subtract from images; the dataset's <see cref="ImageDataset.MeanPixel"/> when null.</param>
    /// <exception cref="ArgumentException">The view has no class with two instances, or no group with two classes.</exception>
    internal PairSampler(ImageSubset source, int seed, double? meanPixel = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (meanPixel is double mean)
            ImageDecoder.CheckMeanPixel(mean, nameof(meanPixel));
        _source = source;
        _random = new Random(seed);
        _meanPixel = meanPixel;
        var dataset = source.Dataset;

        var byCharacter = source.Indices.GroupBy(i => dataset.ClassOf[i]).OrderBy(g => g.Key).ToArray();
        _imagesOfCharacter = byCharacter.Select(g => g.ToArray()).ToArray();
        var alphabetOf = byCharacter.Select(g => dataset.GroupOf[g.First()]).ToArray();
        var positionsOfAlphabet = Enumerable.Range(0, alphabetOf.Length).GroupBy(p => alphabetOf[p])
            .ToDictionary(g => g.Key, g => g.ToArray());
        _charactersOfAlphabetOf = alphabetOf.Select(a => positionsOfAlphabet[a]).ToArray();

        _positiveCharacters = Enumerable.Range(0, _imagesOfCharacter.Length)
            .Where(p => _imagesOfCharacter[p].Select(i => dataset.InstanceOf[i]).Distinct().Count() >= 2).ToArray();
        _negativeCharacters = Enumerable.Range(0, _imagesOfCharacter.Length)
            .Where(p => _charactersOfAlphabetOf[p].Length >= 2).ToArray();
        if (_positiveCharacters.Length == 0)
            throw new ArgumentException("No class in the view has two images (of two different drawers, for Omniglot).", nameof(source));
        if (_negativeCharacters.Length == 0)
            throw new ArgumentException("No group in the view has two classes.", nameof(source));
    }

    /// <summary>Draws the image indices of a batch; <see cref="Sample"/> draws the same kind of batch with pixels.</summary>
    /// <param name="batchSize">Number of pairs, positive and even.</param>
    internal PairIndices SampleIndices(int batchSize)
    {
        if (batchSize < 2 || batchSize % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive and even (half same, half different).");
        var dataset = _source.Dataset;
        var first = new int[batchSize];
        var second = new int[batchSize];
        var same = new bool[batchSize];
        for (int b = 0; b < batchSize / 2; b++)
        {
            var images = _imagesOfCharacter[Pick(_positiveCharacters)];
            int i = Pick(images), j;
            do j = Pick(images); while (dataset.InstanceOf[j] == dataset.InstanceOf[i]);
            (first[b], second[b], same[b]) = (i, j, true);
        }
        for (int b = batchSize / 2; b < batchSize; b++)
        {
            int c = Pick(_negativeCharacters), d;
            var siblings = _charactersOfAlphabetOf[c];
            do d = Pick(siblings); while (d == c);
            (first[b], second[b], same[b]) = (Pick(_imagesOfCharacter[c]), Pick(_imagesOfCharacter[d]), false);
        }
        // Shuffled so that no position in the batch predicts the target.
        for (int b = batchSize - 1; b > 0; b--)
        {
            int k = _random.Next(b + 1);
            (first[b], first[k]) = (first[k], first[b]);
            (second[b], second[k]) = (second[k], second[b]);
            (same[b], same[k]) = (same[k], same[b]);
        }
        return new PairIndices(first, second, same);
    }

    /// <summary>
    /// Draws a batch: first and second images float (B, C, A, A), centred like <see cref="ImageDataset.Images"/>,
    /// and the target float (B), 1 for the same class and 0 for different ones.
    /// </summary>
    /// <param name="batchSize">Number of pairs B, positive and even.</param>
    /// <param name="device">Device of the tensors; CPU when null.</param>
    internal (Tensor First, Tensor Second, Tensor Target) Sample(int batchSize, Device? device = null)
    {
        var pairs = SampleIndices(batchSize);
        using var scope = NewDisposeScope();
        var dataset = _source.Dataset;
        var first = dataset.Images(pairs.First, device, _meanPixel);
        var second = dataset.Images(pairs.Second, device, _meanPixel);
        var target = tensor(pairs.Same.Select(s => s ? 1f : 0f).ToArray(), device: device); // (B)
        return (first.MoveToOuterDisposeScope(), second.MoveToOuterDisposeScope(), target.MoveToOuterDisposeScope());
    }

    private int Pick(int[] items) => items[_random.Next(items.Length)];
}
