using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// ConvARC-lite's objective on grouped episodes, every image encoded once: the prototypical loss on the trunk's embedding,
/// the controller's own logits ranked within the group and verified pair by pair, and the whole similarity (the mix of
/// the controller's and the embedding's evidence) ranked and verified likewise. Only the mix's calibration learns from
/// the last: the experts' inputs to the mix are detached, or the controller would leave to the embedding what the
/// embedding already fits on the training characters, and learn nothing.
/// </summary>
internal sealed class ConvArcLiteObjective(ConvArcLite network, ObjectiveSetup setup) : ITrainingObjective
{
    private readonly GroupedEpisodes _episodes = setup.Episodes();

    public int PairsPerStep => _episodes.Count * _episodes.GroupSize;

    public int ImagesPerStep => 2 * _episodes.Count;

    public (Tensor Loss, double Accuracy) Next()
    {
        var (support, queries) = _episodes.Next(network);
        int count = _episodes.Count, group = _episodes.GroupSize;
        var character = arange(count, dtype: int64, device: setup.Device);
        var terms = new List<Tensor> { EpisodeLosses.Prototypical(ConvArcLite.Embedding(support), ConvArcLite.Embedding(queries), character) };

        var (supportOfPair, queryOfPair) = _episodes.GroupPairs();
        var pairSupport = support.Select(supportOfPair);
        var pairQuery = queries.Select(queryOfPair);
        var controller = network.ControllerLogits(pairSupport, pairQuery).view(count, group);                  // (N, G)
        var combined = network.Mix(controller.detach(), ConvArcLite.Distance(pairSupport, pairQuery).detach().view(count, group));

        var (inGroup, same) = EpisodeLosses.Targets(character, group);
        terms.AddRange(EpisodeLosses.RankAndVerify(controller, inGroup, same));
        terms.AddRange(EpisodeLosses.RankAndVerify(combined, inGroup, same));
        return (stack(terms).sum(), EpisodeLosses.Accuracy(combined, same));
    }
}
