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
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 2);
        var dataset = source.Dataset;
        _alphabets = source.Indices
            .GroupBy(i => dataset.ClassOf[i])
            .Where(character => character.Select(i => dataset.InstanceOf[i]).Distinct().Count() >= 2)
            .GroupBy(character => dataset.GroupOf[character.First()])
            .Where(alphabet => alphabet.Count() >= groupSize)
            .OrderBy(alphabet => alphabet.Key)
            .Select(alphabet => alphabet.OrderBy(c => c.Key).Select(c => c.ToArray()).ToArray())
            .ToArray();
        if (_alphabets.Length == 0)
            throw new ArgumentException($"No alphabet in the data has {groupSize} characters drawn by two drawers or more; use a smaller group or more data.", nameof(source));
        if (_alphabets.Sum(a => a.Length / groupSize) < groups)
            throw new ArgumentException($"The data's alphabets cannot fill {groups} groups of {groupSize} distinct characters; use fewer or smaller groups.", nameof(source));
        _groups = groups;
        GroupSize = groupSize;
        _random = new Random(seed);
        _drawerOf = dataset.InstanceOf;
    }

    /// <summary>Characters per episode.</summary>
    internal int Count => _groups * GroupSize;

    /// <summary>Characters per group.</summary>
    internal int GroupSize { get; }

    /// <summary>
    /// One episode, group-major: <c>Support[k]</c> and <c>Queries[k]</c> are two drawings of the episode's k-th
    /// character, and characters <c>g * GroupSize</c> to <c>(g + 1) * GroupSize - 1</c> share an alphabet.
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
                int a = _random.Next(drawings.Length), b;
                do b = _random.Next(drawings.Length); while (_drawerOf[drawings[b]] == _drawerOf[drawings[a]]);
                support[g * GroupSize + k] = drawings[a];
                queries[g * GroupSize + k] = drawings[b];
            }
        }
        return (support, queries);
    }
}
