namespace ArcNet.Data;

/// <summary>
/// Draws N-way one-shot episodes inside one group (Omniglot's alphabet; a collection without groups is one group):
/// N classes of one group, one support image of each, and another image of each as its query. Seeded: the same seed
/// draws the same episodes.
/// </summary>
internal sealed class EpisodeSampler
{
    private readonly int[][][] _alphabets;   // group -> class -> image indices (classes with >= 2 images)
    private readonly int _ways;
    private readonly Random _random;

    internal EpisodeSampler(ImageSubset source, int ways, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(ways, 2);
        Dataset = source.Dataset;
        _alphabets = source.ClassesByGroup(images => images.Length >= 2).Where(alphabet => alphabet.Length >= ways).ToArray();
        if (_alphabets.Length == 0)
            throw new ArgumentException($"No group in the data has {ways} classes with at least two images each (episodes stay inside one group; without groups, all classes are one); lower the number of ways or use groups with more classes.", nameof(source));
        _ways = ways;
        _random = new Random(seed);
    }

    /// <summary>The collection the episodes' image indices point into.</summary>
    internal ImageDataset Dataset { get; }

    /// <summary>One episode: <c>Support[c]</c> and <c>Queries[c]</c> are two images of the episode's c-th class.</summary>
    internal (int[] Support, int[] Queries) Next()
    {
        var alphabet = _alphabets[_random.Next(_alphabets.Length)];
        var characters = Enumerable.Range(0, alphabet.Length).ToArray();
        _random.Shuffle(characters);
        var support = new int[_ways];
        var queries = new int[_ways];
        for (int c = 0; c < _ways; c++)
        {
            var drawings = alphabet[characters[c]];
            int a = _random.Next(drawings.Length);
            int b = (a + 1 + _random.Next(drawings.Length - 1)) % drawings.Length;   // any other drawing
            support[c] = drawings[a];
            queries[c] = drawings[b];
        }
        return (support, queries);
    }

    /// <summary>A uniformly random index below <paramref name="count"/> from the sampler's stream.</summary>
    internal int NextIndex(int count) => _random.Next(count);
}
