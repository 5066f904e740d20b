namespace ArcNet.Data;

/// <summary>
/// Draws training episodes for ConvARC-lite: <c>groups</c> groups of <c>groupSize</c> characters, each group from
/// one alphabet and no character twice in an episode, with one support and one query drawing of each by two
/// different drawers. Groups are the hard part of an episode: the controller learns to tell apart characters of one
/// alphabet, as within-alphabet one-shot tasks ask, while the embedding learns from the whole episode.
/// </summary>
/// <remarks>Seeded: the same view, sizes and seed draw the same episodes. Not thread-safe.</remarks>
internal sealed class GroupedEpisodeSampler
{
    private readonly int[][][] _alphabets;   // alphabet -> character -> image indices (characters with >= 2 drawers)
    private readonly IReadOnlyList<int> _drawerOf;
    private readonly int _groups;
    private readonly Random _random;

    internal GroupedEpisodeSampler(ImageSubset source, int groups, int groupSize, int seed)
        : this(Drawable(source), source.Dataset.InstanceOf, groups, groupSize, seed)
    {
    }

    // Takes Drawable's alphabets so that Fitted, which sizes the episodes by them, groups the images once.
    private GroupedEpisodeSampler(int[][][] drawable, IReadOnlyList<int> drawerOf, int groups, int groupSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 2);
        _alphabets = drawable.Where(alphabet => alphabet.Length >= groupSize).ToArray();
        if (_alphabets.Length == 0)
            throw new ArgumentException($"No alphabet in the data has {groupSize} characters drawn by two drawers or more; use a smaller group or more data.", "source");
        if (_alphabets.Sum(a => a.Length / groupSize) < groups)
            throw new ArgumentException($"The data's alphabets cannot fill {groups} groups of {groupSize} distinct characters; use fewer or smaller groups.", "source");
        _groups = groups;
        GroupSize = groupSize;
        _random = new Random(seed);
        _drawerOf = drawerOf;
    }

    /// <summary>The characters of each alphabet that two or more drawers drew: a support and a query by different hands.</summary>
    private static int[][][] Drawable(ImageSubset source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.ClassesByGroup(images => images.Select(i => source.Dataset.InstanceOf[i]).Distinct().Count() >= 2);
    }

    /// <summary>
    /// A sampler with at most <paramref name="groups"/> groups of at most <paramref name="groupSize"/> characters, shrunk to
    /// what <paramref name="source"/> can fill: a group no larger than the largest alphabet, no more groups than the
    /// alphabets hold. A user's folder of a handful of classes then trains with the same recipe as Omniglot.
    /// </summary>
    /// <exception cref="ArgumentException">No alphabet has two characters with two drawings by different drawers.</exception>
    internal static GroupedEpisodeSampler Fitted(ImageSubset source, int groups, int groupSize, int seed)
    {
        var drawable = Drawable(source);
        int size = Math.Min(groupSize, drawable.Select(alphabet => alphabet.Length).DefaultIfEmpty(0).Max());
        if (size < 2)
            throw new ArgumentException("No group (alphabet) of the data has two classes with two images each; episodes need classes to tell apart. Add classes or images.", nameof(source));
        int capacity = drawable.Sum(alphabet => alphabet.Length / size);
        return new GroupedEpisodeSampler(drawable, source.Dataset.InstanceOf, Math.Min(groups, capacity), size, seed);
    }

    /// <summary>Characters per episode.</summary>
    internal int Count => _groups * GroupSize;

    /// <summary>Characters per group.</summary>
    internal int GroupSize { get; }

    /// <summary>
    /// One episode, group-major: <c>Support[k]</c> and <c>Queries[k]</c> are two drawings of the episode's k-th character
    /// by different drawers; characters <c>g * GroupSize</c> to <c>(g + 1) * GroupSize - 1</c> share an alphabet.
    /// </summary>
    internal (int[] Support, int[] Queries) Next()
    {
        int count = Count;
        var support = new int[count];
        var queries = new int[count];
        var remaining = _alphabets.Select(a => Enumerable.Range(0, a.Length).ToList()).ToArray();
        for (int g = 0; g < _groups; g++)
        {
            var open = Enumerable.Range(0, _alphabets.Length).Where(a => remaining[a].Count >= GroupSize).ToArray();
            int alphabet = open[_random.Next(open.Length)];
            for (int k = 0; k < GroupSize; k++)
            {
                var left = remaining[alphabet];
                int pick = _random.Next(left.Count);
                var drawings = _alphabets[alphabet][left[pick]];
                left.RemoveAt(pick);
                var chosen = DistinctDrawers(drawings, 2);
                int character = g * GroupSize + k;
                support[character] = chosen[0];
                queries[character] = chosen[1];
            }
        }
        return (support, queries);
    }

    /// <summary><paramref name="count"/> drawings of one character by different drawers, in random order.</summary>
    private int[] DistinctDrawers(int[] drawings, int count)
    {
        var chosen = new List<int>(count);
        while (chosen.Count < count)
        {
            int candidate = drawings[_random.Next(drawings.Length)];
            if (chosen.All(c => _drawerOf[c] != _drawerOf[candidate]))
                chosen.Add(candidate);
        }
        return [.. chosen];
    }
}
