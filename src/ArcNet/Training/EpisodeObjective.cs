using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The objective of the models that train on grouped episodes (ConvARC-lite, the prototypical network), every image
/// encoded once: the prototypical loss on the trunk's embedding over the whole episode, then the model's logits of each
/// query against every support of its group, ranked and verified (<see cref="EpisodeLosses.RankAndVerify"/>). Each
/// model says which logits it ranks; the last of them is the similarity, whose same/different accuracy is reported.
/// </summary>
internal abstract class EpisodeObjective(ObjectiveSetup setup) : ITrainingObjective
{
    private readonly GroupedEpisodes _episodes = setup.Episodes();

    public int PairsPerStep => _episodes.Count * _episodes.GroupSize;

    public int ImagesPerStep => 2 * _episodes.Count;

    public (Tensor Loss, double Accuracy) Next()
    {
        var (support, queries) = _episodes.Next(Network);
        int count = _episodes.Count, group = _episodes.GroupSize;
        var character = arange(count, dtype: int64, device: setup.Device);
        var terms = new List<Tensor> { EpisodeLosses.Prototypical(Embedding(support), Embedding(queries), character) };

        var (supportOfPair, queryOfPair) = _episodes.GroupPairs();
        var ranked = Ranked(support.Select(supportOfPair), queries.Select(queryOfPair), count, group);       // each (N, G)
        var (inGroup, same) = EpisodeLosses.Targets(character, group);
        foreach (var logits in ranked)
            terms.AddRange(EpisodeLosses.RankAndVerify(logits, inGroup, same));
        return (stack(terms).sum(), EpisodeLosses.Accuracy(ranked[^1], same));
    }

    /// <summary>The network the episodes are encoded by.</summary>
    private protected abstract ComparatorNetwork Network { get; }

    /// <summary>The embedding of each image of an encoding (B, D).</summary>
    private protected abstract Tensor Embedding(Encoding encoding);

    /// <summary>The logits to rank and verify, each (N, G), of the pairs (query i, each support of its group); the similarity last.</summary>
    private protected abstract Tensor[] Ranked(Encoding pairSupport, Encoding pairQuery, int count, int group);
}
