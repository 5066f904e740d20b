using ArcNet.Data;
using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The episodes ConvARC-lite and the prototypical network train on: groups of characters from one alphabet, a support
/// and a query drawing of each, augmented so that a character's two drawings share their flips (a flipped character is
/// a new character), and encoded once by the model. Also the pairs every query is compared with: each support of its
/// group.
/// </summary>
internal sealed class GroupedEpisodes(GroupedEpisodeSampler sampler, PairAugmentation augmentation, ObjectiveSetup setup)
{
    /// <summary>Characters per episode, N.</summary>
    internal int Count => sampler.Count;

    /// <summary>Characters per group, G: the candidates each query is ranked among.</summary>
    internal int GroupSize => sampler.GroupSize;

    /// <summary>The next episode encoded by <paramref name="network"/>: supports (N, ...) and queries (N, ...), character k's at row k.</summary>
    internal (Encoding Support, Encoding Queries) Next(ComparatorNetwork network)
    {
        var (support, queries) = sampler.Next();
        var images = setup.Train.Dataset.Images([.. support, .. queries], setup.Device, setup.MeanPixel);   // (2N, C, A, A)
        if (augmentation.Strength > 0)
            images = augmentation.ApplyGrouped(images, [.. Enumerable.Range(0, support.Length), .. Enumerable.Range(0, queries.Length)]);
        var all = network.Encode(images);
        return (all.Slice(0, support.Length), all.Slice(support.Length, support.Length + queries.Length));
    }

    /// <summary>
    /// Query i against every support of its group, as index tensors into the supports and the queries: pair (i, j) sits
    /// at i * G + j, so (N * G) results reshape to (N, G) with the right support of query i at column i mod G.
    /// </summary>
    internal (Tensor SupportOfPair, Tensor QueryOfPair) GroupPairs()
    {
        var pair = arange(Count * GroupSize, dtype: int64, device: setup.Device);
        var queryOfPair = pair.div(GroupSize, rounding_mode: RoundingMode.floor);
        return (queryOfPair.div(GroupSize, rounding_mode: RoundingMode.floor) * GroupSize + pair.remainder(GroupSize), queryOfPair);
    }
}
