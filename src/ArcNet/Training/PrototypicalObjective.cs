using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The prototypical network's objective on grouped episodes: the prototypical loss on the embedding, plus the calibrated
/// similarity of each query to the supports of its group ranked and verified, which trains only the calibration (the
/// distances are detached), so that similarities are probabilities.
/// </summary>
internal sealed class PrototypicalObjective(PrototypicalNetwork network, ObjectiveSetup setup) : ITrainingObjective
{
    private readonly GroupedEpisodes _episodes = setup.Episodes();

    public int PairsPerStep => _episodes.Count * _episodes.GroupSize;

    public int ImagesPerStep => 2 * _episodes.Count;

    public (Tensor Loss, double Accuracy) Next()
    {
        var (support, queries) = _episodes.Next(network);
        int count = _episodes.Count, group = _episodes.GroupSize;
        var character = arange(count, dtype: int64, device: setup.Device);
        var terms = new List<Tensor> { EpisodeLosses.Prototypical(PrototypicalNetwork.Embedding(support), PrototypicalNetwork.Embedding(queries), character) };

        var (supportOfPair, queryOfPair) = _episodes.GroupPairs();
        var calibrated = network.Calibrated(PrototypicalNetwork.Distance(support.Select(supportOfPair), queries.Select(queryOfPair)).detach().view(count, group));

        var (inGroup, same) = EpisodeLosses.Targets(character, group);
        terms.AddRange(EpisodeLosses.RankAndVerify(calibrated, inGroup, same));
        return (stack(terms).sum(), EpisodeLosses.Accuracy(calibrated, same));
    }
}
